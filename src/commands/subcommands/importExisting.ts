import type { CommandContext } from '../CommandContext';
import { parseSinceDate } from '../../inbound/domain/parseSinceDate';
import { inboxArgument } from './inboxArgument';

/**
 * `/email-inbox import <name> since <YYYY-MM-DD>`: the next checks import the mail already in
 * the folder since that day (a new inbox otherwise starts with new mail only). Bounded like
 * any check; mail imported before is recognised by its Message-ID and not imported twice.
 */
export async function importExisting(context: CommandContext): Promise<void> {
    const args = context.args;
    const sinceIndex = args.length >= 3 && args[args.length - 2].toLowerCase() === 'since' ? args.length - 2 : -1;
    if (sinceIndex < 0) {
        await context.reply(context.t('usage_import'));
        return;
    }
    const found = await inboxArgument({ ...context, args: args.slice(0, sinceIndex) }, 'usage_import');
    if (!found) return;
    const { inbox } = found;
    const since = parseSinceDate(args[args.length - 1], new Date());
    if (!since.ok) {
        await context.reply(context.t(since.reason === 'future' ? 'import_date_future' : 'import_date_format', { value: args[args.length - 1] }));
        return;
    }
    await context.services.cursors.requestImport({
        inboxId: inbox.id,
        since: since.date.toISOString(),
        requestedAt: new Date().toISOString(),
    });
    const day = since.date.toISOString().slice(0, 10);
    await context.reply(
        context.t(inbox.active ? 'import_scheduled' : 'import_scheduled_inactive', { name: inbox.name, since: day, folder: inbox.imap.folder }),
    );
}
