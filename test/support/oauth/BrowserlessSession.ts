const MAX_REDIRECTS = 20;

/** A form as the page declares it: where it posts, its fields' initial values, its submit buttons. */
export interface HtmlForm {
    action: URL;
    method: string;
    attributes: Record<string, string>;
    fields: Record<string, string>;
    buttons: { name?: string; value: string }[];
}

/** A page the session ended on, or the first address outside the server it was sent to. */
export interface SessionPage {
    url: URL;
    status: number;
    html: string;
    forms: HtmlForm[];
    /** Set when the server redirected to another origin (a client's redirect URI): not followed. */
    leftTo?: URL;
}

function decodeEntities(text: string): string {
    return text
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
}

function attributesOf(tag: string): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of tag.matchAll(/([\w.:-]+)(?:\s*=\s*"([^"]*)")?/g)) attributes[name.toLowerCase()] = decodeEntities(value ?? '');
    return attributes;
}

/** The forms of a page. Enough HTML for the auth server's own pages, not for the web at large. */
export function parseForms(html: string, base: URL): HtmlForm[] {
    return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, formTag, body]) => {
        const attributes = attributesOf(formTag);
        const fields: Record<string, string> = {};
        for (const [, tag] of body.matchAll(/<input\b([^>]*)>/gi)) {
            const input = attributesOf(tag);
            if (input.name) fields[input.name] = input.value ?? '';
        }
        const buttons = [...body.matchAll(/<button\b([^>]*)>/gi)]
            .map(([, tag]) => attributesOf(tag))
            .filter((button) => (button.type ?? 'submit') === 'submit')
            .map((button) => ({ name: button.name, value: button.value ?? '' }));
        return { action: new URL(attributes.action ?? '', base), method: (attributes.method ?? 'get').toUpperCase(), attributes, fields, buttons };
    });
}

/**
 * A browser without a browser: plain HTTP requests that keep cookies (by name and path) and
 * follow redirects within the server's origin, for driving sign-in pages in tests.
 */
export class BrowserlessSession {
    private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

    constructor(private readonly origin: string) {}

    open(url: string | URL): Promise<SessionPage> {
        return this.request(new URL(url), { method: 'GET' });
    }

    /** Submits a form with its own fields, `values` over them, and the chosen button's name and value. */
    submit(form: HtmlForm, values: Record<string, string> = {}, button?: { name?: string; value?: string }): Promise<SessionPage> {
        const body = new URLSearchParams({ ...form.fields, ...values });
        if (button?.name) body.set(button.name, button.value ?? '');
        if (form.method === 'GET') {
            const url = new URL(form.action);
            for (const [name, value] of body) url.searchParams.set(name, value);
            return this.request(url, { method: 'GET' });
        }
        return this.request(form.action, { method: 'POST', body });
    }

    private async request(start: URL, init: { method: string; body?: URLSearchParams }): Promise<SessionPage> {
        let url = start;
        let { method, body } = init;
        for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (url.origin !== this.origin) return { url, status: 0, html: '', forms: [], leftTo: url };
            const response = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: this.cookieHeader(url) } });
            this.remember(response, url);
            const location = response.headers.get('location');
            if (response.status >= 300 && response.status < 400 && location) {
                await response.arrayBuffer();
                url = new URL(location, url);
                // 303 (and, as browsers do, 301/302 after a POST) continue with GET.
                if (response.status !== 307 && response.status !== 308) [method, body] = ['GET', undefined];
                continue;
            }
            const html = await response.text();
            return { url, status: response.status, html, forms: parseForms(html, url) };
        }
        throw new Error(`more than ${MAX_REDIRECTS} redirects from ${start.href}`);
    }

    private cookieHeader(url: URL): string {
        return [...this.cookies.values()]
            .filter((cookie) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
            .map((cookie) => `${cookie.name}=${cookie.value}`)
            .join('; ');
    }

    private remember(response: Response, url: URL): void {
        for (const header of response.headers.getSetCookie()) {
            const [pair, ...attributeParts] = header.split(';').map((part) => part.trim());
            const separator = pair.indexOf('=');
            const [name, value] = [pair.slice(0, separator), pair.slice(separator + 1)];
            const attributes = Object.fromEntries(
                attributeParts.map((part) => {
                    const [key, ...rest] = part.split('=');
                    return [key.toLowerCase(), rest.join('=')];
                }),
            );
            const path = attributes.path || url.pathname.replace(/\/[^/]*$/, '') || '/';
            const expired = attributes['max-age'] === '0' || (attributes.expires !== undefined && Date.parse(attributes.expires) <= Date.now());
            if (expired || value === '') this.cookies.delete(`${name};${path}`);
            else this.cookies.set(`${name};${path}`, { name, value, path });
        }
    }
}
