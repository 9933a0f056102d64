/** What a token endpoint gave: tokens, "keep waiting" in the device flow, or a refusal with its OAuth2 error. */
export type TokenAnswer =
    | { kind: 'tokens'; tokens: IssuedTokens }
    | { kind: 'pending'; slowDown: boolean }
    | { kind: 'refused'; error: string; description: string }
    | { kind: 'unavailable'; detail: string };

export interface IssuedTokens {
    accessToken: string;
    /** Absent when the server keeps the old one (no rotation) or gives none (then sign-in cannot last). */
    refreshToken?: string;
    /** Seconds; servers that leave it out get an hour, the usual lifetime. */
    expiresIn: number;
    /** The account named by the id token, when one came (openid scope). */
    account?: string;
    scope?: string;
}

const DEFAULT_LIFETIME_S = 3600;

/**
 * Reads a token endpoint's answer (RFC 6749 5.1/5.2, RFC 8628 3.5). A 5xx or an answer that is
 * not OAuth2 JSON is "unavailable" (worth retrying); an OAuth2 error is a refusal, except the
 * device flow's authorization_pending and slow_down.
 */
export function readTokenAnswer(status: number, body: unknown): TokenAnswer {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    if (status >= 200 && status < 300 && text('access_token')) {
        const expiresIn = Number(fields.expires_in);
        const idToken = text('id_token');
        return {
            kind: 'tokens',
            tokens: {
                accessToken: text('access_token'),
                ...(text('refresh_token') && { refreshToken: text('refresh_token') }),
                expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S,
                ...(idToken && accountFromIdToken(idToken) && { account: accountFromIdToken(idToken) }),
                ...(text('scope') && { scope: text('scope') }),
            },
        };
    }
    const error = text('error');
    if (error === 'authorization_pending') return { kind: 'pending', slowDown: false };
    if (error === 'slow_down') return { kind: 'pending', slowDown: true };
    if (error && status < 500) return { kind: 'refused', error, description: text('error_description').slice(0, 500) };
    return { kind: 'unavailable', detail: `HTTP ${status}${error ? ` ${error}` : ''}` };
}

/**
 * The account an id token names (`preferred_username` at Microsoft, `email` at Google and most
 * servers). Its signature is not checked: it came straight from the token endpoint over TLS
 * (OpenID Connect Core 3.1.3.7), and it only labels the sign-in for people; the mail servers
 * decide what the access token may open.
 */
export function accountFromIdToken(idToken: string): string | undefined {
    const payload = idToken.split('.')[1];
    if (!payload) return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
        const account = [claims.email, claims.preferred_username, claims.upn, claims.sub].find((value) => typeof value === 'string' && value.length > 0);
        return typeof account === 'string' ? account.slice(0, 254) : undefined;
    } catch {
        return undefined;
    }
}
