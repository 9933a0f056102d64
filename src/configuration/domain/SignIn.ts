/** How the app logs in to an inbox's servers: with passwords, or with OAuth2 access tokens. */
export type SignInMethod = 'password' | OAuthProvider;

/** `oauth2`: any standard OAuth2 server, its endpoints typed in. */
export type OAuthProvider = 'microsoft' | 'google' | 'oauth2';

export const SIGN_IN_METHODS: readonly SignInMethod[] = ['password', 'microsoft', 'google', 'oauth2'];

/**
 * `device`: the admin gets a code and signs in on any device (RFC 8628; Microsoft's default).
 * `code`: the admin opens a sign-in link and comes back through the app's public endpoint (PKCE).
 */
export type OAuthFlow = 'device' | 'code';

/** The OAuth2 client an inbox signs in with: the app registration an admin made at the provider. */
export interface OAuthSettings {
    provider: OAuthProvider;
    flow: OAuthFlow;
    clientId: string;
    /** '' for a public client (Microsoft's device flow needs none). Stored only in the inbox record. */
    clientSecret: string;
    /** Microsoft only: common, organizations, consumers or the directory (tenant) id. */
    tenant?: string;
    authorizeUrl: string;
    tokenUrl: string;
    /** Where a device code is asked for; '' where the provider has no device flow (Google refuses it for mail). */
    deviceUrl: string;
    scopes: string[];
    /** Query parameters the provider needs on the sign-in link (Google: a refresh token only with offline access). */
    extraAuthorizeParams?: Record<string, string>;
}

/** What the admin typed for an OAuth2 provider; the endpoints only for `oauth2`. */
export interface OAuthInput {
    provider: OAuthProvider;
    flow?: OAuthFlow;
    clientId: string;
    clientSecret: string;
    tenant?: string;
    authorizeUrl?: string;
    tokenUrl?: string;
    deviceUrl?: string;
    scopes?: string[];
}

const MICROSOFT_LOGIN = 'https://login.microsoftonline.com';

/**
 * Microsoft's mail scopes are on the Outlook resource; `offline_access` brings the refresh token,
 * `openid email` the id token that names the signed-in account (Microsoft allows these with one
 * resource's scopes).
 */
export const MICROSOFT_SCOPES = [
    'https://outlook.office.com/IMAP.AccessAsUser.All',
    'https://outlook.office.com/SMTP.Send',
    'offline_access',
    'openid',
    'email',
];

/** Gmail's IMAP and SMTP need the full mail scope (a restricted scope: see the README). */
export const GOOGLE_SCOPES = ['https://mail.google.com/', 'openid', 'email'];

export const DEFAULT_MICROSOFT_TENANT = 'common';

/** Tenant names Microsoft knows, or a directory id (GUID) or verified domain. */
const TENANT = /^(common|organizations|consumers|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

export function isTenant(text: string): boolean {
    return TENANT.test(text);
}

/** The full settings for a provider: the endpoints and scopes Microsoft and Google document, or the typed ones. */
export function oauthSettings(input: OAuthInput): OAuthSettings {
    const clientId = input.clientId.trim();
    const clientSecret = input.clientSecret;
    if (input.provider === 'microsoft') {
        const tenant = input.tenant?.trim() || DEFAULT_MICROSOFT_TENANT;
        const base = `${MICROSOFT_LOGIN}/${encodeURIComponent(tenant)}/oauth2/v2.0`;
        return {
            provider: 'microsoft',
            flow: input.flow ?? 'device',
            clientId,
            clientSecret,
            tenant,
            authorizeUrl: `${base}/authorize`,
            tokenUrl: `${base}/token`,
            deviceUrl: `${base}/devicecode`,
            scopes: MICROSOFT_SCOPES,
        };
    }
    if (input.provider === 'google') {
        return {
            provider: 'google',
            // Google refuses mail scopes in the device flow.
            flow: 'code',
            clientId,
            clientSecret,
            authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
            tokenUrl: 'https://oauth2.googleapis.com/token',
            deviceUrl: '',
            scopes: GOOGLE_SCOPES,
            // Without both, Google gives a refresh token only the first time an account consents.
            extraAuthorizeParams: { access_type: 'offline', prompt: 'consent' },
        };
    }
    const deviceUrl = input.deviceUrl?.trim() ?? '';
    return {
        provider: 'oauth2',
        flow: input.flow ?? (deviceUrl ? 'device' : 'code'),
        clientId,
        clientSecret,
        authorizeUrl: input.authorizeUrl?.trim() ?? '',
        tokenUrl: input.tokenUrl?.trim() ?? '',
        deviceUrl,
        scopes: input.scopes ?? [],
    };
}

/** Whether a change of these settings makes the tokens of the old ones useless (another client, server or account). */
export function signInChanged(before: OAuthSettings | undefined, after: OAuthSettings | undefined): boolean {
    if (!before || !after) return before !== after;
    return before.clientId !== after.clientId || before.tokenUrl !== after.tokenUrl || before.scopes.join(' ') !== after.scopes.join(' ');
}
