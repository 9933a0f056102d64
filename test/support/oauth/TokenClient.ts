import { createHash, randomBytes } from 'node:crypto';

import { DEVICE_CODE_GRANT } from './protocol';
import type { AuthClient, AuthEndpoints } from './protocol';

/** A token endpoint answer (RFC 6749 section 5.1). */
export interface TokenSet {
    access_token: string;
    token_type: string;
    expires_in: number;
    scope?: string;
    refresh_token?: string;
    id_token?: string;
}

/** A device authorization answer (RFC 8628 section 3.2). */
export interface DeviceAuthorization {
    device_code: string;
    user_code: string;
    verification_uri: string;
    verification_uri_complete?: string;
    expires_in: number;
    interval?: number;
}

/** An OAuth error answer (RFC 6749 section 5.2): `error` is the code, e.g. invalid_grant. */
export class OAuthRequestError extends Error {
    constructor(
        readonly status: number,
        readonly error: string,
        readonly errorDescription?: string,
    ) {
        super(`${status} ${error}${errorDescription ? `: ${errorDescription}` : ''}`);
        this.name = 'OAuthRequestError';
    }
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The client side of the flows, by plain HTTP, as a mail app would speak them: for tests that
 * need tokens without the app. A confidential client authenticates with `clientAuth`.
 */
export class TokenClient {
    constructor(
        private readonly endpoints: AuthEndpoints,
        private readonly client: AuthClient,
        private readonly clientAuth: 'client_secret_basic' | 'client_secret_post' = 'client_secret_basic',
    ) {}

    /** Starts the device flow (RFC 8628): the user then enters `user_code` at `verification_uri`. */
    async requestDeviceCode(scope: string): Promise<DeviceAuthorization> {
        return (await this.post(this.endpoints.deviceAuthorization, { scope })) as DeviceAuthorization;
    }

    /** Polls the token endpoint until the user approved (or the code expired or was denied). */
    async pollDeviceToken(authorization: DeviceAuthorization, timeoutMs = 30_000): Promise<TokenSet> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            try {
                return await this.token({ grant_type: DEVICE_CODE_GRANT, device_code: authorization.device_code });
            } catch (error) {
                if (!(error instanceof OAuthRequestError) || error.error !== 'authorization_pending' || Date.now() > deadline) throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, (authorization.interval ?? 5) * 1000));
        }
    }

    /** The URL a browser opens to start the authorization code flow. */
    authorizationUrl(request: { scope: string; redirectUri: string; codeChallenge: string; state?: string; extra?: Record<string, string> }): URL {
        const url = new URL(this.endpoints.authorization);
        url.search = new URLSearchParams({
            client_id: this.client.clientId,
            response_type: 'code',
            redirect_uri: request.redirectUri,
            scope: request.scope,
            state: request.state ?? randomBytes(8).toString('hex'),
            code_challenge: request.codeChallenge,
            code_challenge_method: 'S256',
            ...request.extra,
        }).toString();
        return url;
    }

    exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
        return this.token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier });
    }

    refresh(refreshToken: string): Promise<TokenSet> {
        return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    }

    async token(params: Record<string, string>): Promise<TokenSet> {
        return (await this.post(this.endpoints.token, params)) as TokenSet;
    }

    private async post(endpoint: string, params: Record<string, string>): Promise<unknown> {
        const body = new URLSearchParams(params);
        const headers: Record<string, string> = { accept: 'application/json' };
        const { clientId, clientSecret } = this.client;
        if (clientSecret && this.clientAuth === 'client_secret_basic') {
            // RFC 6749 section 2.3.1: each part form-encoded, then Basic.
            headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
        } else {
            body.set('client_id', clientId);
            if (clientSecret) body.set('client_secret', clientSecret);
        }
        const response = await fetch(endpoint, { method: 'POST', headers, body });
        const json = (await response.json()) as Record<string, unknown>;
        if (!response.ok) throw new OAuthRequestError(response.status, String(json.error), json.error_description as string | undefined);
        return json;
    }
}
