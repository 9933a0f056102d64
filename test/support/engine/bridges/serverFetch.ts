import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Rocket.Chat's `serverFetch` (packages/server-fetch/src/index.ts, parsers.ts, checkForSsrf.ts,
 * checkForSsrfHelpers.ts, constants.ts) on Node's own fetch instead of node-fetch 2: what the
 * apps' HTTP bridge calls out with.
 *
 * Reproduced: an object body (not a Buffer) sent as JSON with `Content-Type: application/json`
 * forced, unless the request says `application/x-www-form-urlencoded`; one timeout (default 20 s)
 * for the request and its redirects, ending in node-fetch's "The user aborted a request."; redirects
 * followed by hand, at most 5 (`error-too-many-redirects`), each with the same method, headers and
 * body (core turns neither 303 nor 301/302 after POST into GET), a redirect without Location →
 * `redirect-response-location-header-missing`; the method upper-cased and node-fetch's default
 * `Accept` and `User-Agent`; a refused connection → node-fetch's "request to <url> failed, reason:
 * <why>"; `ignoreSsrfValidation: false` → core's SSRF check (below). Certificates are always
 * verified against the system's and NODE_EXTRA_CA_CERTS's authorities: the newest server-fetch
 * ignores `allowSelfSignedCerts` for https.
 *
 * Left out: HTTP(S)_PROXY from the environment (proxy-from-env); pinning the resolved address
 * (Host header and TLS servername) after the SSRF check; the header differences of Node's fetch
 * (`accept-language: *`, `sec-fetch-mode: cors`, keep-alive instead of `Connection: close`) and its
 * refusal of the fetch standard's "bad ports", which node-fetch does not refuse.
 */
export interface ServerFetchOptions {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeout?: number;
    ignoreSsrfValidation?: boolean;
    /** Core passes its `SSRF_Allowlist` setting when it validates. */
    allowList?: string;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_TIMEOUT = 20_000;
/** What node-fetch 2 sends when the caller did not say. */
const NODE_FETCH_DEFAULT_HEADERS: Record<string, string> = { Accept: '*/*', 'User-Agent': 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)' };

export async function serverFetch(input: string, options: ServerFetchOptions = {}): Promise<Response> {
    const { method, body, headers } = parseRequestOptions(options);
    const sent = withDefaultHeaders(headers);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeout ?? DEFAULT_TIMEOUT);
    let currentUrl = input;
    try {
        for (let redirectCount = 0; redirectCount <= MAX_REDIRECTS; redirectCount += 1) {
            if (!options.ignoreSsrfValidation && !(await ssrfAllowed(currentUrl, options.allowList))) throw new Error('error-ssrf-validation-failed');
            const response = await nodeFetchLike(currentUrl, { method: (method ?? 'GET').toUpperCase(), body, headers: sent, signal: controller.signal });
            if (!REDIRECT_STATUS.has(response.status)) return response;
            const location = response.headers.get('location');
            if (!location) throw new Error('redirect-response-location-header-missing');
            if (redirectCount === MAX_REDIRECTS) throw new Error('error-too-many-redirects');
            currentUrl = new URL(location, currentUrl).toString();
            await response.body?.cancel();
        }
    } finally {
        clearTimeout(timer);
    }
    throw new Error('error-processing-request');
}

/** server-fetch's parsers.ts: JSON for an object body unless the request is form-encoded. */
function parseRequestOptions(options: ServerFetchOptions): { method?: string; body?: string | Buffer; headers: Record<string, string> } {
    let headers = options.headers ?? {};
    let body = options.body;
    const contentType = (headers['Content-Type'] || headers['content-type'])?.toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded' && typeof body === 'object' && body !== undefined && !Buffer.isBuffer(body)) {
        body = JSON.stringify(body);
        headers = { ...headers, 'Content-Type': 'application/json' }; // force content type to be json
    }
    // node-fetch 2 sends any other value as its String().
    const sendable = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : String(body);
    return { method: options.method, body: sendable, headers };
}

function withDefaultHeaders(headers: Record<string, string>): Headers {
    const sent = new Headers(headers);
    for (const [name, value] of Object.entries(NODE_FETCH_DEFAULT_HEADERS)) if (!sent.has(name)) sent.set(name, value);
    return sent;
}

