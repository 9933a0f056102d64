import { AppError } from '../../errors/AppError';
import { ErrorCode } from '../../errors/ErrorCode';

/**
 * What went wrong when talking to a mail server. The mail libraries' errors are translated into
 * these at the edge (classifyConnectionError) so that callers decide retry vs stop vs tell the
 * admin from one code, and so that no library message (which may echo a server response)
 * reaches a user without being classified first.
 */
export class ConnectionError extends AppError {
    constructor(
        code: ErrorCode,
        /** The server's or library's own words, already stripped of secrets. */
        detail: string,
        /** SMTP reply code when the server gave one. */
        readonly responseCode?: number,
    ) {
        super(code, detail);
    }

    /** Whether trying again later may succeed without anyone changing the configuration. */
    get isTemporary(): boolean {
        return TEMPORARY.has(this.code);
    }
}

const TEMPORARY = new Set<ErrorCode>([
    ErrorCode.Timeout,
    ErrorCode.ConnectionLost,
    ErrorCode.ConnectionRefused,
    ErrorCode.TemporaryFailure,
    ErrorCode.HostNotFound,
]);
