import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

import type {
    AuthClient,
    AuthCounters,
    AuthEndpoints,
    AuthServerOptions,
    ControlOperation,
    ControlOperations,
    ControlReply,
    ControlRequest,
    ResolvedAuthServerOptions,
} from './protocol';
import { DEVICE_CODE_GRANT } from './protocol';
import { approveAuthorization, approveDevice } from './signIn';

const root = resolve(__dirname, '../../..');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;

/** RFC 7662 introspection answer, as the auth server gives it to the mail servers. */
export interface Introspection {
    active: boolean;
    /** The account: its email address. */
    sub?: string;
    scope?: string;
    client_id?: string;
    /** Epoch seconds. */
    exp?: number;
    token_type?: string;
}

/**
 * A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1, with its own login,
 * consent and device pages. Its accounts' id, the `sub` of their tokens, is their email address.
 */
export interface AuthServer {
    issuer: string;
    endpoints: AuthEndpoints;
    clients: AuthClient[];
    mailScopes: string[];
    /** What mail servers authenticate with at the introspection endpoint (client_secret_basic or _post). */
    introspectionClient: { clientId: string; clientSecret: string };
    /** The introspection endpoint with those credentials as user info, as Dovecot's `introspection_url` takes them. */
    introspectionUrlWithCredentials: string;
    /** Asks the introspection endpoint about a token, as a mail server does. */
    introspect(token: string): Promise<Introspection>;
    isActive(accessToken: string): Promise<boolean>;
    /** Enters the user code, signs in and consents through the server's pages over HTTP, as a user would. */
    approveDevice(userCode: string, email: string, password: string): Promise<void>;
    /**
     * Opens an authorization URL, signs in and consents over HTTP; returns where the server sends
     * the browser back to (the client's redirect URI with `code` and `state`, or `error`).
     */
    approveAuthorization(authorizationUrl: string | URL, email: string, password: string): Promise<URL>;
    /** Revokes every grant of the account: its refresh and access tokens stop working at once. */
    revokeGrants(email: string): Promise<number>;
    counters(): Promise<AuthCounters>;
    /** The query parameters of each authorization request so far (to check what a client asked for). */
    authorizationRequests(): Promise<Record<string, string>[]>;
    /** The lifetime of access tokens issued from now on. */
    setAccessTokenTtl(seconds: number): Promise<void>;
    stop(): Promise<void>;
}

/** A public client for the device flow, as Microsoft registers desktop and device apps. */
export function microsoftLikeClient(overrides: Partial<AuthClient> = {}): AuthClient {
    return { clientId: 'microsoft-like-public-client', grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'], ...overrides };
}

/** A confidential web client for the authorization code flow, as Google registers web apps. */
export function googleLikeClient(redirectUris: string[], overrides: Partial<AuthClient> = {}): AuthClient {
    return {
        clientId: 'google-like-web-client',
        clientSecret: `secret-${randomBytes(12).toString('hex')}`,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris,
        ...overrides,
    };
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
});

async function node22(): Promise<string> {
    const setup = (await import(join(root, 'scripts/setup-engine.mjs'))) as { nodeBinary(): string };
    return setup.nodeBinary();
}

/**
 * Starts the auth server. It runs in a child process on the Node 22 binary the project installs
 * for the engine's `node` runtime, not in the test process: oidc-provider 9 supports only Node 22
 * LTS and later, and says "Unsupported runtime" on the Node 20 that runs the tests. That warning is
 * a version check, not a detected fault (it happens to work on 20.20, which has the URL.parse and
 * crypto.hash it needs), but nothing keeps a later 9.x working there, so it runs where it is
 * supported. The test drives it over Node's IPC channel; the child exits when the channel closes,
 * so no server outlives its test process.
 */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
    const resolved: ResolvedAuthServerOptions = {
        accounts: options.accounts,
        clients: options.clients ?? [microsoftLikeClient(), googleLikeClient(['http://127.0.0.1/oauth/callback'])],
        mailScopes: options.mailScopes ?? ['mail'],
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 5,
        refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 86_400,
        deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
        devicePollIntervalSeconds: options.devicePollIntervalSeconds ?? 1,
        introspectionClient: { clientId: 'mail-servers', clientSecret: `introspect-${randomBytes(12).toString('hex')}` },
    };
    const child = spawn(await node22(), ['--import', 'tsx', join(__dirname, 'authServerProcess.ts')], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    running.add(child);
    // oidc-provider's notices and any crash report: shown only when something fails.
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);

    let nextId = 1;
    const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    child.on('message', (message: ControlReply) => {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if ('error' in message) waiting?.reject(new Error(`auth server: ${message.error}`));
        else waiting?.resolve(message.result);
    });
    const exited = new Promise<void>((done) =>
        child.once('exit', (code, signal) => {
            running.delete(child);
            for (const waiting of pending.values()) waiting.reject(new Error(`the auth server exited (${signal ?? code}): ${output}`));
            pending.clear();
            done();
        }),
    );
    const call = <K extends ControlOperation>(op: K, ...args: Parameters<ControlOperations[K]>): Promise<ReturnType<ControlOperations[K]>> =>
        new Promise((resolveCall, rejectCall) => {
            if (child.exitCode !== null || child.signalCode !== null) return rejectCall(new Error(`the auth server is not running: ${output}`));
            const request: ControlRequest<K> = { id: nextId++, op, args };
            pending.set(request.id, { resolve: resolveCall as (value: unknown) => void, reject: rejectCall });
            child.send(request);
        });
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await Promise.race([exited, new Promise((done) => setTimeout(done, STOP_TIMEOUT_MS))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };

    let started: Awaited<ReturnType<typeof call<'start'>>>;
    try {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`the auth server did not start within ${START_TIMEOUT_MS} ms: ${output}`)), START_TIMEOUT_MS);
        });
        started = await Promise.race([call('start', resolved), timeout]).finally(() => clearTimeout(timer));
    } catch (error) {
        await stop();
        throw error;
    }

    const { endpoints } = started;
    const { clientId, clientSecret } = resolved.introspectionClient;
    const withCredentials = new URL(endpoints.introspection);
    withCredentials.username = clientId;
    withCredentials.password = clientSecret;
    const introspect = async (token: string): Promise<Introspection> => {
        const response = await fetch(endpoints.introspection, {
            method: 'POST',
            headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
            body: new URLSearchParams({ token }),
        });
        if (!response.ok) throw new Error(`introspection answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as Introspection;
    };

    return {
        issuer: started.issuer,
        endpoints,
        clients: resolved.clients,
        mailScopes: resolved.mailScopes,
        introspectionClient: resolved.introspectionClient,
        introspectionUrlWithCredentials: withCredentials.href,
        introspect,
        isActive: async (accessToken) => (await introspect(accessToken)).active,
        approveDevice: (userCode, email, password) => approveDevice(endpoints.deviceVerification, userCode, email, password),
        approveAuthorization: (url, email, password) => approveAuthorization(url, email, password),
        revokeGrants: (email) => call('revokeGrants', email),
        counters: () => call('counters'),
        authorizationRequests: () => call('authorizationRequests'),
        setAccessTokenTtl: (seconds) => call('setAccessTokenTtl', seconds),
        stop,
    };
}
