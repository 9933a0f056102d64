import type { MessageKey } from '../../i18n/translate';

/**
 * What an admin can do about a provider's refusal. Microsoft puts an AADSTS number in the
 * description that says more than the OAuth2 error; the common ones are named here.
 */
export function refusalHintKey(error: string, description: string): MessageKey {
    const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
    switch (aadsts) {
        case '7000218': // the request needs a client secret: public client flows are off
            return 'oauth_hint_public_client';
        case '700025': // a public client sent a secret
            return 'oauth_hint_secret_not_expected';
        case '65001': // the user or admin has not consented
        case '65004':
        case '90094':
            return 'oauth_hint_consent';
        case '50020': // the account is not in the tenant
        case '90002': // tenant not found
        case '50128':
        case '50059':
            return 'oauth_hint_tenant';
        case '700016': // application not found in the directory
        case '7000215': // invalid client secret
        case '7000222': // expired client secret
            return 'oauth_hint_client';
        case '70000': // the grant or its scopes are not valid
        case '70011':
            return 'oauth_hint_scope';
        case '50126': // wrong user name or password
        case '50173': // password changed
        case '700082': // refresh token expired by inactivity
        case '50076': // MFA newly required
            return 'oauth_hint_grant';
    }
    switch (error) {
        case 'invalid_client':
        case 'unauthorized_client':
            return 'oauth_hint_client';
        case 'invalid_scope':
            return 'oauth_hint_scope';
        case 'consent_required':
        case 'interaction_required':
            return 'oauth_hint_consent';
        case 'access_denied':
            return 'oauth_hint_denied';
        case 'expired_token':
            return 'oauth_hint_expired';
        case 'invalid_grant':
            return 'oauth_hint_grant';
        default:
            return 'oauth_hint_other';
    }
}
