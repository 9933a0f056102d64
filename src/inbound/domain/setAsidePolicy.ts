import { ErrorCode } from '../../errors/ErrorCode';

/**
 * When a mail that Rocket.Chat keeps refusing stops holding up its inbox. The cursor never
 * passes a mail that is not in its room, so one mail that can never go in (a sender address
 * Rocket.Chat will not take as a visitor, a message it rejects) would hold back every mail
 * after it. Such a mail is set aside (recorded, shown in status, left in the mailbox, the
 * admin told) only when both hold:
 *   - it failed at this many checks in a row, so a passing hiccup never sets mail aside;
 *   - the mail after it then goes in, so trouble that hits every mail (Rocket.Chat down,
 *     no agent to take new chats) never does either.
 */
export const SET_ASIDE_AFTER_FAILURES = 3;

/** What a check does with a mail that failed to go in, by its error's code. */
export type MailFailureHandling =
    /** The workspace or the inbox's configuration has to change, not the mail: it and the mail behind it wait, and it is never set aside. */
    | 'waits'
    /** Something about this mail, or a passing fault: held, and set aside after repeated failures once a later mail goes in. */
    | 'held';

export const MAIL_FAILURE: Record<ErrorCode, MailFailureHandling> = {
    [ErrorCode.NewChatRefused]: 'waits',
    [ErrorCode.DepartmentUnknown]: 'waits',
    [ErrorCode.ContactBlocked]: 'held',
    [ErrorCode.RoomNotWritable]: 'held',
    [ErrorCode.MailDamaged]: 'held',
    [ErrorCode.MailNotReturned]: 'held',
    [ErrorCode.AuthenticationFailed]: 'held',
    [ErrorCode.SignInNeeded]: 'held',
    [ErrorCode.SignInRefused]: 'held',
    [ErrorCode.SignInUnavailable]: 'held',
    [ErrorCode.HostNotFound]: 'held',
    [ErrorCode.ConnectionRefused]: 'held',
    [ErrorCode.Timeout]: 'held',
    [ErrorCode.ConnectionLost]: 'held',
    [ErrorCode.CertificateUntrusted]: 'held',
    [ErrorCode.TlsHandshakeFailed]: 'held',
    [ErrorCode.StartTlsUnavailable]: 'held',
    [ErrorCode.FolderNotFound]: 'held',
    [ErrorCode.RecipientRejected]: 'held',
    [ErrorCode.MessageRejected]: 'held',
    [ErrorCode.TemporaryFailure]: 'held',
    [ErrorCode.Unknown]: 'held',
};

/** The mail the import is held at, kept on the cursor between checks. */
export interface HeldMail {
    uid: number;
    /** Checks in a row at which it failed. */
    failures: number;
    /** First failure (ISO). */
    since: string;
    error: string;
    from?: string;
    subject?: string;
    /** Why it failed; see MAIL_FAILURE. */
    code?: ErrorCode;
    /** Rocket.Chat refused a new chat: the workspace, not the mail, has to change, so it is never set aside. */
    waitsForWorkspace?: boolean;
}

export function afterAnotherFailure(held: HeldMail | undefined, mail: Omit<HeldMail, 'failures' | 'since'>, now: Date): HeldMail {
    const same = held?.uid === mail.uid;
    return { ...mail, failures: same ? held.failures + 1 : 1, since: same ? held.since : now.toISOString() };
}

export function maySetAside(held: HeldMail): boolean {
    return held.failures >= SET_ASIDE_AFTER_FAILURES;
}
