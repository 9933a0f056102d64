import { ConnectionError } from './ConnectionError';
import { redactSecrets } from './redactSecrets';
import { ErrorCode } from '../../errors/ErrorCode';

/** The fields imapflow, nodemailer and Node/Deno sockets put on their errors. */
interface LibraryErrorFields {
    message?: unknown;
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    responseText?: unknown;
    serverResponseCode?: unknown;
    authenticationFailed?: unknown;
    command?: unknown;
    reason?: unknown;
    /** AggregateError (happy eyeballs: every address failed) and wrapped causes. */
    errors?: unknown;
    cause?: unknown;
}

const TLS_UNTRUSTED_CODES = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_GET_ISSUER_CERT',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_UNTRUSTED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ESOCKETTIMEDOUT', 'NoConnection_timeout']);
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EDNS']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Codes of a connection that was there and then dropped (imapflow's NoConnection after a close). */
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed']);

/**
 * Turns whatever a mail library threw into a ConnectionError with one of our codes and a
 * detail text from which every given secret has been removed.
 */
export function classifyConnectionError(error: unknown, secrets: readonly string[] = []): ConnectionError {
    if (error instanceof ConnectionError) return error;
    const fields: LibraryErrorFields = typeof error === 'object' && error !== null ? (error as LibraryErrorFields) : { message: String(error) };
    const code = typeof fields.code === 'string' ? fields.code : '';
    const responseCode = numberOrUndefined(fields.responseCode) ?? numberOrUndefined(fields.serverResponseCode);
    const serverText = [fields.message, fields.response, fields.responseText].filter((part): part is string => typeof part === 'string').join(' ');
    const detail = redactSecrets(serverText.trim() || code || 'unknown error', secrets);
    const text = `${code} ${serverText}`.toLowerCase();
    const make = (classified: ErrorCode) => new ConnectionError(classified, detail, responseCode);

    if (
        fields.authenticationFailed === true ||
        code === 'EAUTH' ||
        responseCode === 535 ||
        /authenticat(e|ion) ?failed|invalid credentials|\[auth/.test(text)
    ) {
        return make(ErrorCode.AuthenticationFailed);
    }
    if (
        TLS_UNTRUSTED_CODES.has(code) ||
        /self[- ]signed|unknownissuer|unknown ?issuer|certificate (is )?not trusted|invalid peer certificate|unable to verify|cert_has_expired|altname|notvalidforname/.test(
            text,
        )
    ) {
        return make(ErrorCode.CertificateUntrusted);
    }
    if (
        code === 'ETLS' ||
        /wrong version number|packet length too long|ssl routines|tls handshake|corrupt ?message|invalidcontenttype|received fatal alert/.test(text)
    ) {
        return make(ErrorCode.TlsHandshakeFailed);
    }
    if (/starttls/.test(text) && /not (supported|available|advertised)|does not support|no starttls/.test(text)) {
        return make(ErrorCode.StartTlsUnavailable);
    }
    if (NOT_FOUND_CODES.has(code) || /getaddrinfo|name or service not known|failed to lookup address|no address associated/.test(text)) {
        return make(ErrorCode.HostNotFound);
    }
    if (REFUSED_CODES.has(code) || /connection refused|econnrefused/.test(text)) {
        return make(ErrorCode.ConnectionRefused);
    }
    if (TIMEOUT_CODES.has(code) || /timed? ?out/.test(text)) {
        return make(ErrorCode.Timeout);
    }
    if (LOST_CODES.has(code) || /connection not available|connection closed|socket hang up|unexpected close|socket closed/.test(text)) {
        return make(ErrorCode.ConnectionLost);
    }
    if (/mailbox (doesn't|does not) exist|nonexistent|unknown mailbox|no such mailbox|invalid mailbox name/.test(text)) {
        return make(ErrorCode.FolderNotFound);
    }
    if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
        return make(ErrorCode.TemporaryFailure);
    }
    if (responseCode !== undefined && responseCode >= 500) {
        return make(fields.command === 'RCPT TO' || code === 'EENVELOPE' ? ErrorCode.RecipientRejected : ErrorCode.MessageRejected);
    }
    // Happy eyeballs reports an AggregateError of the per-address failures, and libraries wrap
    // socket errors (nodemailer's ESOCKET): the inner error says what happened.
    const inner = Array.isArray(fields.errors) ? fields.errors[0] : fields.cause;
    if (inner !== undefined && inner !== error) {
        const classified = classifyConnectionError(inner, secrets);
        if (classified.code !== ErrorCode.Unknown) return classified;
    }
    return make(ErrorCode.Unknown);
}

function numberOrUndefined(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
