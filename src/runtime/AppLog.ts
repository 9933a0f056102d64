/**
 * The app's log (Administration → Apps → Email Inboxes → Logs): what went wrong and where, for
 * the admin who looks there instead of `/email-inbox status`. Callers pass text already stripped
 * of secrets (classifyConnectionError does that for server errors).
 */
export interface AppLog {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** For code run outside a logged call (tests, the bench). */
export const SILENT_LOG: AppLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