async function nodeFetchLike(url: string, init: { method: string; body?: string | Buffer; headers: Headers; signal: AbortSignal }): Promise<Response> {
    try {
        return await fetch(url, { ...init, body: init.method === 'GET' || init.method === 'HEAD' ? undefined : init.body, redirect: 'manual' });
    } catch (error) {
        if (init.signal.aborted) throw Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' });
        const cause = (error as { cause?: { message?: string; code?: string } }).cause;
        throw Object.assign(new Error(`request to ${url} failed, reason: ${cause?.message ?? (error as Error).message}`), {
            name: 'FetchError',
            type: 'system',
            code: cause?.code,
            errno: cause?.code,
        });
    }
}

const IPV4_RANGES = [
    '0.0.0.0/8',
    '10.0.0.0/8',
    '100.64.0.0/10',
    '127.0.0.0/8',
    '169.254.0.0/16',
    '172.16.0.0/12',
    '192.0.0.0/24',
    '192.0.2.0/24',
    '192.88.99.0/24',
    '192.168.0.0/16',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '224.0.0.0/4',
    '240.0.0.0/4',
    '255.255.255.255',
    '100.100.100.200/32',
];
const IPV6_RANGES = [
    '::/128',
    '::1/128',
    '::ffff:0:0/96',
    '3fff::/20',
    '5f00::/16',
    '64:ff9b::/96',
    '64:ff9b:1::/48',
    '100::/64',
    '2001::/32',
    '2001:20::/28',
    '2001:db8::/32',
    '2002::/16',
    'fc00::/7',
    'fe80::/10',
    'ff00::/8',
];
const DOMAIN = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[A-Za-z]{2,63}$/;

/** checkForSsrf.ts checkForSsrfWithIp: an http(s) URL whose host is allowlisted, or neither a private address nor a name resolving to one. */
async function ssrfAllowed(input: string, allowList = ''): Promise<boolean> {
    let url: URL;
    try {
        url = new URL(input);
    } catch {
        return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const isAddress = isIP(host) !== 0;
    const isDomain = DOMAIN.test(host);
    if (!isAddress && !isDomain) return false;
    const bracketed = isIP(host) === 6 ? `[${host}]` : host.toLowerCase();
    const entries = allowList
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => (DOMAIN.test(entry) ? entry.toLowerCase() : isIP(entry) === 6 ? `[${entry}]` : entry.toLowerCase()));
    const resolve = async () => (await lookup(host)).address;
    if (entries.some((entry) => entry === bracketed || entry === `${bracketed}:${url.port}`)) {
        return (
            isAddress ||
            (await resolve().then(
                () => true,
                () => false,
            ))
        );
    }
    if (isAddress) return !inPrivateRange(host);
    if (/metadata\.google\.internal/i.test(host)) return false;
    return resolve().then(
        (address) => !inPrivateRange(address),
        () => false,
    );
}

function inPrivateRange(address: string): boolean {
    return (address.includes(':') ? IPV6_RANGES : IPV4_RANGES).some((range) => inCidr(address, range));
}

function inCidr(address: string, cidr: string): boolean {
    const [network, prefixText] = cidr.split('/');
    const family = isIP(address);
    if (family !== isIP(network)) return false;
    const bits = family === 4 ? 32 : 128;
    const prefix = BigInt(prefixText ? Number(prefixText) : bits);
    const mask = prefix === 0n ? 0n : ((1n << prefix) - 1n) << (BigInt(bits) - prefix);
    return (toBigInt(address) & mask) === (toBigInt(network) & mask);
}

function toBigInt(address: string): bigint {
    if (isIP(address) === 4) return address.split('.').reduce((value, octet) => (value << 8n) + BigInt(Number(octet)), 0n);
    const groups = (part: string): string[] =>
        part
            .split(':')
            .filter(Boolean)
            .flatMap((group) => {
                if (!group.includes('.')) return [group];
                const embedded = Number(toBigInt(group));
                return [(embedded >>> 16).toString(16), (embedded & 0xffff).toString(16)];
            });
    const [head, tail] = address.split('::');
    const left = groups(head);
    const right = tail === undefined ? [] : groups(tail);
    const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
    return all.reduce((value, group) => (value << 16n) + BigInt(parseInt(group, 16)), 0n);
}
