import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApi, IApiEndpoint, IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

import type { CoreState } from '../CoreState';
import { ExpressResponse, finalHandler, matchRoute, parseBody, parseQs, routePattern } from './expressModel';
import type { RoutePattern } from './expressModel';

interface AppRoute {
    endpoint: IApiEndpoint;
    pattern: RoutePattern;
}

/** The two mounts of core's apiServer, private first as core registers them. */
const PRIVATE_MOUNT = routePattern('/api/apps/private/:appId/:hash', { end: false });
const PUBLIC_MOUNT = routePattern('/api/apps/public/:appId', { end: false });

/**
 * The apps' HTTP endpoints, as core's AppApisBridge (apps/meteor/app/apps/server/bridges/api.ts)
 * serves them on its express `apiServer` (bridges/router.ts), here on a real HTTP server on
 * 127.0.0.1 (`listen`). The engine checked the `api` permission before (ApiBridge.do*): without
 * it nothing is registered and every path answers 404.
 *
 * registerApi: core's `_verifyApi` errors; one router per app, each endpoint an express
 * `router.all('/' + path.trim())` (path-to-regexp: `:params`, case-insensitive, trailing slash
 * optional), behind the authentication middleware. unregisterApis drops the app's router.
 *
 * A request: `/api/apps/private/<appId>/<hash>/<path>` or `/api/apps/public/<appId>/<path>`;
 * body-parser's urlencoded and json (expressModel.ts parseBody; their errors → finalhandler's
 * 400/413/415 page); no router for the app → 404 "Not Found"; no endpoint matching → 404;
 * authentication (apps/meteor/app/api/server/middlewares/authentication.ts): `X-User-Id` with
 * `X-Auth-Token` from `loginToken()` → that user, `authRequired` without one → 401 "Unauthorized";
 * then `executeApi(appId, endpoint.path, request)` with the IApiRequest core builds (method
 * lower-cased, Node's lower-cased headers, the query (qs), the route's own params, `content` =
 * the parsed body (`{}` when there is none), `privateHash`, `user`) and the answer sent with
 * `res.set(headers)`, `res.status(status)`, `res.send(content)` (a string → text/html, an object →
 * JSON, a Buffer → octet-stream, with Content-Length and a weak ETag); a rejection → 500 with its
 * message. The engine itself answers 404 for a disabled app or a wrong private hash and 401 for an
 * api whose `security` is not UNSECURE (AppApi.runExecutor).
 *
 * Left out: authentication by core's own OAuth2 server (`Authorization: Bearer`/`access_token`),
 * core's logging, metrics and tracing middlewares, Meteor's other routes (any other path → 404
 * "Cannot GET ...", where Meteor would serve the web client).
 */
export class HostApiBridge extends ApiBridge {
    private readonly appRouters = new Map<string, AppRoute[]>();
    private readonly loginTokens = new Map<string, string>();
    private server?: Server;

    constructor(
        private readonly state: CoreState,
        private readonly manager: () => AppManager,
    ) {
        super();
    }

    protected async registerApi({ api, endpoint }: AppApi, appId: string): Promise<void> {
        verifyApi(api, endpoint);
        let router = this.appRouters.get(appId);
        if (!router) {
            router = [];
            this.appRouters.set(appId, router);
        }
        let routePath = endpoint.path.trim();
        if (!routePath.startsWith('/')) routePath = `/${routePath}`;
        router.push({ endpoint, pattern: routePattern(routePath, { end: true }) });
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.appRouters.delete(appId);
    }

    /** A login token for the user, as a login would give (headers `X-User-Id` and `X-Auth-Token`). */
    loginToken(user: IUser): { userId: string; authToken: string } {
        const authToken = randomBytes(32).toString('base64url');
        this.loginTokens.set(authToken, user.id);
        return { userId: user.id, authToken };
    }

    /** Starts the HTTP server on a free port of 127.0.0.1; resolves to its base URL (no trailing slash). */
    async listen(): Promise<string> {
        const server = createServer((req, res) => {
            this.handle(req, res).catch((error: unknown) => {
                if (!res.headersSent) finalHandler(req, res, error);
                else res.destroy();
            });
        });
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve());
        });
        this.server = server;
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    async close(): Promise<void> {
        const server = this.server;
        if (!server) return;
        this.server = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const response = new ExpressResponse(req, res);
        const [pathname, search = ''] = (req.url ?? '/').split(/\?(.*)/s);
        let isPrivate = true;
        let mount = matchRoute(PRIVATE_MOUNT, pathname);
        if (!mount) {
            isPrivate = false;
            mount = matchRoute(PUBLIC_MOUNT, pathname);
        }
        if (!mount) return finalHandler(req, res);
        // apiServer's query parser, then router.ts's urlencoded() and json() for the mount.
        const query = parseQs(search);
        const body = await parseBody(req);
        const router = this.appRouters.get(mount.params.appId);
        if (!router) {
            response.sendStatus(404);
            return;
        }
        let rest = pathname.slice(mount.matched.length);
        if (!rest.startsWith('/')) rest = `/${rest}`;
        for (const { endpoint, pattern } of router) {
            const route = matchRoute(pattern, rest);
            if (!route) continue;
            const user = this.authenticate(req);
            if (endpoint.authRequired && !user) {
                response.status(401).send('Unauthorized');
                return;
            }
            const request: IApiRequest = {
                method: (req.method ?? 'GET').toLowerCase() as RequestMethod,
                headers: req.headers as Record<string, string>,
                query: query as Record<string, string>,
                params: route.params,
                content: body,
                privateHash: isPrivate ? mount.params.hash : undefined,
                user,
            };
            try {
                const { status, headers = {}, content } = await this.manager().getApiManager().executeApi(mount.params.appId, endpoint.path, request);
                response.set(headers);
                response.status(status);
                response.send(content);
            } catch (reason) {
                response.status(500).send((reason as Error).message);
            }
            return;
        }
        response.sendStatus(404);
    }

    private authenticate(req: IncomingMessage): IUser | undefined {
        const userId = req.headers['x-user-id'];
        const authToken = req.headers['x-auth-token'];
        if (!userId || !authToken) return undefined;
        const owner = this.loginTokens.get(String(authToken));
        const user = owner === userId ? this.state.users.get(owner) : undefined;
        return user && structuredClone(user);
    }
}

/** Core's AppApisBridge._verifyApi. */
function verifyApi(api: IApi, endpoint: IApiEndpoint): void {
    if (typeof api !== 'object') throw new Error('Invalid Api parameter provided, it must be a valid IApi object.');
    if (typeof endpoint.path !== 'string') throw new Error('Invalid Api parameter provided, it must be a valid IApi object.');
}
