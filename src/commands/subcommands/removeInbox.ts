import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';

import { inboxFormContext } from '../../ui/inboxForm/inboxFormModal';
import { ViewName, viewId } from '../../ui/ViewIds';
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
    const { appId, t } = context;
    const view = {
        id: viewId(ViewName.RemoveInbox, inboxFormContext(context.room.id, found.inbox.id)),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('remove_title', { name: found.inbox.name }) },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t('remove_explanation', { name: found.inbox.name, email: found.inbox.email }) } }],
        submit: { type: 'button', appId, blockId: 'submit', actionId: 'submit', style: 'danger', text: { type: 'plain_text', text: t('remove_confirm') } },
        close: { type: 'button', appId, blockId: 'close', actionId: 'close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
    await context.modify.getUiController().openSurfaceView(view, { triggerId: context.triggerId }, context.sender);
}
