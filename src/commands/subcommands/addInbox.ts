import { emptyInboxInput } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';
import { inboxFormModal } from '../../ui/inboxForm/inboxFormModal';
import type { CommandContext } from '../CommandContext';

export async function openInboxForm(context: CommandContext, values: InboxInput, inboxId?: string): Promise<void> {
    if (!context.triggerId) {
        await context.reply(context.t('command_needs_client'));
        return;
    }
    const departments = (await context.read.getLivechatReader().getDepartmentsEnabledWithAgents()).map((department) => ({
        id: department.id,
        name: department.name ?? department.id,
    }));
    const view = inboxFormModal({ appId: context.appId, roomId: context.room.id, inboxId, values, departments, t: context.t });
    await context.modify.getUiController().openSurfaceView(view, { triggerId: context.triggerId }, context.sender);
}

/** `/email-inbox add`: opens the empty inbox form. */
export async function addInbox(context: CommandContext): Promise<void> {
    await openInboxForm(context, {
        ...emptyInboxInput(),
        active: 'true',
        'smtp.allowUntrusted': 'false',
        'imap.allowUntrusted': 'false',
        'imap.folder': 'INBOX',
    });
}
