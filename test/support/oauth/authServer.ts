// A real OAuth 2.0 authorization server for tests. What it accepts (all on http://127.0.0.1:<port>):
//  - Device flow (RFC 8628): POST /device/auth with client_id (+ secret for a confidential client)
//    and scope; the user approves at /device (approveDevice does it over HTTP); the client polls
//    POST /token grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=..., getting
//    authorization_pending (400) until then; `interval` is 1 s by default.
//  - Authorization code (RFC 6749) with PKCE S256, required for every client: GET /auth with
//    client_id, response_type=code, redirect_uri (exactly as registered), scope, state,
//    code_challenge, code_challenge_method=S256; extra parameters such as access_type=offline are
//    accepted and ignored, prompt=consent is honoured (consent is asked anyway when the browser
//    session has not granted these scopes yet). The redirect carries code, state and iss.
//    Then POST /token grant_type=authorization_code&code&redirect_uri&code_verifier.
//  - Refresh: POST /token grant_type=refresh_token&refresh_token=...; every refresh returns a new
//    refresh token and the old one is spent: using it again answers invalid_grant AND revokes the
//    grant (oidc-provider's reuse detection), so the newer refresh token dies with it.
//  - Client authentication at /token and /device/auth: a public client sends client_id only; a
//    confidential one client_secret_basic or client_secret_post, either.
//  - Scopes: any of `mailScopes` (the access token's scope is the granted subset); openid (then an
//    ID token too), email and offline_access are accepted but not needed, since every client
//    allowed the refresh_token grant gets a refresh token; other scopes are dropped silently.
//    Access tokens are opaque and for the mail resource only.
//  - Introspection (RFC 7662): POST /token/introspection token=... with the `introspectionClient`
//    credentials (basic or post) answers {active, sub, scope, exp, client_id, ...}; revocation
//    (RFC 7009) at /token/revocation.
//  - Control (over IPC, not HTTP): revokeGrants (revocation at once, as Google's), forgetAccessTokens
//    (access tokens refused before they expire while the grant holds), setAccessTokenTtl.
import { randomBytes } from 'node:crypto';

import { AuthServerChild } from './AuthServerChild';
import type { AuthClient, AuthCounters, AuthEndpoints, AuthServerOptions, ResolvedAuthServerOptions } from './protocol';
import { DEVICE_CODE_GRANT } from './protocol';
import { approveAuthorization, approveDevice } from './signIn';

/** Spawning Node 22 with tsx and loading oidc-provider takes about a second; a loaded machine more. */
const START_TIMEOUT_MS = 20_000;

/** RFC 7662 introspection answer, as the auth server gives it to the mail servers. */
export interface Introspection {
    active: boolean;
    /** The account: its email address. */
    sub?: string;
    scope?: string;
    client_id?: string;
    /** Epoch seconds. */
    exp?: number;
    token_type?: string;
}

/**
 * A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1, with its own login,
 * consent and device pages. Its accounts' id, the `sub` of their tokens, is their email address.
 */
export interface AuthServer {
    issuer: string;
    endpoints: AuthEndpoints;
    clients: AuthClient[];
    mailScopes: string[];
    /** What mail servers authenticate with at the introspection endpoint (client_secret_basic or _post). */
    introspectionClient: { clientId: string; clientSecret: string };
    /** The introspection endpoint with those credentials as user info, as Dovecot's `introspection_url` takes them. */
    introspectionUrlWithCredentials: string;
    /** Asks the introspection endpoint about a token, as a mail server does. */
    introspect(token: string): Promise<Introspection>;
    isActive(accessToken: string): Promise<boolean>;
    /** Enters the user code, signs in and consents through the server's pages over HTTP, as a user would. */
    approveDevice(userCode: string, email: string, password: string): Promise<void>;
    /**
     * Opens an authorization URL, signs in and consents over HTTP; returns where the server sends
     * the browser back to (the client's redirect URI with `code` and `state`, or `error`).
     */
    approveAuthorization(authorizationUrl: string | URL, email: string, password: string): Promise<URL>;
    /** Revokes every grant of the account: its refresh and access tokens stop working at once. */
    revokeGrants(email: string): Promise<number>;
    /**
     * Forgets the account's access tokens while its grants hold: the mail servers refuse them
     * before they expire, and a refresh gives new ones (a provider that lost its token store).
     */
    forgetAccessTokens(email: string): Promise<number>;
    counters(): Promise<AuthCounters>;
    /** The query parameters of each authorization request so far (to check what a client asked for). */
    authorizationRequests(): Promise<Record<string, string>[]>;
    /** The lifetime of access tokens issued from now on. */
    setAccessTokenTtl(seconds: number): Promise<void>;
    stop(): Promise<void>;
}

/** A public client for the device flow, as Microsoft registers desktop and device apps. */
export function microsoftLikeClient(overrides: Partial<AuthClient> = {}): AuthClient {
    return { clientId: 'microsoft-like-public-client', grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'], ...overrides };
}

/** A confidential web client for the authorization code flow, as Google registers web apps. */
export function googleLikeClient(redirectUris: string[], overrides: Partial<AuthClient> = {}): AuthClient {
    return {
        clientId: 'google-like-web-client',
        clientSecret: `secret-${randomBytes(12).toString('hex')}`,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris,
        ...overrides,
    };
}

/**
 * Starts the auth server on 127.0.0.1 (a free port) in a process of its own (AuthServerChild says
 * why); `stop()` ends it.
 */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
    const resolved: ResolvedAuthServerOptions = {
        accounts: options.accounts,
        clients: options.clients ?? [microsoftLikeClient(), googleLikeClient(['http://127.0.0.1/oauth/callback'])],
        mailScopes: options.mailScopes ?? ['mail'],
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 5,
        refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 86_400,
        deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
        devicePollIntervalSeconds: options.devicePollIntervalSeconds ?? 1,
        introspectionClient: { clientId: 'mail-servers', clientSecret: `introspect-${randomBytes(12).toString('hex')}` },
    };
    const child = await AuthServerChild.spawn();
    const started = await child.call('start', [resolved], START_TIMEOUT_MS).catch(async (error: unknown) => {
        await child.stop();
        throw error;
    });

    const { endpoints } = started;
    const { clientId, clientSecret } = resolved.introspectionClient;
    const withCredentials = new URL(endpoints.introspection);
    withCredentials.username = clientId;
    withCredentials.password = clientSecret;
    const introspect = async (token: string): Promise<Introspection> => {
        const response = await fetch(endpoints.introspection, {
            method: 'POST',
            headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
            body: new URLSearchParams({ token }),
        });
        if (!response.ok) throw new Error(`introspection answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as Introspection;
    };

    return {
        issuer: started.issuer,
        endpoints,
        clients: resolved.clients,
        mailScopes: resolved.mailScopes,
        introspectionClient: resolved.introspectionClient,
        introspectionUrlWithCredentials: withCredentials.href,
        introspect,
        isActive: async (accessToken) => (await introspect(accessToken)).active,
        approveDevice: (userCode, email, password) => approveDevice(endpoints.deviceVerification, userCode, email, password),
        approveAuthorization: (url, email, password) => approveAuthorization(url, email, password),
        revokeGrants: (email) => child.call('revokeGrants', [email]),
        forgetAccessTokens: (email) => child.call('forgetAccessTokens', [email]),
        counters: () => child.call('counters', []),
        authorizationRequests: () => child.call('authorizationRequests', []),
        setAccessTokenTtl: (seconds) => child.call('setAccessTokenTtl', [seconds]),
        stop: () => child.stop(),
    };
}
