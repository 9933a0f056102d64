import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { inspectCertificate } from '../connection/inspectCertificate';
import type { CertificateSummary } from '../connection/inspectCertificate';
import type { MailServer } from '../connection/domain/MailServer';
import { probeImap } from '../connection/probeImap';
import type { ImapProbeResult } from '../connection/probeImap';
import { probeSmtp } from '../connection/probeSmtp';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import type { Inbox } from './domain/Inbox';
import { ErrorCode } from '../errors/ErrorCode';
import { inboxSecrets } from './domain/Inbox';

export type ProbeOutcome<T> = { ok: true; result: T } | { ok: false; error: ConnectionError; certificate?: CertificateSummary };

export interface ConnectionTestResult {
    imap: ProbeOutcome<ImapProbeResult>;
    smtp: ProbeOutcome<{ verified: true }>;
}

async function outcome<T>(work: Promise<T>, secrets: string[], deadline: Deadline): Promise<ProbeOutcome<T>> {
    try {
        const late = () => new ConnectionError(ErrorCode.Timeout, `no answer within ${BUDGET.work / 1000} s`);
        return { ok: true, result: await deadline.race(work, late) };
    } catch (error) {
        return { ok: false, error: classifyConnectionError(error, secrets) };
    }
}

/**
 * Logs in to both servers of an inbox at once (each bounded by the connection timeouts,
 * so the whole test stays well inside the engine's 30 s): IMAP opens the folder and counts
 * the messages, SMTP authenticates. Never throws.
 */
export async function testInboxConnection(inbox: Inbox, within: Deadline = Deadline.after(BUDGET.work)): Promise<ConnectionTestResult> {
    const secrets = inboxSecrets(inbox);
    const domain = inbox.email.split('@')[1] ?? inbox.smtp.host;
    // The whole test answers in time, whatever the servers do.
    const deadline = within.atMost(BUDGET.work);
    const [imap, smtp] = await Promise.all([
        outcome(probeImap(inbox.imap, inbox.imap.folder), secrets, deadline).then((result) => withCertificate(result, inbox.imap)),
        outcome(probeSmtp(inbox.smtp, domain), secrets, deadline).then((result) => withCertificate(result, inbox.smtp)),
    ]);
    return { imap, smtp };
}

/** Whether either server refused the login (the inbox's password or access token). */
export function loginRefused(result: ConnectionTestResult): boolean {
    return [result.imap, result.smtp].some((probe) => !probe.ok && probe.error.code === ErrorCode.AuthenticationFailed);
}

/** An untrusted certificate is explained by who it names and who issued it. */
async function withCertificate<T>(result: ProbeOutcome<T>, server: MailServer): Promise<ProbeOutcome<T>> {
    if (result.ok || result.error.code !== ErrorCode.CertificateUntrusted) return result;
    return { ...result, certificate: await inspectCertificate(server) };
}
