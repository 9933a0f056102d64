import type { MessageKey } from '../i18n/translate';
import { ErrorCode } from './ErrorCode';

const HINTS: Record<ErrorCode, MessageKey> = {
    [ErrorCode.AuthenticationFailed]: 'hint_auth_failed',
    [ErrorCode.HostNotFound]: 'hint_host_not_found',
    [ErrorCode.ConnectionRefused]: 'hint_connection_refused',
    [ErrorCode.Timeout]: 'hint_timeout',
    [ErrorCode.ConnectionLost]: 'hint_connection_lost',
    [ErrorCode.CertificateUntrusted]: 'hint_tls_untrusted',
    [ErrorCode.TlsHandshakeFailed]: 'hint_tls_handshake',
    [ErrorCode.StartTlsUnavailable]: 'hint_starttls_unavailable',
    [ErrorCode.FolderNotFound]: 'hint_folder_not_found',
    [ErrorCode.RecipientRejected]: 'hint_rejected',
    [ErrorCode.MessageRejected]: 'hint_rejected',
    [ErrorCode.TemporaryFailure]: 'hint_temporary',
    [ErrorCode.SignInNeeded]: 'hint_sign_in_needed',
    [ErrorCode.SignInRefused]: 'hint_sign_in_refused',
    [ErrorCode.SignInUnavailable]: 'hint_sign_in_unavailable',
    [ErrorCode.NewChatRefused]: 'hint_new_chat_refused',
    [ErrorCode.DepartmentUnknown]: 'hint_department_unknown',
    [ErrorCode.ContactBlocked]: 'hint_contact_blocked',
    [ErrorCode.RoomNotWritable]: 'hint_room_not_writable',
    [ErrorCode.MailDamaged]: 'hint_mail_damaged',
    [ErrorCode.MailNotReturned]: 'hint_mail_not_returned',
    [ErrorCode.Unknown]: 'hint_unknown',
};

/** Where an error's hint says something else for sending (SMTP) than for reading (IMAP). */
const SMTP_HINTS: Partial<Record<ErrorCode, MessageKey>> = {
    [ErrorCode.AuthenticationFailed]: 'hint_auth_failed_smtp',
};

/** Where an error's hint says something else when the inbox signs in with OAuth2 (no password to check). */
const OAUTH_HINTS: Partial<Record<ErrorCode, MessageKey>> = {
    [ErrorCode.AuthenticationFailed]: 'hint_auth_failed_oauth',
};

/**
 * The i18n key of what a person can do about an error, on the server that reads mail (IMAP) or
 * sends it (SMTP), for an inbox that logs in with a password or with OAuth2.
 */
export function errorHintKey(code: ErrorCode, server: 'imap' | 'smtp' = 'imap', signIn: 'password' | 'oauth' = 'password'): MessageKey {
    return (signIn === 'oauth' && OAUTH_HINTS[code]) || (server === 'smtp' && SMTP_HINTS[code]) || HINTS[code];
}
