import type { CommandContext } from '../CommandContext';

/** `/email-inbox list`: one line per inbox (never a secret). */
export async function listInboxes(context: CommandContext): Promise<void> {
    const inboxes = await context.services.inboxes.list();
    if (inboxes.length === 0) {
        await context.reply(context.t('list_empty'));
        return;
    }
    const lines = await Promise.all(
        inboxes.map(async (inbox) => {
            const department = inbox.departmentId ? await context.read.getLivechatReader().getLivechatDepartmentByIdOrName(inbox.departmentId) : undefined;
            return context.t('list_line', {
                name: inbox.name,
                email: inbox.email,
                department: department?.name ?? (inbox.departmentId ? inbox.departmentId : context.t('list_no_department')),
                state: context.t(inbox.active ? 'state_active' : 'state_inactive'),
            });
        }),
    );
    await context.reply([context.t('list_title', { count: inboxes.length }), ...lines].join('\n'));
}
