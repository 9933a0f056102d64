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
    /** imapflow: `NO` or `BAD`, the IMAP server's refusal of a command. */
    responseStatus?: unknown;
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
 * IMAP response codes (RFC 5530) that say what the server refused, whatever words it uses: a
 * mailbox over its quota takes no message (an APPEND of a Sent copy), a folder that is not there.
 */
const IMAP_RESPONSE_CODES = new Map<string, ErrorCode>([
    ['OVERQUOTA', ErrorCode.MessageRejected],
    ['NONEXISTENT', ErrorCode.FolderNotFound],
]);

/**
 * What a person reads of an error: an IMAP server's refusal in its own words with its response
 * code (`[OVERQUOTA] Quota exceeded (mailbox for user is full)`), without imapflow's "Command
 * failed", the command's tag and the timing Dovecot appends; a dropped IMAP connection in plain
 * words, with the reason the server gave in its BYE; anything else as the library wrote it.
 */
function readableText(fields: LibraryErrorFields, code: string): string {
    const serverCode = typeof fields.serverResponseCode === 'string' ? fields.serverResponseCode : '';
    if ((fields.responseStatus === 'NO' || fields.responseStatus === 'BAD') && typeof fields.responseText === 'string' && fields.responseText.trim()) {
        const words = fields.responseText
            .trim()
            .replace(/\s*\(\d+\.\d+(?: \+ \d+\.\d+)* secs\)(?=\.?$)/, '')
            .replace(/\.$/, '');
        return serverCode && !words.startsWith('[') ? `[${serverCode}] ${words}` : words;
    }
    if (code === 'NoConnection') {
        // imapflow's "Connection not available" for any command on a connection that is gone.
        const reason = typeof fields.reason === 'string' ? fields.reason.trim() : '';
        return reason ? `the connection was closed (the server said: ${reason})` : 'the connection was closed';
    }
    return [fields.message, fields.response, fields.responseText]
        .filter((part): part is string => typeof part === 'string')
        .join(' ')
        .trim();
}

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
    const detail = redactSecrets(readableText(fields, code) || code || 'unknown error', secrets);
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
    const imapCode = typeof fields.serverResponseCode === 'string' ? IMAP_RESPONSE_CODES.get(fields.serverResponseCode.toUpperCase()) : undefined;
    if (imapCode) return make(imapCode);
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
