import type { ConnectionError } from '../connection/domain/ConnectionError';
import { errorHintKey } from '../errors/errorHintKey';
import type { CertificateSummary } from '../connection/inspectCertificate';
import { describeServer } from '../connection/domain/MailServer';
import type { Inbox } from './domain/Inbox';
import type { ConnectionTestResult } from './testInboxConnection';
import type { Translator } from '../i18n/translate';

function failure(
    t: Translator,
    protocol: 'IMAP' | 'SMTP',
    where: string,
    outcome: { error: ConnectionError; certificate?: CertificateSummary },
    folder: string,
    inbox: Inbox,
): string {
    const { error, certificate } = outcome;
    const line = t('test_failed_line', {
        protocol,
        server: where,
        hint: t(errorHintKey(error.code, protocol === 'SMTP' ? 'smtp' : 'imap', inbox.oauth ? 'oauth' : 'password'), { folder, name: inbox.name }),
        code: error.code,
        detail: error.detail,
    });
    return certificate ? `${line}\n${t('test_certificate', { ...certificate })}` : line;
}

/** The connection test as a person reads it: one line per server, and what to do when it failed. */
export function formatConnectionTest(t: Translator, inbox: Inbox, result: ConnectionTestResult): string {
    const imapWhere = describeServer(inbox.imap);
    const smtpWhere = describeServer(inbox.smtp);
    const imap = result.imap.ok
        ? t('test_imap_ok', { server: imapWhere, folder: result.imap.result.folder, count: result.imap.result.messageCount })
        : failure(t, 'IMAP', imapWhere, result.imap, inbox.imap.folder, inbox);
    const smtp = result.smtp.ok ? t('test_smtp_ok', { server: smtpWhere }) : failure(t, 'SMTP', smtpWhere, result.smtp, inbox.imap.folder, inbox);
    return `${t('test_title', { name: inbox.name })}\n${imap}\n${smtp}`;
}
