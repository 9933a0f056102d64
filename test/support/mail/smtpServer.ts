import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerOptions, SMTPServerSession } from 'smtp-server';

import { freePort } from './freePort';
import type { MailUser } from './dovecot';
import type { TestCa } from './testCa';

export interface ReceivedSmtpMessage {
    envelope: { from: string; to: string[] };
    raw: Buffer;
    authUser?: string;
    /** How the client authenticated: PLAIN or LOGIN with a password, XOAUTH2 with an access token. */
    authMethod?: SMTPServerAuthentication['method'];
    /** Whether the message travelled over TLS (implicit or STARTTLS). */
    secure: boolean;
    receivedAt: Date;
}

export type FailureStage = 'mailFrom' | 'rcptTo' | 'data';

/**
 * AUTH XOAUTH2 with OAuth 2.0 access tokens, checked at every login, for instance by RFC 7662
 * introspection (`authServer.introspect` of test/support/oauth). A token is accepted when it is
 * active, its `sub` is the login user and it carries `scope` if one is required.
 */
export interface SmtpOAuth2 {
    introspect(accessToken: string): Promise<{ active: boolean; sub?: string; scope?: string }>;
    /** A scope the token must have, e.g. https://outlook.office.com/SMTP.Send. */
    scope?: string;
}

export interface SmtpTestServer {
    host: '127.0.0.1';
    /** Plain SMTP with STARTTLS offered; AUTH allowed before TLS (tests use plain too). */
    plainPort: number;
    /** Implicit TLS (like 465). */
    tlsPort: number;
    messages: ReceivedSmtpMessage[];
    waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedSmtpMessage[]>;
    clear(): void;
    /** The next `times` (default 1) transactions fail at `stage` with this reply. */
    failNext(failure: { code: number; message: string; stage: FailureStage; times?: number }): void;
    /** Closes both listeners: connections are refused until start(). */
    stop(): Promise<void>;
    /** Listens again on the same ports. */
    start(): Promise<void>;
    close(): Promise<void>;
}

interface PendingFailure {
    code: number;
    message: string;
    stage: FailureStage;
    remaining: number;
}

function smtpError(failure: PendingFailure): Error {
    return Object.assign(new Error(failure.message), { responseCode: failure.code });
}

type AuthCallback = (error: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void;

/**
 * Refused tokens get smtp-server's XOAUTH2 failure: a 334 challenge carrying Google's JSON error
 * ({"status":"401","schemes":"bearer","scope":...}), then 535 once the client answers it.
 */
function checkAccessToken(oauth2: SmtpOAuth2, auth: SMTPServerAuthentication, callback: AuthCallback): void {
    const refuse = () => callback(null, { data: { status: '401', schemes: 'bearer', scope: oauth2.scope ?? '' } });
    if (!auth.accessToken || !auth.username) return refuse();
    oauth2.introspect(auth.accessToken).then(
        (token) => {
            const scopes = (token.scope ?? '').split(' ');
            // Addresses compare case-insensitively, as Dovecot lowercases both sides.
            const sameUser = token.sub?.toLowerCase() === auth.username?.toLowerCase();
            if (token.active && sameUser && (!oauth2.scope || scopes.includes(oauth2.scope))) callback(null, { user: auth.username });
            else refuse();
        },
        // The token could not be checked: a temporary failure, as a real server answers then.
        () => callback(Object.assign(new Error('4.7.0 Temporary authentication failure'), { responseCode: 454 })),
    );
}

/** nodemailer's smtp-server with AUTH, implicit TLS and STARTTLS, capturing every message it accepts. */
export async function startSmtpServer(options: { users: MailUser[]; ca: TestCa; oauth2?: SmtpOAuth2 }): Promise<SmtpTestServer> {
    const messages: ReceivedSmtpMessage[] = [];
    const authMethods = new WeakMap<SMTPServerSession, SMTPServerAuthentication['method']>();
    const waiters = new Set<() => void>();
    let failure: PendingFailure | undefined;

    const takeFailure = (stage: FailureStage): PendingFailure | undefined => {
        if (!failure || failure.stage !== stage) return undefined;
        const current = failure;
        current.remaining -= 1;
        if (current.remaining <= 0) failure = undefined;
        return current;
    };

    const baseOptions = (secure: boolean): SMTPServerOptions => ({
        secure,
        key: options.ca.keyPem,
        cert: options.ca.certPem,
        authMethods: options.oauth2 ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
        allowInsecureAuth: true,
        logger: false,
        disableReverseLookup: true,
        onAuth(auth, session, callback) {
            authMethods.set(session, auth.method);
            if (auth.method === 'XOAUTH2' && options.oauth2) return checkAccessToken(options.oauth2, auth, callback);
            const user = options.users.find((candidate) => candidate.user === auth.username && candidate.password === auth.password);
            if (!user) return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
            callback(null, { user: user.user });
        },
        onMailFrom(_address: SMTPServerAddress, _session, callback) {
            const failing = takeFailure('mailFrom');
            callback(failing ? smtpError(failing) : undefined);
        },
        onRcptTo(_address: SMTPServerAddress, _session, callback) {
            const failing = takeFailure('rcptTo');
            callback(failing ? smtpError(failing) : undefined);
        },
        onData(stream, session: SMTPServerSession, callback) {
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
                const failing = takeFailure('data');
                if (failing) return callback(smtpError(failing));
                messages.push({
                    envelope: {
                        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                        to: session.envelope.rcptTo.map((recipient) => recipient.address),
                    },
                    raw: Buffer.concat(chunks),
                    authUser: typeof session.user === 'string' ? session.user : undefined,
                    authMethod: typeof session.user === 'string' ? authMethods.get(session) : undefined,
                    secure: session.secure,
                    receivedAt: new Date(),
                });
                for (const wake of waiters) wake();
                callback();
            });
        },
    });

    const plainPort = await freePort();
    const tlsPort = await freePort();
    let servers: SMTPServer[] = [];

    const listen = (server: SMTPServer, port: number) =>
        new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, '127.0.0.1', () => resolve());
        });
    const start = async () => {
        servers = [new SMTPServer(baseOptions(false)), new SMTPServer(baseOptions(true))];
        for (const server of servers) server.on('error', () => undefined);
        await Promise.all([listen(servers[0], plainPort), listen(servers[1], tlsPort)]);
    };
    const stop = async () => {
        await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
        servers = [];
    };
    await start();

    return {
        host: '127.0.0.1',
        plainPort,
        tlsPort,
        messages,
        clear: () => {
            messages.length = 0;
        },
        failNext: ({ code, message, stage, times = 1 }) => {
            failure = { code, message, stage, remaining: times };
        },
        waitForMessages: (count, timeoutMs = 5000) =>
            new Promise((resolve, reject) => {
                const check = () => {
                    if (messages.length < count) return false;
                    waiters.delete(check);
                    clearTimeout(timer);
                    resolve(messages.slice(0, count));
                    return true;
                };
                const timer = setTimeout(() => {
                    waiters.delete(check);
                    const arrived = messages.map((m) => `${m.envelope.from} -> ${m.envelope.to.join(',')}`).join('; ') || 'nothing';
                    reject(new Error(`expected ${count} SMTP messages within ${timeoutMs} ms; arrived: ${arrived}`));
                }, timeoutMs);
                if (!check()) waiters.add(check);
            }),
        stop,
        start,
        close: stop,
    };
}
