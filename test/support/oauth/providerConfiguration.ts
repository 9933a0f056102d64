import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { errors } from 'oidc-provider';
import type { OidcClient, OidcContext } from 'oidc-provider';

import type { MemoryStore } from './MemoryStore';
import { deviceCodePage, deviceConfirmPage, deviceDonePage, errorPage } from './pages';
import type { AuthClient, ResolvedAuthServerOptions } from './protocol';

/**
 * The one protected resource: the mail servers. Access tokens are issued for it (opaque, checked
 * by introspection) whatever the client asks, because the scopes that mail clients send are not
 * OpenID Connect scopes and oidc-provider grants such scopes only to a resource server.
 */
export const MAIL_RESOURCE = 'urn:email-inboxes:mail';

/** What can change while the server runs. */
export interface TokenPolicy {
    accessTokenTtlSeconds: number;
}

function clientMetadata(client: AuthClient): Record<string, unknown> {
    const codeFlow = client.grantTypes.includes('authorization_code');
    return {
        client_id: client.clientId,
        ...(client.clientSecret
            ? { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
            : { token_endpoint_auth_method: 'none' }),
        grant_types: client.grantTypes,
        response_types: codeFlow ? ['code'] : [],
        redirect_uris: client.redirectUris ?? [],
    };
}

function signingKey(): Record<string, unknown> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'ES256' };
}

const html = (ctx: OidcContext, body: string) => {
    ctx.type = 'html';
    ctx.body = body;
};

/** The oidc-provider configuration of the test authorization server (the request shapes it accepts: authServer.ts). */
export function providerConfiguration(options: ResolvedAuthServerOptions, store: MemoryStore, policy: TokenPolicy): Record<string, unknown> {
    const accounts = new Map(options.accounts.map((account) => [account.email, account]));
    const mailScope = options.mailScopes.join(' ');
    return {
        adapter: store.adapter,
        clients: [
            ...options.clients.map(clientMetadata),
            // The mail servers' credentials for the introspection endpoint; it gets no tokens itself.
            {
                client_id: options.introspectionClient.clientId,
                client_secret: options.introspectionClient.clientSecret,
                grant_types: [],
                response_types: [],
                redirect_uris: [],
            },
        ],
        jwks: { keys: [signingKey()] },
        // The only signing key is an EC one (quick to generate); ID tokens are signed with it.
        clientDefaults: { id_token_signed_response_alg: 'ES256' },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        findAccount: async (_ctx: unknown, id: string) =>
            accounts.has(id) ? { accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) } : undefined,
        scopes: ['openid', 'offline_access', 'email'],
        claims: { email: ['email', 'email_verified'] },
        interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
        pkce: { required: () => true },
        // Refresh tokens for every client allowed the refresh_token grant, whether it asked with
        // offline_access (Microsoft) or access_type=offline (Google, a parameter oidc-provider ignores).
        issueRefreshToken: async (_ctx: unknown, client: OidcClient) => client.grantTypeAllowed('refresh_token'),
        rotateRefreshToken: true,
        // Tokens outlive the browser session that approved them, as mail tokens do.
        expiresWithSession: async () => false,
        ttl: {
            AccessToken: () => policy.accessTokenTtlSeconds,
            AuthorizationCode: 60,
            DeviceCode: options.deviceCodeTtlSeconds,
            Grant: options.refreshTokenTtlSeconds,
            IdToken: 3600,
            Interaction: 600,
            RefreshToken: options.refreshTokenTtlSeconds,
            Session: 3600,
        },
        clientBasedCORS: () => false,
        renderError: async (ctx: OidcContext, out: { error: string; error_description?: string }) => html(ctx, errorPage(out.error, out.error_description)),
        features: {
            devInteractions: { enabled: false },
            deviceFlow: {
                enabled: true,
                userCodeInputSource: async (ctx: OidcContext, form: string, _out: unknown, error?: Error) =>
                    html(ctx, deviceCodePage(form, error ? 'That code is wrong or has expired.' : undefined)),
                userCodeConfirmSource: async (ctx: OidcContext, form: string, client: OidcClient, _deviceInfo: unknown, userCode: string) =>
                    html(ctx, deviceConfirmPage(form, client.clientId, userCode)),
                successSource: async (ctx: OidcContext) => html(ctx, deviceDonePage(ctx.oidc.client?.clientId ?? '')),
            },
            introspection: {
                enabled: true,
                // Only the mail servers may ask about tokens (and a client about its own).
                allowedPolicy: async (_ctx: unknown, client: OidcClient, token: { clientId: string }) =>
                    client.clientId === options.introspectionClient.clientId || client.clientId === token.clientId,
            },
            revocation: { enabled: true },
            resourceIndicators: {
                enabled: true,
                defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) => (oneOf ? oneOf[0] : MAIL_RESOURCE),
                // The mail resource even when `openid` is asked too (then the token would be for userinfo).
                useGrantedResource: async () => true,
                getResourceServerInfo: async (_ctx: unknown, resource: string) => {
                    if (resource !== MAIL_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${resource}`);
                    return { scope: mailScope, audience: MAIL_RESOURCE, accessTokenTTL: policy.accessTokenTtlSeconds, accessTokenFormat: 'opaque' };
                },
            },
        },
    };
}
