import { EMAIL } from '../../configuration/domain/validateInbox';
import type { Inbox } from '../../configuration/domain/Inbox';
import { ConnectionError } from '../../connection/domain/ConnectionError';
import { errorHintKey } from '../../errors/errorHintKey';
import { describeServer } from '../../connection/domain/MailServer';
import { probeSmtp } from '../../connection/probeSmtp';
import { classifyConnectionError } from '../../connection/domain/classifyConnectionError';
import { BUDGET } from '../../runtime/budgets';
import { Deadline } from '../../runtime/Deadline';
import type { CommandContext } from '../CommandContext';
import { formatConnectionTest } from '../../configuration/formatConnectionTest';
import { inboxArgument } from './inboxArgument';
import { ErrorCode } from '../../errors/ErrorCode';
import { inboxSecrets } from '../../configuration/domain/Inbox';
import { formatSignInFailure } from '../../signin/formatSignInFailure';
import { testLoggedIn } from '../../signin/testLoggedIn';

/**
 * `/email-inbox test <name>`: logs in to both servers and says what to fix.
 * `/email-inbox test <name> send <address>`: also sends a real email from the inbox to that address,
 * the only way to see that the provider accepts mail from this account and that it arrives.
 */
export async function testInbox(context: CommandContext): Promise<void> {
    const args = context.args;
    const sendIndex = args.length >= 3 && args[args.length - 2].toLowerCase() === 'send' ? args.length - 2 : -1;
    const recipient = sendIndex >= 0 ? args[args.length - 1] : undefined;
    const found = await inboxArgument(sendIndex >= 0 ? { ...context, args: args.slice(0, sendIndex) } : context, 'usage_test');
    if (!found) return;
    if (recipient !== undefined && !EMAIL.test(recipient)) {
        await context.reply(context.t('test_send_bad_address', { address: recipient }));
        return;
    }
    const deadline = Deadline.after(BUDGET.work);
    let tested: Awaited<ReturnType<typeof testLoggedIn>>;
    try {
        // An OAuth2 inbox logs in with its access token (refreshed if needed, and once more if a server refuses it).
        tested = await testLoggedIn(context.services, found.inbox, deadline);
    } catch (error) {
        await context.reply(formatSignInFailure(context.t, found.inbox, error));
        return;
    }
    const inbox = tested.inbox;
    const lines = [formatConnectionTest(context.t, inbox, tested.test)];
    if (recipient) lines.push(await sendTestEmail(context, inbox, recipient));
    await context.reply(lines.join('\n'));
}

async function sendTestEmail(context: CommandContext, inbox: Inbox, recipient: string): Promise<string> {
    const t = context.t;
    try {
        // A test send answers in time, whatever the server does.
        const sending = probeSmtp(inbox.smtp, inbox.email.split('@')[1] || inbox.smtp.host, {
            from: `${inbox.senderInfo || inbox.name} <${inbox.email}>`,
            to: recipient,
            subject: t('test_send_subject', { name: inbox.name }),
            text: t('test_send_body', { name: inbox.name, email: inbox.email, user: context.sender.username }),
        });
        const result = await Deadline.after(BUDGET.work).race(
            sending,
            () => new ConnectionError(ErrorCode.Timeout, `no answer within ${BUDGET.work / 1000} s`),
        );
        return t('test_send_ok', { to: recipient, server: describeServer(inbox.smtp), response: result.sent?.response ?? '' });
    } catch (error) {
        const failure = classifyConnectionError(error, inboxSecrets(inbox));
        return t('test_send_failed', {
            to: recipient,
            code: failure.code,
            detail: failure.detail,
            hint: t(errorHintKey(failure.code, 'smtp', inbox.oauth ? 'oauth' : 'password'), { folder: inbox.imap.folder, name: inbox.name }),
        });
    }
}
