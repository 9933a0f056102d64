import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import { serverFetch } from './serverFetch';

const isGetOrHead = (method: string): boolean => ['GET', 'HEAD'].includes(method.toUpperCase());

/** Core's default since it set one (there was none before): 3 minutes. */
const DEFAULT_TIMEOUT = 3 * 60 * 1000;

/** Content types whose body core also hands over parsed, as `data`. */
const JSON_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];

/**
 * An app's `http.get/post/put/del/patch` to the real URL, as core's AppHttpBridge.call
 * (apps/meteor/app/apps/server/bridges/http.ts) makes it through @rocket.chat/server-fetch
 * (`./serverFetch.ts`). The engine checked the `networking` permission before (HttpBridge.doCall);
 * the app's runtime already added the app's default headers and params (an empty `params` object
 * at least) and ran its pre-request handlers.
 *
 * Rules, in core's order: `content`, else an object `data`, is the body; `auth` "user:password"
 * becomes `Authorization: Basic` (without a colon → core's error); `params` go into the URL's
 * query for GET/HEAD or when there is a body (empty values dropped), else they become the
 * urlencoded body; GET/HEAD send no body; `timeout` or 3 minutes; SSRF validation only when the
 * request sets `ssrfValidation: true` (then against `SSRF_Allowlist`). The response:
 * `{ url, method, statusCode, headers, content, data }` with the URL and method the app asked for,
 * headers lower-cased (several values joined by ", ", Set-Cookie too, as node-fetch 2 did), the
 * body as a string in `encoding` (utf8) or as a Buffer when `encoding` is null (then no `data`),
 * `data` parsed only for JSON content types and null otherwise or when it does not parse. Errors
 * (refused connection, timeout, SSRF) reach the app as core's do.
 *
 * Left out: core's debug log of each request.
 */
export class HostHttpBridge extends HttpBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        const url = new URL(info.url);
        const { request, method } = info;
        const { headers = {} } = request;
        let content: unknown = request.content;
        if (!content && typeof request.data === 'object') content = request.data;
        if (request.auth) {
            if (request.auth.indexOf(':') < 0) throw new Error('auth option should be of the form "username:password"');
            headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
        }
        let paramsForBody: Record<string, string> | undefined;
        if (content || isGetOrHead(method)) {
            for (const [key, value] of Object.entries(request.params ?? {})) if (value) url.searchParams.append(key, value);
        } else {
            paramsForBody = request.params;
        }
        if (paramsForBody) {
            content = new URLSearchParams(Object.entries(paramsForBody)).toString();
            headers['Content-Type'] = 'application/x-www-form-urlencoded';
        }
        if (isGetOrHead(method)) content = undefined;
        const timeout = request.timeout || DEFAULT_TIMEOUT;
        const ignoreSsrfValidation = request.ssrfValidation !== true;

        const response = await serverFetch(url.href, {
            method,
            body: content,
            headers,
            timeout,
            ignoreSsrfValidation,
            allowList: ignoreSsrfValidation ? undefined : this.state.setting<string>('SSRF_Allowlist'),
        });
        const result: IHttpResponse = { url: info.url, method: info.method, statusCode: response.status, headers: nodeFetchHeaders(response.headers) };
        const body = Buffer.from(await response.arrayBuffer());
        if (request.encoding === null) {
            // Core hands the Buffer over as `content`, which the engine's type says is a string.
            result.content = body as unknown as string;
        } else {
            result.content = body.toString((request.encoding ?? undefined) as BufferEncoding | undefined);
            const contentType = (response.headers.get('content-type') || '').split(';')[0];
            result.data = JSON_TYPES.includes(contentType) ? parseOrNull(result.content) : null;
        }
        return result;
    }
}

/** `Object.fromEntries(response.headers)` as core gets it from node-fetch 2: one entry per name, Set-Cookie values joined too. */
function nodeFetchHeaders(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of headers) result[name] = name === 'set-cookie' ? headers.getSetCookie().join(', ') : value;
    return result;
}

function parseOrNull(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}
