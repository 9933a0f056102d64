import { removeInboxModal } from '../../ui/removeInbox/removeInboxModal';
import type { CommandContext } from '../CommandContext';
import { inboxArgument } from './inboxArgument';

/** `/email-inbox remove <name>`: asks first, in a dialog; the removal itself is ui/removeInbox/submitRemoveInbox. */
export async function removeInbox(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'usage_remove');
    if (!found) return;
    if (!context.triggerId) {
        await context.reply(context.t('command_needs_client'));
        return;
    }
    const view = removeInboxModal(context.appId, context.room.id, context.t, found.inbox);
    await context.modify.getUiController().openSurfaceView(view, { triggerId: context.triggerId }, context.sender);
}
