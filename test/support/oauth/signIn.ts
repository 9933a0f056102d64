import { BrowserlessSession } from './BrowserlessSession';
import type { SessionPage } from './BrowserlessSession';

const MAX_STEPS = 10;

function pageText(page: SessionPage): string {
    return page.html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 500);
}

/**
 * Answers each page the auth server shows (device code, device confirmation, login, consent)
 * until it shows none: returns the last page, or the redirect that leaves the server.
 */
async function signInThrough(session: BrowserlessSession, first: SessionPage, account: { email: string; password: string }, userCode?: string) {
    let page = first;
    for (let step = 0; step < MAX_STEPS; step++) {
        if (page.leftTo) return page;
        if (/data-error="/.test(page.html)) throw new Error(`the auth server refused (${page.status}): ${pageText(page)}`);
        const [form] = page.forms;
        if (!form) return page;
        const kind = form.attributes['data-step'] ?? form.attributes.id;
        if (kind === 'login') page = await session.submit(form, { email: account.email, password: account.password }, { name: 'login' });
        else if (kind === 'consent') page = await session.submit(form, {}, { name: 'consent', value: 'allow' });
        else if (kind === 'op.deviceInputForm' && userCode) page = await session.submit(form, { user_code: userCode });
        else if (kind === 'op.deviceConfirmForm') page = await session.submit(form);
        else throw new Error(`unexpected form "${kind}" on ${page.url.href}: ${pageText(page)}`);
    }
    throw new Error(`sign-in did not end within ${MAX_STEPS} pages`);
}

/**
 * Approves a device authorization as its user would: opens the verification page, enters the
 * user code, signs in and consents, by plain HTTP requests with cookies.
 * @throws when a page reports an error (wrong code or password) or the flow does not finish.
 */
export async function approveDevice(verificationUri: string, userCode: string, email: string, password: string): Promise<void> {
    const session = new BrowserlessSession(new URL(verificationUri).origin);
    const last = await signInThrough(session, await session.open(verificationUri), { email, password }, userCode);
    if (!last.html.includes('data-step="device-done"')) throw new Error(`device approval did not finish: ${pageText(last)}`);
}

/**
 * Follows an authorization URL as a user would (sign in, consent) and returns the URL the server
 * redirects the browser to: the client's redirect URI with `code` and `state`, or with `error`.
 * @throws when a page reports an error or the server never redirects away.
 */
export async function approveAuthorization(authorizationUrl: string | URL, email: string, password: string): Promise<URL> {
    const url = new URL(authorizationUrl);
    const session = new BrowserlessSession(url.origin);
    const last = await signInThrough(session, await session.open(url), { email, password });
    if (!last.leftTo) throw new Error(`authorization did not redirect back to the client: ${pageText(last)}`);
    return last.leftTo;
}
