import type { Inbox } from '../../configuration/domain/Inbox';
import { inboxStatusReport, statusText } from '../../status/inboxStatusReport';
import type { CommandContext } from '../CommandContext';

/** `/email-inbox status [<name>]`: what the jobs did, per inbox. */
export async function inboxStatus(context: CommandContext): Promise<void> {
    const repository = context.services.inboxes;
    const name = context.args.join(' ').trim();
    const inboxes = name ? [await repository.findByName(name)].filter((inbox): inbox is Inbox => inbox !== undefined) : await repository.list();
    if (inboxes.length === 0) {
        await context.reply(
            name
                ? context.t('inbox_not_found', { name, known: (await repository.list()).map((inbox) => inbox.name).join(', ') || context.t('inbox_none') })
                : context.t('list_empty'),
        );
        return;
    }
    const blocks = await Promise.all(inboxes.map(async (inbox) => statusText(await inboxStatusReport(context.services, context.t, inbox))));
    await context.reply(blocks.join('\n\n'));
}
