import type { Inbox } from '../../configuration/domain/Inbox';
import type { InboxStore } from '../../configuration/InboxStore';
import type { MessageKey } from '../../i18n/translate';
import type { CommandContext } from '../CommandContext';

/** Resolves `<name>` for the subcommands that take one; answers with usage or "not found" and returns undefined otherwise. */
export async function inboxArgument(context: CommandContext, usage: MessageKey): Promise<{ inbox: Inbox; repository: InboxStore } | undefined> {
    const name = context.args.join(' ').trim();
    if (!name) {
        await context.reply(context.t(usage));
        return undefined;
    }
    const repository = context.services.inboxes;
    const inbox = await repository.findByName(name);
    if (!inbox) {
        const known = (await repository.list()).map((candidate) => candidate.name).join(', ');
        await context.reply(context.t('inbox_not_found', { name, known: known || context.t('inbox_none') }));
        return undefined;
    }
    return { inbox, repository };
}
