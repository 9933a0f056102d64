import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/**
 * The parts of Express 4 (4.21, what Rocket.Chat's apps API server `apiServer` is) that shape what
 * an app endpoint receives and what its caller gets back: route paths (path-to-regexp 0.1), the
 * `extended` query parser (qs), body-parser 1.20's `urlencoded()` and `json()`, `res.set`,
 * `res.status`, `res.send`, `res.sendStatus`, and finalhandler's error page in production.
 */

/** A thrown error that carries the HTTP status Express answers with (body-parser's, a bad route parameter). */
export class HttpError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

export interface RoutePattern {
    regexp: RegExp;
    keys: Array<string | number>;
}

/**
 * path-to-regexp 0.1 as Express 4 calls it: case-insensitive, a trailing slash optional, `:name`
 * segments (optionally `?`), `*` for anything; `end: false` (app.use) matches a path prefix.
 */
export function routePattern(path: string, { end }: { end: boolean }): RoutePattern {
    const keys: Array<string | number> = [];
    let wildcard = 0;
    let source = `^${path}${path.endsWith('/') ? '?' : '/?'}`
        .replace(/\/\(/g, '/(?:')
        .replace(/([/.])/g, '\\$1')
        .replace(
            /(\\\/)?(\\\.)?:(\w+)(\(.*?\))?(\*)?(\?)?/g,
            (_match, slash: string | undefined, format: string | undefined, key: string, capture, star, optional) => {
                keys.push(key);
                const dot = format ? '\\.' : '';
                const group = capture ?? `([^/${dot}]+?)`;
                return `(?:${dot}${slash ?? ''}${group}${star ? `((?:[/${dot}].+?)?)` : ''})${optional ?? ''}`;
            },
        )
        .replace(/\*/g, () => {
            keys.push(wildcard++);
            return '(.*)';
        });
    source += end ? '$' : path.endsWith('/') ? '' : '(?=\\/|$)';
    return { regexp: new RegExp(source, 'i'), keys };
}

/** Layer.match: the matched part and the decoded parameters, or undefined. */
export function matchRoute(pattern: RoutePattern, pathname: string): { matched: string; params: Record<string, string> } | undefined {
    const match = pattern.regexp.exec(pathname);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    pattern.keys.forEach((key, index) => {
        const value = match[index + 1];
        if (value !== undefined) params[key] = decodeParam(value);
    });
    return { matched: match[0], params };
}

function decodeParam(value: string): string {
    try {
        return decodeURIComponent(value);
    } catch {
        throw new HttpError(400, `Failed to decode param '${value}'`);
    }
}

function decodeQs(text: string): string {
    const spaced = text.replace(/\+/g, ' ');
    try {
        return decodeURIComponent(spaced);
    } catch {
        return spaced;
    }
}

type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/**
 * qs.parse as Express's `extended` query parser and body-parser's extended urlencoded parser call
 * it: `+` is a space, repeated keys become arrays, `a[b]=c` nests (up to `depth` brackets, the rest
 * kept as a literal key), `a[]=x` and `a[0]=x` (index up to 20) make arrays; at most 1000 pairs.
 * Left out: qs's merging of conflicting shapes (an array meeting an object) beyond the plain cases.
 */
export function parseQs(text: string, { depth = 5 }: { depth?: number } = {}): Record<string, QueryValue> {
    const flat = new Map<string, QueryValue>();
    for (const part of text.split('&', 1000)) {
        if (!part) continue;
        const bracketEquals = part.indexOf(']=');
        const position = bracketEquals === -1 ? part.indexOf('=') : bracketEquals + 1;
        const key = decodeQs(position === -1 ? part : part.slice(0, position));
        if (!key) continue;
        const value = position === -1 ? '' : decodeQs(part.slice(position + 1));
        const existing = flat.get(key);
        flat.set(key, existing === undefined ? value : ([] as QueryValue[]).concat(existing, value));
    }
    const result: Record<string, QueryValue> = {};
    for (const [key, value] of flat) assign(result, keySegments(key, depth), value);
    return result;
}

function keySegments(key: string, depth: number): string[] {
    const first = key.indexOf('[');
    if (first <= 0) return [key];
    const segments = [key.slice(0, first)];
    const brackets = /\[([^[\]]*)\]/g;
    brackets.lastIndex = first;
    let match: RegExpExecArray | null;
    let end = first;
    while (segments.length <= depth && (match = brackets.exec(key)) !== null && match.index === end) {
        segments.push(match[1]);
        end = brackets.lastIndex;
    }
    if (end < key.length) segments.push(key.slice(end));
    return segments;
}

function assign(target: Record<string, QueryValue> | QueryValue[], segments: string[], value: QueryValue): void {
    const [segment, ...rest] = segments;
    const container = target as Record<string, QueryValue>;
    if (segment === '__proto__') return;
    if (rest.length === 0) {
        if (Array.isArray(target) && (segment === '' || /^\d+$/.test(segment))) {
            target.push(...([] as QueryValue[]).concat(value));
            return;
        }
        const existing = container[segment];
        container[segment] = existing === undefined ? value : ([] as QueryValue[]).concat(existing, value);
        return;
    }
    const next = rest[0];
    const wantsArray = next === '' || (/^\d+$/.test(next) && Number(next) <= 20);
    let child = Array.isArray(target) && (segment === '' || /^\d+$/.test(segment)) ? undefined : container[segment];
    if (child === undefined || typeof child === 'string') {
        child = wantsArray ? [] : {};
        if (Array.isArray(target) && (segment === '' || /^\d+$/.test(segment))) target.push(child);
        else container[segment] = child;
    }
    assign(child as Record<string, QueryValue> | QueryValue[], rest, value);
}

const BODY_LIMIT = 100 * 1024;

/** The media type of a Content-Type header (type-is's normalisation: lower-cased, parameters dropped). */
function mediaType(header: string | undefined): string | undefined {
    const type = header?.split(';')[0].trim().toLowerCase();
    return type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : undefined;
}

function charsetOf(header: string | undefined): string | undefined {
    return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header ?? '')?.[1]?.toLowerCase();
}

