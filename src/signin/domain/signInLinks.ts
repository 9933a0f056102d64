import type { OAuthSettings } from '../../configuration/domain/SignIn';
import { codeChallenge } from './pkce';

/** The path of the app's public endpoint that sign-in links come back to. */
export const CALLBACK_PATH = 'oauth/callback';

/**
 * The redirect URI to register at the provider: the app's PUBLIC endpoint under the workspace's
 * Site_Url (the private endpoints' URL has an id that changes when the app is reinstalled).
 */
export function redirectUri(siteUrl: string, appId: string): string {
    return `${siteUrl.trim().replace(/\/+$/, '')}/api/apps/public/${appId}/${CALLBACK_PATH}`;
}

/** The sign-in link (RFC 6749 4.1.1 with PKCE, RFC 7636): the mailbox's address as a hint of which account to use. */
export function authorizationUrl(settings: OAuthSettings, options: { redirectUri: string; state: string; verifier: string; loginHint: string }): string {
    const url = new URL(settings.authorizeUrl);
    const params: Record<string, string> = {
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: options.redirectUri,
        scope: settings.scopes.join(' '),
        state: options.state,
        code_challenge: codeChallenge(options.verifier),
        code_challenge_method: 'S256',
        ...(options.loginHint && { login_hint: options.loginHint }),
        ...settings.extraAuthorizeParams,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
}
