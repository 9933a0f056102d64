import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import bodyParser from 'body-parser';
import express from 'express';
import type { Express, IRouter, NextFunction, Request, RequestHandler, Response } from 'express';

import type { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApi, IApiEndpoint, IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

import type { CoreState } from '../CoreState';

/** A request as core's middlewares leave it: `user` and `userId` (authentication.ts), `_privateHash` (api.ts). */
interface AppsApiRequest extends Request {
    _privateHash?: string;
    user?: IUser;
    userId?: string;
}

/**
 * The apps' HTTP endpoints, wired as core wires them with the real express 4 and body-parser 1.20,
 * served on a real HTTP server on 127.0.0.1 (`listen`) whose URL the host makes `Site_Url`:
 * - apps/meteor/app/apps/server/bridges/router.ts: `apiServer` (createApiServer below);
 * - apps/meteor/app/apps/server/bridges/api.ts: AppApisBridge, this class: the two mounts, one
 *   `express.Router()` per app, `_verifyApi`, `_appApiExecutor`;
 * - apps/meteor/app/api/server/middlewares/authentication.ts: authenticationMiddleware below.
 *
 * The engine checked the `api` permission before (ApiBridge.do*): without it nothing is registered
 * and every path answers 404. It answers 404 itself for a disabled app or a private api's wrong
 * hash and 401 for an api whose `security` is not UNSECURE (AppApi.runExecutor). Everything
 * between (routing, qs, body limits and parse errors, `res.send`, ETag, finalhandler's pages) is
 * Express's own; Express logs the errors it answers (a body that does not parse...) to stderr.
 *
 * Left out: core's OAuth2 server logins (no access tokens exist here), the logging, metrics and
 * tracing middlewares, Meteor (`WebApp.rawConnectHandlers`: here `apiServer` is the whole HTTP
 * server, so any other path gets Express's own finalhandler 404 where Meteor would serve the web
 * client) and `Meteor.bindEnvironment`.
 */
export class HostApiBridge extends ApiBridge {
    private readonly apiServer = createApiServer();
    private readonly appRouters = new Map<string, IRouter>();
    /** Login tokens as core stores them (hashed), each with its user's id. */
    private readonly loginTokens = new Map<string, string>();
    private server?: Server;

    constructor(
        private readonly state: CoreState,
        private readonly manager: () => AppManager,
    ) {
        super();
        // api.ts's constructor: the app's router for each mount, else 404 "Not Found".
        this.apiServer.use('/api/apps/private/:appId/:hash', (req: AppsApiRequest, res: Response) => {
            const notFound = (): Response => res.sendStatus(404);
            const router = this.appRouters.get(req.params.appId);
            if (router) {
                req._privateHash = req.params.hash;
                return router(req, res, notFound);
            }
            notFound();
        });
        this.apiServer.use('/api/apps/public/:appId', (req: Request, res: Response) => {
            const notFound = (): Response => res.sendStatus(404);
            const router = this.appRouters.get(req.params.appId);
            if (router) return router(req, res, notFound);
            notFound();
        });
    }

    /** api.ts registerApi: every endpoint an `all` route of the app's router, behind the authentication middleware. */
    protected async registerApi({ api, endpoint }: AppApi, appId: string): Promise<void> {
        verifyApi(api, endpoint);
        let router = this.appRouters.get(appId);
        if (!router) {
            router = express.Router();
            this.appRouters.set(appId, router);
        }
        let routePath = endpoint.path.trim();
        if (!routePath.startsWith('/')) routePath = `/${routePath}`;
        router.all(
            routePath,
            authenticationMiddleware({ rejectUnauthorized: !!endpoint.authRequired }, this.findOneByIdAndLoginToken),
            this.appApiExecutor(endpoint, appId),
        );
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.appRouters.delete(appId);
    }

    /** A login token for the user, as a login would give (headers `X-User-Id` and `X-Auth-Token`). */
    loginToken(user: IUser): { userId: string; authToken: string } {
        const authToken = randomBytes(32).toString('base64url');
        this.loginTokens.set(hashLoginToken(authToken), user.id);
        return { userId: user.id, authToken };
    }

    /** Starts the HTTP server on a free port of 127.0.0.1; resolves to its base URL (no trailing slash). */
    async listen(): Promise<string> {
        const server = createServer(this.apiServer);
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

    /**
     * api.ts `_appApiExecutor`: the IApiRequest core builds, the answer sent with `res.set`,
     * `res.status`, `res.send`; a rejection (or a throw while sending) → 500 with its message.
     */
    private appApiExecutor(endpoint: IApiEndpoint, appId: string): RequestHandler {
        return (req: AppsApiRequest, res: Response): void => {
            const request: IApiRequest = {
                method: req.method.toLowerCase() as RequestMethod,
                headers: req.headers as { [key: string]: string },
                query: (req.query as { [key: string]: string }) || {},
                params: req.params || {},
                content: req.body,
                privateHash: req._privateHash,
                // The users converter's convertToApp: here the stored user is already the app's shape.
                user: req.user && structuredClone(req.user),
            };
            this.manager()
                .getApiManager()
                .executeApi(appId, endpoint.path, request)
                .then(({ status, headers = {}, content }) => {
                    res.set(headers);
                    res.status(status);
                    res.send(content);
                })
                .catch((reason: Error) => {
                    res.status(500).send(reason.message);
                });
        };
    }

    /** Core's Users.findOneByIdAndLoginToken: the user with this id, if one of its login tokens hashes to this. */
    private readonly findOneByIdAndLoginToken = (userId: string, hashedToken: string): IUser | undefined => {
        const owner = this.loginTokens.get(hashedToken);
        return owner === userId ? this.state.users.get(owner) : undefined;
    };
}

/**
 * Core's apps/meteor/app/apps/server/bridges/router.ts: an express app without `X-Powered-By`,
 * body-parser's urlencoded (extended, as core passes since it silenced body-parser's warning; it
 * passed nothing before, which 1.20 reads as extended too) and json on both mounts, both with
 * their defaults (100 kB, strict JSON, utf-8). Express's `env` is production, as Rocket.Chat runs
 * (NODE_ENV): finalhandler's error pages carry the status text, not the stack.
 */
function createApiServer(): Express {
    const apiServer = express();
    apiServer.disable('x-powered-by');
    apiServer.set('env', 'production');
    apiServer.use('/api/apps/private/:appId/:hash', bodyParser.urlencoded({ extended: true }), bodyParser.json());
    apiServer.use('/api/apps/public/:appId', bodyParser.urlencoded({ extended: true }), bodyParser.json());
    return apiServer;
}

/**
 * Core's apps/meteor/app/api/server/middlewares/authentication.ts authenticationMiddleware:
 * `X-User-Id` with `X-Auth-Token` → the user owning that login token (hashed as core hashes it),
 * else core's OAuth2 server (`Authorization: Bearer` or `?access_token=`, which it takes out of
 * the query): none of its tokens exist here, so no user. `rejectUnauthorized` without a user →
 * 401 "Unauthorized".
 */
function authenticationMiddleware(
    config: { rejectUnauthorized?: boolean },
    findOneByIdAndLoginToken: (userId: string, hashedToken: string) => IUser | undefined,
): RequestHandler {
    return async (req: AppsApiRequest, res: Response, next: NextFunction): Promise<void> => {
        const { 'x-user-id': userId, 'x-auth-token': authToken } = req.headers;
        if (userId && authToken) {
            req.user = findOneByIdAndLoginToken(userId as string, hashLoginToken(authToken as string)) || undefined;
        } else {
            delete req.query.access_token;
            req.user = undefined;
        }
        if (config.rejectUnauthorized && !req.user) {
            res.status(401).send('Unauthorized');
            return;
        }
        req.userId = req?.user?.id;
        next();
    };
}

/** @rocket.chat/account-utils hashLoginToken (Meteor's Accounts._hashLoginToken): SHA-256, base64. */
function hashLoginToken(loginToken: string): string {
    return createHash('sha256').update(loginToken).digest('base64');
}

/** Core's AppApisBridge._verifyApi. */
function verifyApi(api: IApi, endpoint: IApiEndpoint): void {
    if (typeof api !== 'object') throw new Error('Invalid Api parameter provided, it must be a valid IApi object.');
    if (typeof endpoint.path !== 'string') throw new Error('Invalid Api parameter provided, it must be a valid IApi object.');
}
