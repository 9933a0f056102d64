/**
 * Our own list of what can go wrong when talking to a mail server. The mail libraries'
 * errors are translated into these at the edge so that callers decide retry vs stop vs
 * tell the admin from one code, and so that no library message (which may echo a
 * server response) reaches a user without being classified first.
 */
export enum ConnectionErrorCode {
    AuthenticationFailed = 'auth_failed',
    HostNotFound = 'host_not_found',
    ConnectionRefused = 'connection_refused',
    Timeout = 'timeout',
    CertificateUntrusted = 'tls_untrusted',
    TlsHandshakeFailed = 'tls_handshake',
    StartTlsUnavailable = 'starttls_unavailable',
    FolderNotFound = 'folder_not_found',
    RecipientRejected = 'recipient_rejected',
    MessageRejected = 'message_rejected',
    TemporaryFailure = 'temporary_failure',
    Unknown = 'unknown',
}

export class ConnectionError extends Error {
    constructor(
        readonly code: ConnectionErrorCode,
        /** The server's or library's own words, already stripped of secrets. */
        readonly detail: string,
        /** SMTP reply code when the server gave one. */
        readonly responseCode?: number,
    ) {
        super(`${code}: ${detail}`);
        this.name = 'ConnectionError';
    }

    /** Whether trying again later may succeed without anyone changing the configuration. */
    get isTemporary(): boolean {
        return (
            this.code === ConnectionErrorCode.Timeout ||
            this.code === ConnectionErrorCode.ConnectionRefused ||
            this.code === ConnectionErrorCode.TemporaryFailure ||
            this.code === ConnectionErrorCode.HostNotFound
        );
    }
}
