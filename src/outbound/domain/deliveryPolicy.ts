import { ErrorCode } from '../../errors/ErrorCode';

/** The first retry of an unsent email comes after this (a blip of the mail server is usually over by then); each next one waits twice as long... */
export const FIRST_RETRY_MS = 30_000;
/** ...up to this. */
export const MAX_RETRY_GAP_MS = 60 * 60_000;

export type FailureKind = 'temporary' | 'permanent';

export type RetryDecision = { retry: true; nextAttemptAt: Date } | { retry: false };

/**
 * When to try an email again after a temporary failure, or to give up: exponential backoff
 * from half a minute, capped at an hour, until `retryHours` after the email was written.
 * `attempts` counts the attempts made so far, the failed one included.
 */
export function decideRetry(options: { kind: FailureKind; attempts: number; createdAt: Date; now: Date; retryHours: number }): RetryDecision {
    if (options.kind === 'permanent') return { retry: false };
    const gap = Math.min(MAX_RETRY_GAP_MS, FIRST_RETRY_MS * 2 ** Math.max(0, options.attempts - 1));
    const next = new Date(options.now.getTime() + gap);
    const giveUpAt = options.createdAt.getTime() + options.retryHours * 3_600_000;
    // The last attempt is made at the end of the window, not skipped because the gap overshoots it.
    if (options.now.getTime() >= giveUpAt) return { retry: false };
    return { retry: true, nextAttemptAt: next.getTime() > giveUpAt ? new Date(giveUpAt) : next };
}

/** Whether an email may be attempted now: waiting, due, and not held by another sender. */
export function isDeliverable(email: { state: string; nextAttemptAt: string; leaseUntil?: string }, now: Date): boolean {
    if (email.state !== 'waiting') return false;
    if (new Date(email.nextAttemptAt).getTime() > now.getTime()) return false;
    return !email.leaseUntil || new Date(email.leaseUntil).getTime() <= now.getTime();
}

/**
 * Which failures are worth waiting out. A server that is down, slow or answers 4xx may accept
 * later; a refused login, a rejected recipient or message (5xx) or a certificate problem needs
 * a person, so the agent is told at once. An error we cannot classify is retried: waiting
 * costs little, and the agent is told it is delayed.
 */
export function failureKind(code: ErrorCode): FailureKind {
    return SEND_FAILURE[code].kind;
}

/**
 * What a failed send means: whether it is worth trying again (kind), and whether it is about
 * this one email or about the server (then the inbox's other emails are not tried in this run).
 */
export const SEND_FAILURE: Record<ErrorCode, { kind: FailureKind; concerns: 'email' | 'server' }> = {
    [ErrorCode.Timeout]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.ConnectionLost]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.ConnectionRefused]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.HostNotFound]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.TemporaryFailure]: { kind: 'temporary', concerns: 'email' },
    [ErrorCode.Unknown]: { kind: 'temporary', concerns: 'email' },
    [ErrorCode.AuthenticationFailed]: { kind: 'permanent', concerns: 'server' },
    // The admin is told to sign in again; replies wait for it within the retry window.
    [ErrorCode.SignInNeeded]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.SignInUnavailable]: { kind: 'temporary', concerns: 'server' },
    [ErrorCode.SignInRefused]: { kind: 'permanent', concerns: 'server' },
    [ErrorCode.CertificateUntrusted]: { kind: 'permanent', concerns: 'server' },
    [ErrorCode.TlsHandshakeFailed]: { kind: 'permanent', concerns: 'server' },
    [ErrorCode.StartTlsUnavailable]: { kind: 'permanent', concerns: 'server' },
    [ErrorCode.FolderNotFound]: { kind: 'permanent', concerns: 'server' },
    [ErrorCode.RecipientRejected]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.MessageRejected]: { kind: 'permanent', concerns: 'email' },
    // Not raised by a send; listed so that every code has an answer.
    [ErrorCode.NewChatRefused]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.DepartmentUnknown]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.ContactBlocked]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.RoomNotWritable]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.MailDamaged]: { kind: 'permanent', concerns: 'email' },
    [ErrorCode.MailNotReturned]: { kind: 'permanent', concerns: 'email' },
};
