import { formValues } from '../../ui/inboxForm/formValues';
import type { CommandContext } from '../CommandContext';
import { openInboxFormFor } from './addInbox';
import { inboxArgument } from './inboxArgument';

/** `/email-inbox edit <name>`: the form pre-filled; empty passwords mean "unchanged". */
export async function editInbox(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'usage_edit');
    if (found) await openInboxFormFor(context, { values: formValues(found.inbox), inboxId: found.inbox.id, inboxName: found.inbox.name });
}