/**
 * `bodyParser.urlencoded()` then `bodyParser.json()` (body-parser 1.20, Express 4's; core's
 * apps/meteor/app/apps/server/bridges/router.ts mounts both on the apps' paths): `{}` unless the
 * request has a body of type application/x-www-form-urlencoded (qs, extended, since core passes
 * no `extended`) or application/json (strict: only an object or an array; `{}` when empty).
 * 100 kB at most (413), a JSON that does not parse → 400, a charset other than utf-8 (urlencoded)
 * or utf-* (json) → 415, Content-Encoding gzip and deflate inflated, others → 415.
 */
export async function parseBody(req: IncomingMessage): Promise<unknown> {
    const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));
    const type = mediaType(req.headers['content-type']);
    if (!hasBody || (type !== 'application/x-www-form-urlencoded' && type !== 'application/json')) return {};
    const charset = charsetOf(req.headers['content-type']) ?? 'utf-8';
    if (type === 'application/x-www-form-urlencoded' ? charset !== 'utf-8' : !charset.startsWith('utf-')) {
        throw new HttpError(415, `unsupported charset "${charset.toUpperCase()}"`);
    }
    const text = (await readBody(req)).toString(charset === 'utf-16le' ? 'utf16le' : 'utf8');
    if (type === 'application/x-www-form-urlencoded') {
        if (text.split('&').length > 1000) throw new HttpError(413, 'too many parameters');
        return text.length > 0 ? parseQs(text, { depth: 32 }) : {};
    }
    if (text.length === 0) return {};
    const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
    if (first !== '{' && first !== '[') throw new HttpError(400, `Unexpected token ${first ?? 'end'} in JSON`);
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new HttpError(400, (error as Error).message);
    }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
    const declared = Number.parseInt(req.headers['content-length'] ?? '', 10);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (!['identity', 'gzip', 'deflate'].includes(encoding)) throw new HttpError(415, `unsupported content encoding "${encoding}"`);
    if (encoding === 'identity' && declared > BODY_LIMIT) throw new HttpError(413, 'request entity too large');
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of req) {
        received += (chunk as Buffer).length;
        if (received > BODY_LIMIT) throw new HttpError(413, 'request entity too large');
        chunks.push(chunk as Buffer);
    }
    if (encoding === 'identity' && !Number.isNaN(declared) && declared !== received) throw new HttpError(400, 'request size did not match content length');
    const raw = Buffer.concat(chunks);
    if (encoding === 'identity') return raw;
    const inflated = encoding === 'gzip' ? gunzipSync(raw) : inflateSync(raw);
    if (inflated.length > BODY_LIMIT) throw new HttpError(413, 'request entity too large');
    return inflated;
}

/** mime 1's charsets.lookup, as res.set uses it: UTF-8 for text/*, JSON and JavaScript. */
function defaultCharset(type: string): string | undefined {
    return /^text\/|^application\/(javascript|json)/.test(type) ? 'utf-8' : undefined;
}

/** content-type's format(parse(type)) with the charset set, as res.send does for a string. */
function setCharset(type: string, charset: string): string {
    const [media, ...parts] = type.split(';');
    const parsed = media.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(parsed)) throw new TypeError('invalid media type');
    const parameters: Record<string, string> = {};
    for (const part of parts) {
        const index = part.indexOf('=');
        if (index > 0)
            parameters[part.slice(0, index).trim().toLowerCase()] = part
                .slice(index + 1)
                .trim()
                .replace(/^"(.*)"$/, '$1');
    }
    parameters.charset = charset;
    const quoted = (value: string) => (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`);
    return [
        parsed,
        ...Object.keys(parameters)
            .sort()
            .map((name) => `${name}=${quoted(parameters[name])}`),
    ].join('; ');
}

/** etag 1.8 weak tags, Express's default `etag fn`. */
function weakEtag(body: Buffer): string {
    if (body.length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
    return `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').substring(0, 27)}"`;
}

