import type { MessageKey } from '../i18n/translate';
import { ConnectionErrorCode } from './domain/ConnectionError';

const HINTS: Record<ConnectionErrorCode, MessageKey> = {
    [ConnectionErrorCode.AuthenticationFailed]: 'hint_auth_failed',
    [ConnectionErrorCode.HostNotFound]: 'hint_host_not_found',
    [ConnectionErrorCode.ConnectionRefused]: 'hint_connection_refused',
    [ConnectionErrorCode.Timeout]: 'hint_timeout',
    [ConnectionErrorCode.CertificateUntrusted]: 'hint_tls_untrusted',
    [ConnectionErrorCode.TlsHandshakeFailed]: 'hint_tls_handshake',
    [ConnectionErrorCode.StartTlsUnavailable]: 'hint_starttls_unavailable',
    [ConnectionErrorCode.FolderNotFound]: 'hint_folder_not_found',
    [ConnectionErrorCode.RecipientRejected]: 'hint_rejected',
    [ConnectionErrorCode.MessageRejected]: 'hint_rejected',
    [ConnectionErrorCode.TemporaryFailure]: 'hint_temporary',
    [ConnectionErrorCode.Unknown]: 'hint_unknown',
};

/** The i18n key of what a person can do about a connection error. */
export function errorHintKey(code: ConnectionErrorCode): MessageKey {
    return HINTS[code];
}
