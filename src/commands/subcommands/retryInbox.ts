import { BUDGET } from '../../runtime/budgets';
import { Deadline } from '../../runtime/Deadline';
import type { CommandContext } from '../CommandContext';
import { inboxArgument } from './inboxArgument';

/**
 * `/email-inbox retry <name>`: sends the inbox's failed and waiting replies now (after the
 * admin fixed what made them fail) and gives them a fresh retry window; asks the next check to
 * try the inbox's set-aside mail again (that needs the mailbox); says how it went.
 */
export async function retryInbox(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'retry_usage');
    if (!found) return;
    const { inbox } = found;
    const setAsideStore = context.services.setAside;
    const setAside = await setAsideStore.ofInbox(inbox.id);
    for (const mail of setAside) await setAsideStore.save({ ...mail, retryRequested: true });
    const delivery = context.services.delivery(Deadline.after(BUDGET.work));
    const due = await delivery.makeDueAgain(inbox.id);
    if (setAside.length > 0) await context.reply(context.t('retry_set_aside', { name: inbox.name, count: setAside.length }));
    if (due.length === 0) {
        if (setAside.length === 0) await context.reply(context.t('retry_nothing', { name: inbox.name }));
        return;
    }
    const report = await delivery.deliver(due);
    const left = (await delivery.list()).filter((email) => email.inboxId === inbox.id);
    await context.reply(
        context.t('retry_result', {
            name: inbox.name,
            sent: report.sent,
            waiting: left.filter((email) => email.state === 'waiting').length,
            failed: left.filter((email) => email.state === 'failed').length,
        }),
    );
}