/** fresh 0.5 (req.fresh): a conditional GET/HEAD the response's ETag or Last-Modified satisfies. */
function isFresh(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!((res.statusCode >= 200 && res.statusCode < 300) || res.statusCode === 304)) return false;
    const modifiedSince = req.headers['if-modified-since'];
    const noneMatch = req.headers['if-none-match'];
    if (!modifiedSince && !noneMatch) return false;
    if (/(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(req.headers['cache-control'] ?? '')) return false;
    if (noneMatch && noneMatch !== '*') {
        const etag = res.getHeader('ETag') as string | undefined;
        if (!etag) return false;
        const matches = noneMatch.split(',').map((token) => token.trim());
        if (!matches.some((match) => match === etag || match === `W/${etag}` || `W/${match}` === etag)) return false;
    }
    if (modifiedSince) {
        const lastModified = res.getHeader('Last-Modified') as string | undefined;
        if (!lastModified || !(Date.parse(lastModified) <= Date.parse(modifiedSince))) return false;
    }
    return true;
}

/** Express 4's response methods the apps API server uses, over Node's ServerResponse. */
export class ExpressResponse {
    constructor(
        private readonly req: IncomingMessage,
        readonly res: ServerResponse,
    ) {}

    /** res.set: each value String()ed; a Content-Type without charset gets mime's default one. */
    set(field: string | Record<string, unknown>, value?: unknown): this {
        if (typeof field !== 'string') {
            for (const key in field) this.set(key, field[key]);
            return this;
        }
        let text: string | string[] = Array.isArray(value) ? value.map(String) : String(value);
        if (field.toLowerCase() === 'content-type') {
            if (Array.isArray(text)) throw new TypeError('Content-Type cannot be set to an Array');
            const charset = /;\s*charset\s*=/.test(text) ? undefined : defaultCharset(text.split(';')[0]);
            if (charset) text += `; charset=${charset}`;
        }
        this.res.setHeader(field, text);
        return this;
    }

    status(code: number): this {
        this.res.statusCode = code;
        return this;
    }

    /** res.send: a string as text/html unless typed, an object (or boolean) as JSON, a Buffer as octet-stream, null as empty. */
    send(body?: unknown): this {
        let chunk = body;
        if (typeof chunk === 'number') {
            if (!this.res.getHeader('Content-Type')) this.set('Content-Type', 'text/plain');
            this.res.statusCode = chunk;
            chunk = STATUS_CODES[chunk];
        }
        if (typeof chunk === 'string') {
            if (!this.res.getHeader('Content-Type')) this.set('Content-Type', 'text/html');
        } else if (typeof chunk === 'boolean' || typeof chunk === 'object') {
            if (chunk === null) chunk = '';
            else if (Buffer.isBuffer(chunk)) {
                if (!this.res.getHeader('Content-Type')) this.set('Content-Type', 'application/octet-stream');
            } else {
                return this.json(chunk);
            }
        }
        let buffer: Buffer | undefined;
        if (typeof chunk === 'string') {
            const type = this.res.getHeader('Content-Type');
            if (typeof type === 'string') this.res.setHeader('Content-Type', setCharset(type, 'utf-8'));
            buffer = Buffer.from(chunk, 'utf8');
        } else if (Buffer.isBuffer(chunk)) {
            buffer = chunk;
        }
        if (buffer) {
            this.res.setHeader('Content-Length', buffer.length);
            if (!this.res.getHeader('ETag')) this.res.setHeader('ETag', weakEtag(buffer));
        }
        if (isFresh(this.req, this.res)) this.res.statusCode = 304;
        if (this.res.statusCode === 204 || this.res.statusCode === 304) {
            for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding']) this.res.removeHeader(name);
            buffer = Buffer.alloc(0);
        }
        if (this.res.statusCode === 205) {
            this.res.setHeader('Content-Length', '0');
            this.res.removeHeader('Transfer-Encoding');
            buffer = Buffer.alloc(0);
        }
        if (this.req.method === 'HEAD' || buffer === undefined) this.res.end();
        else this.res.end(buffer);
        return this;
    }

    json(body: unknown): this {
        const text = JSON.stringify(body);
        if (!this.res.getHeader('Content-Type')) this.set('Content-Type', 'application/json');
        return this.send(text);
    }

    sendStatus(code: number): this {
        this.res.statusCode = code;
        this.set('Content-Type', 'text/plain');
        return this.send(STATUS_CODES[code] ?? String(code));
    }
}

/** finalhandler in production (NODE_ENV=production, as Rocket.Chat runs): the status text in a small HTML page. */
export function finalHandler(req: IncomingMessage, res: ServerResponse, error?: unknown): void {
    const status = error instanceof HttpError ? error.status : error ? 500 : 404;
    const message = error ? (STATUS_CODES[status] ?? String(status)) : `Cannot ${req.method} ${(req.url ?? '/').split('?')[0]}`;
    const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const page = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${escaped}</pre>\n</body>\n</html>\n`;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(page));
    res.end(req.method === 'HEAD' ? undefined : page);
}
