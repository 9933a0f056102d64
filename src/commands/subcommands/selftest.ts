import { classifyConnectionError } from '../../connection/domain/classifyConnectionError';
import { describeServer } from '../../connection/domain/MailServer';
import { parseServerUrl } from '../../configuration/domain/parseServerUrl';
import type { ServerUrl } from '../../configuration/domain/parseServerUrl';
import { probeImap } from '../../inbound/probeImap';
import { probeSmtp } from '../../outbound/probeSmtp';
import type { CommandContext } from '../CommandContext';

/**
 * Hidden diagnostic: `/email-inbox selftest <server-url> [recipient]`. Proves that the
 * mail libraries work inside this server's app runtime (TLS, STARTTLS, plain; IMAP FETCH
 * and MIME parsing; SMTP sending) without storing an inbox. Output never holds the password.
 */
export async function selftest(context: CommandContext): Promise<void> {
    const [url, recipient] = context.args;
    if (!url) {
        await context.reply(context.t('selftest_usage'));
        return;
    }
    let target: ServerUrl;
    try {
        target = parseServerUrl(url);
    } catch (error) {
        await context.reply(context.t('selftest_bad_url', { reason: (error as Error).message }));
        return;
    }
    const where = describeServer(target.server);
    try {
        await context.reply(await runProbe(context, target, recipient));
    } catch (error) {
        const failure = classifyConnectionError(error, [target.server.password]);
        await context.reply(
            context.t('selftest_failed', { protocol: target.protocol.toUpperCase(), server: where, code: failure.code, detail: failure.detail }),
        );
    }
}

async function runProbe(context: CommandContext, target: ServerUrl, recipient: string | undefined): Promise<string> {
    const where = describeServer(target.server);
    if (target.protocol === 'imap') {
        const result = await probeImap(target.server, target.folder);
        const newest = result.newest
            ? context.t('selftest_imap_newest', {
                  uid: result.newest.uid,
                  subject: result.newest.subject,
                  from: result.newest.from,
                  textLength: result.newest.textLength,
                  attachments: result.newest.attachmentCount,
              })
            : '';
        return context.t('selftest_imap_ok', {
            server: where,
            folder: result.folder,
            count: result.messageCount,
            folders: result.folders.join(', '),
            uidValidity: result.uidValidity,
            uidNext: result.uidNext,
            newest,
        });
    }
    const from = target.server.username.includes('@') ? target.server.username : `selftest@${target.server.host}`;
    const ehloName = from.split('@')[1] ?? target.server.host;
    const message = recipient
        ? { from, to: recipient, subject: 'Email Inboxes self-test', text: 'This message was sent by the Email Inboxes app self-test.\n' }
        : undefined;
    const result = await probeSmtp(target.server, ehloName, message);
    if (!result.sent) return context.t('selftest_smtp_ok', { server: where });
    return context.t('selftest_smtp_sent', {
        server: where,
        to: result.sent.accepted.join(', '),
        messageId: result.sent.messageId,
        response: result.sent.response,
    });
}
