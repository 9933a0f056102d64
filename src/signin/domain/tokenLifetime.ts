/** Refresh this long before expiry at most: a check or send that starts with the token must finish with it. */
const MAX_MARGIN_MS = 2 * 60_000;

/**
 * Whether an access token is good for the work about to start. The margin is a fifth of the
 * token's lifetime (capped at two minutes), so short-lived tokens are not refreshed at every use.
 */
export function isFresh(tokens: { accessExpiresAt: string; refreshedAt?: string; signedInAt: string }, now: Date): boolean {
    const expiresAt = Date.parse(tokens.accessExpiresAt);
    const issuedAt = Date.parse(tokens.refreshedAt ?? tokens.signedInAt);
    const margin = Math.min(MAX_MARGIN_MS, Math.max(0, (expiresAt - issuedAt) / 5));
    return expiresAt - margin > now.getTime();
}
