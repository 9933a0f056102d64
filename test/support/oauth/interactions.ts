import type { IncomingMessage, ServerResponse } from 'node:http';

import type { InteractionDetails, Provider } from 'oidc-provider';

import { consentPage, errorPage, loginPage } from './pages';
import type { AuthAccount } from './protocol';

const MAX_FORM_BYTES = 64 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    let body = '';
    for await (const chunk of req) {
        body += String(chunk);
        if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
    }
    return new URLSearchParams(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
}

/** Every scope the interaction asks the user to approve: OIDC scopes and the mail resource's. */
function requestedScopes(details: InteractionDetails): string[] {
    const { missingOIDCScope = [], missingResourceScopes = {} } = details.prompt.details;
    return [...missingOIDCScope, ...Object.values(missingResourceScopes).flat()];
}

/** Records consent to everything that was asked: the grant that tokens are issued under. */
async function grantAll(provider: Provider, details: InteractionDetails): Promise<string | undefined> {
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('consent before login');
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new Error('the grant of this interaction is gone');
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    // A grant that already existed is updated in place; only a new one is handed over.
    return details.grantId ? undefined : grantId;
}

/**
 * Serves the login and consent pages (`/interaction/<uid>`) that oidc-provider sends the user to,
 * instead of its development pages. Returns false for any other path.
 */
export function interactionRoutes(provider: Provider, accounts: AuthAccount[]) {
    return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
        const match = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/.exec(url.pathname);
        if (!match) return false;
        const [, uid, action] = match;
        try {
            const details = await provider.interactionDetails(req, res);
            const clientId = String(details.params.client_id);
            if (details.uid !== uid) throw new Error('this page belongs to another sign-in');
            if (req.method === 'GET' && !action) {
                if (details.prompt.name === 'login') {
                    const loginHint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
                    sendHtml(res, 200, loginPage({ uid, clientId, loginHint }));
                } else {
                    sendHtml(res, 200, consentPage({ uid, clientId, email: details.session?.accountId ?? '', scopes: requestedScopes(details) }));
                }
                return true;
            }
            if (req.method !== 'POST' || action !== details.prompt.name) throw new Error(`unexpected ${req.method} ${url.pathname}`);
            const form = await readForm(req);
            if (action === 'login') {
                const account = accounts.find((candidate) => candidate.email === form.get('email') && candidate.password === form.get('password'));
                if (!account) {
                    sendHtml(res, 401, loginPage({ uid, clientId, loginHint: form.get('email') ?? undefined, error: 'Wrong email address or password.' }));
                    return true;
                }
                await provider.interactionFinished(req, res, { login: { accountId: account.email } }, { mergeWithLastSubmission: false });
            } else if (form.get('consent') === 'allow') {
                await provider.interactionFinished(req, res, { consent: { grantId: await grantAll(provider, details) } }, { mergeWithLastSubmission: true });
            } else {
                await provider.interactionFinished(
                    req,
                    res,
                    { error: 'access_denied', error_description: 'the user denied access' },
                    { mergeWithLastSubmission: false },
                );
            }
        } catch (error) {
            sendHtml(res, 400, errorPage('interaction_failed', error instanceof Error ? error.message : String(error)));
        }
        return true;
    };
}
