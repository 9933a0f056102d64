// The test authorization server's own process, on Node 22 (AuthServerChild.ts says why), run as
// `node --import tsx authServerProcess.ts` with an IPC channel: the test process sends control
// requests (protocol.ts) and gets one reply for each.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Provider } from 'oidc-provider';
import type { OidcContext } from 'oidc-provider';

import { interactionRoutes } from './interactions';
import { MemoryStore } from './MemoryStore';
import { providerConfiguration } from './providerConfiguration';
import type { TokenPolicy } from './providerConfiguration';
import type { AuthCounters, ControlOperation, ControlOperations, ControlReply, ControlRequest, ResolvedAuthServerOptions } from './protocol';

interface Running {
    store: MemoryStore;
    policy: TokenPolicy;
    counters: AuthCounters;
    authorizationRequests: Record<string, string>[];
}

let running: Running | undefined;

function increment(record: Record<string, number>, key: string): void {
    record[key] = (record[key] ?? 0) + 1;
}

function grantTypeOf(ctx: OidcContext): string {
    const grantType = ctx.oidc.params?.grant_type;
    return typeof grantType === 'string' ? grantType : 'unknown';
}

async function start(options: ResolvedAuthServerOptions): Promise<ReturnType<ControlOperations['start']>> {
    if (running) throw new Error('already started');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // Port 0: the system picks a free port, so parallel test processes cannot collide.
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const state: Running = {
        store: new MemoryStore(),
        policy: { accessTokenTtlSeconds: options.accessTokenTtlSeconds },
        counters: { tokenRequests: {}, tokenErrors: {}, refreshes: 0, authorizations: 0, deviceAuthorizations: 0, introspections: 0 },
        authorizationRequests: [],
    };
    const provider = new Provider(issuer, providerConfiguration(options, state.store, state.policy));
    const { counters } = state;
    provider.on('grant.success', (ctx) => {
        increment(counters.tokenRequests, grantTypeOf(ctx));
        if (grantTypeOf(ctx) === 'refresh_token') counters.refreshes += 1;
    });
    provider.on('grant.error', (ctx, error) => {
        increment(counters.tokenRequests, grantTypeOf(ctx));
        increment(counters.tokenErrors, `${grantTypeOf(ctx)} ${error.error}`);
    });
    provider.on('device_authorization.success', (_ctx, body) => {
        counters.deviceAuthorizations += 1;
        // oidc-provider sends no `interval`, so clients would wait RFC 8628's default 5 s between polls.
        body.interval = options.devicePollIntervalSeconds;
    });
    provider.on('server_error', (_ctx, error) => console.error('auth server error', error));

    const interactions = interactionRoutes(provider, options.accounts);
    const oidc = provider.callback();
    const endpoint = (route: string) => new URL(provider.urlFor(route)).pathname;
    const [authorizationPath, introspectionPath] = [endpoint('authorization'), endpoint('introspection')];
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', issuer);
        if (url.pathname === authorizationPath) {
            counters.authorizations += 1;
            state.authorizationRequests.push(Object.fromEntries(url.searchParams));
        }
        if (url.pathname === introspectionPath) counters.introspections += 1;
        interactions(req, res, url).then(
            (handled) => handled || oidc(req, res),
            (error: unknown) => {
                console.error('interaction error', error);
                res.destroy();
            },
        );
    });
    running = state;
    return {
        issuer,
        endpoints: {
            authorization: provider.urlFor('authorization'),
            token: provider.urlFor('token'),
            deviceAuthorization: provider.urlFor('device_authorization'),
            deviceVerification: provider.urlFor('code_verification'),
            introspection: provider.urlFor('introspection'),
            revocation: provider.urlFor('revocation'),
        },
    };
}

function current(): Running {
    if (!running) throw new Error('not started');
    return running;
}

type Handlers = { [K in ControlOperation]: (...args: Parameters<ControlOperations[K]>) => Promise<ReturnType<ControlOperations[K]>> };

const handlers: Handlers = {
    start,
    revokeGrants: async (email) => current().store.revokeAccount(email),
    forgetAccessTokens: async (email) => current().store.forgetAccessTokens(email),
    counters: async () => structuredClone(current().counters),
    authorizationRequests: async () => [...current().authorizationRequests],
    setAccessTokenTtl: async (seconds) => {
        current().policy.accessTokenTtlSeconds = seconds;
    },
};

function reply(message: ControlReply): void {
    process.send?.(message);
}

process.on('message', (request: ControlRequest) => {
    const handler = handlers[request.op] as (...args: unknown[]) => Promise<unknown>;
    handler(...request.args).then(
        (result) => reply({ id: request.id, result }),
        (error: unknown) => reply({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
});

// The test process has gone, whether it finished, crashed or was killed: so has our purpose.
process.on('disconnect', () => process.exit(0));
