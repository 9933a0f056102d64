// What the test process and the auth server process (authServerProcess.ts) share: the options
// and the control operations they exchange over Node's IPC channel. Types only, so the test
// process never loads oidc-provider.

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type OAuthGrantType = 'authorization_code' | 'refresh_token' | typeof DEVICE_CODE_GRANT;

/** A person who can sign in; the email address is also the account id, the `sub` of every token. */
export interface AuthAccount {
    email: string;
    password: string;
}

/** A registered client application. */
export interface AuthClient {
    clientId: string;
    /**
     * With a secret the client is confidential and authenticates at the token endpoint with
     * client_secret_basic or client_secret_post (either is accepted, as by Google); without it
     * the client is public (token_endpoint_auth_method `none`): it sends only `client_id`.
     */
    clientSecret?: string;
    grantTypes: OAuthGrantType[];
    /** Exact redirect URIs, required when `grantTypes` has authorization_code. */
    redirectUris?: string[];
}

export interface AuthServerOptions {
    accounts: AuthAccount[];
    /** Default: `microsoftLikeClient()` and `googleLikeClient()` (authServer.ts). */
    clients?: AuthClient[];
    /**
     * The scopes that grant mail access (all of them: any subset may be requested). Default
     * `['mail']`; e.g. `['https://outlook.office.com/IMAP.AccessAsUser.All',
     * 'https://outlook.office.com/SMTP.Send']` or `['https://mail.google.com/']`.
     */
    mailScopes?: string[];
    /** Lifetime of access tokens; short by default so that refreshing is exercised. Default 5. */
    accessTokenTtlSeconds?: number;
    /** Default one day. */
    refreshTokenTtlSeconds?: number;
    /** How long a device code can be approved. Default 600. */
    deviceCodeTtlSeconds?: number;
    /** The `interval` the device authorization response advertises. Default 1 (RFC 8628 default: 5). */
    devicePollIntervalSeconds?: number;
}

/** The options with every default filled in, as the auth server process receives them. */
export interface ResolvedAuthServerOptions extends Required<AuthServerOptions> {
    /** The client mail servers use to call the introspection endpoint. */
    introspectionClient: { clientId: string; clientSecret: string };
}

export interface AuthEndpoints {
    authorization: string;
    token: string;
    deviceAuthorization: string;
    /** Where the user enters a device's user code (`verification_uri`). */
    deviceVerification: string;
    introspection: string;
    revocation: string;
}

/** What the token endpoint and its neighbours were asked, counted since the server started. */
export interface AuthCounters {
    /** Token endpoint requests by grant_type, answered with tokens or with an error. */
    tokenRequests: Record<string, number>;
    /** Token endpoint errors by `<grant_type> <error>`, e.g. `refresh_token invalid_grant`. */
    tokenErrors: Record<string, number>;
    /** Successful refresh_token grants. */
    refreshes: number;
    /** Requests to the authorization endpoint (the browser's first stop). */
    authorizations: number;
    deviceAuthorizations: number;
    introspections: number;
}

/** The operations of the control channel: each one runs in the auth server process. */
export interface ControlOperations {
    start(options: ResolvedAuthServerOptions): { issuer: string; endpoints: AuthEndpoints };
    /** Deletes every grant of the account and all its tokens; returns how many grants. */
    revokeGrants(email: string): number;
    /** Deletes the account's access tokens, keeping its grants and refresh tokens; returns how many. */
    forgetAccessTokens(email: string): number;
    counters(): AuthCounters;
    /** The query parameters of each authorization endpoint request, oldest first. */
    authorizationRequests(): Record<string, string>[];
    /** Lifetime of access tokens issued from now on. */
    setAccessTokenTtl(seconds: number): void;
}

export type ControlOperation = keyof ControlOperations;

export interface ControlRequest<K extends ControlOperation = ControlOperation> {
    id: number;
    op: K;
    args: Parameters<ControlOperations[K]>;
}

export type ControlReply = { id: number; result: unknown } | { id: number; error: string };
