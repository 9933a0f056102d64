import { createHash, randomBytes } from 'crypto';

/** A random value for `state` or a PKCE verifier: 32 bytes, base64url (43 characters, within RFC 7636's 43–128). */
export function randomToken(): string {
    return randomBytes(32).toString('base64url');
}

/** RFC 7636 S256: the challenge sent with the sign-in link; the verifier goes only to the token endpoint. */
export function codeChallenge(verifier: string): string {
    return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
