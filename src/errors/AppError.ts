import type { ErrorCode } from './ErrorCode';

/**
 * An error the app recognises: its code says what it is (callers decide on the code, never on
 * the words), its detail says it for people, already free of secrets.
 */
export class AppError extends Error {
    constructor(
        readonly code: ErrorCode,
        readonly detail: string,
    ) {
        super(`${code}: ${detail}`);
        this.name = new.target.name;
    }
}
