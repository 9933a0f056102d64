import { ErrorCode } from '../../errors/ErrorCode';

/**
 * What an inbox logs in with: a password, an access token the app kept from an earlier refresh
 * or sign-in, or one the provider issued for this very login (just refreshed, by this part of the
 * app or by another one it waited for).
 */
export type LoginCredential = 'password' | 'kept-token' | 'new-token';

/**
 * Whether a failed login is tried once more with a new access token. A mail server refuses a
 * kept token that the provider revoked or forgot before it expired (Google revokes at once;
 * so do password changes, an admin signing out all sessions, conditional access) with the same
 * answer as a token of the wrong account: only the token endpoint can tell the two apart. So one
 * refresh decides: `invalid_grant` means the sign-in stopped working, a new token is tried once.
 * A new token refused, or a password, is a refused login: refreshing again would change nothing.
 */
export function retriesWithNewToken(failure: ErrorCode, credential: LoginCredential): boolean {
    return failure === ErrorCode.AuthenticationFailed && credential === 'kept-token';
}
