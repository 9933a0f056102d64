import { classifyConnectionError } from '../../connection/domain/classifyConnectionError';
import { serverSecrets, describeServer } from '../../connection/domain/MailServer';
import type { ServerUrl } from '../../configuration/domain/parseServerUrl';
import type { Translator } from '../../i18n/translate';
import { probeImap } from '../../connection/probeImap';
import { probeSmtp } from '../../connection/probeSmtp';

/**
 * Logs in to one server as the app will (inside this server's app runtime) and describes
 * the outcome in words: for IMAP the folders, the message count and the newest message
 * parsed; for SMTP the login and, with a recipient, a test email. Never throws; the text
 * never holds the password.
 */
export async function runSelftest(target: ServerUrl, recipient: string | undefined, t: Translator): Promise<string> {
    const where = describeServer(target.server);
    try {
        return target.protocol === 'imap' ? await imapReport(target, t) : await smtpReport(target, recipient, t);
    } catch (error) {
        const failure = classifyConnectionError(error, serverSecrets(target.server));
        return t('selftest_failed', { protocol: target.protocol.toUpperCase(), server: where, code: failure.code, detail: failure.detail });
    }
}

async function imapReport(target: ServerUrl, t: Translator): Promise<string> {
    const result = await probeImap(target.server, target.folder);
    const newest = result.newest
        ? t('selftest_imap_newest', {
              uid: result.newest.uid,
              subject: result.newest.subject,
              from: result.newest.from,
              textLength: result.newest.textLength,
              attachments: result.newest.attachmentCount,
          })
        : '';
    return t('selftest_imap_ok', {
        server: describeServer(target.server),
        folder: result.folder,
        count: result.messageCount,
        folders: result.folders.join(', '),
        uidValidity: result.uidValidity,
        uidNext: result.uidNext,
        newest,
    });
}

async function smtpReport(target: ServerUrl, recipient: string | undefined, t: Translator): Promise<string> {
    const where = describeServer(target.server);
    const from = target.server.username.includes('@') ? target.server.username : `selftest@${target.server.host}`;
    const ehloName = from.split('@')[1] ?? target.server.host;
    const message = recipient ? { from, to: recipient, subject: t('selftest_mail_subject'), text: t('selftest_mail_text') } : undefined;
    const result = await probeSmtp(target.server, ehloName, message);
    if (!result.sent) return t('selftest_smtp_ok', { server: where });
    return t('selftest_smtp_sent', { server: where, to: result.sent.accepted.join(', '), messageId: result.sent.messageId, response: result.sent.response });
}
