import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { ImapFlow } from 'imapflow';

import { whenProcessEnds } from '../processEnd';
import { freePort } from './freePort';
import type { TestCa } from './testCa';

export interface MailUser {
    user: string;
    password: string;
}

export type OAuth2Mechanism = 'xoauth2' | 'oauthbearer';

/**
 * Sign-in with OAuth 2.0 access tokens (SASL XOAUTH2 and/or OAUTHBEARER), each token checked
 * at every login by RFC 7662 introspection: it must be active and its `sub` must be the login
 * user. Password logins keep working for the users in `users`; any other address has mail
 * storage too (the userdb is static), so OAuth-only users need no entry there.
 */
export interface DovecotOAuth2 {
    /** The introspection endpoint; client credentials go in the URL (http://id:secret@host/...). */
    introspectionUrl: string;
    /** Default both; IMAP clients such as imapflow prefer OAUTHBEARER when it is offered. */
    mechanisms?: OAuth2Mechanism[];
}

/** A private Dovecot: its own config, Maildir and ports on 127.0.0.1. */
export interface DovecotServer {
    host: '127.0.0.1';
    /** Plain IMAP; STARTTLS is offered. */
    plainPort: number;
    /** Implicit TLS (like 993). */
    tlsPort: number;
    ca: TestCa;
    users: MailUser[];
    /** The SASL mechanisms offered for access tokens; empty without `oauth2`. */
    oauth2Mechanisms: OAuth2Mechanism[];
    logPath: string;
    /** Appends a message through IMAP and returns its UID. */
    appendMessage(user: string, raw: string | Buffer, options?: { mailbox?: string; flags?: string[]; date?: Date }): Promise<number>;
    createMailbox(user: string, name: string): Promise<void>;
    /** Deletes a folder; creating it again gives it a new UIDVALIDITY, as after a server migration. */
    deleteMailbox(user: string, name: string): Promise<void>;
    listUids(user: string, mailbox?: string): Promise<number[]>;
    /**
     * Writes messages straight into the user's Maildir (unread, received at `date`), much faster
     * than IMAP APPEND for large mailboxes; Dovecot numbers them when the folder is next opened.
     */
    seedMaildir(user: string, count: number, message: (index: number) => string | Buffer, options?: { mailbox?: string; date?: Date }): Promise<void>;
    /** An imapflow client logged in as `user` over plain IMAP, for tests that inspect the mailbox. */
    client(user: string): Promise<ImapFlow>;
    /**
     * Sets a user's storage quota (KiB) as an admin raising or lowering it; resolves once the next
     * login gets it. Only on a server started with `quotaKiB`.
     */
    setQuota(user: string, kib: number): Promise<void>;
    /**
     * Stops the Dovecot process as a server shutdown does (open connections dropped, then the
     * ports refuse), keeping its mail; `startServer()` starts it again on the same ports.
     */
    stopServer(): Promise<void>;
    /** Starts the stopped Dovecot again, same ports, same mail; resolves once it answers. */
    startServer(): Promise<void>;
    /** Stops Dovecot for good and removes all its files. */
    stop(): Promise<void>;
}

const DOVECOT_BINARIES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
const running = new Set<ChildProcess>();
// Dovecot runs in its own process group: a signal to the test's, the demo's or the bench's does not reach it.
whenProcessEnds(() => {
    for (const child of running) signalGroup(child, 'SIGKILL');
});

/**
 * Signals Dovecot's master and every process it started (its own process group): the master
 * alone leaves its imap processes serving the connections they have, as `systemctl stop`,
 * which ends the whole service, does not.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
        // Already gone.
    }
}

export function dovecotBinary(): string {
    const binary = DOVECOT_BINARIES.find((path) => existsSync(path));
    if (!binary) throw new Error('Dovecot is not installed. Install it with: apt-get install -y dovecot-imapd (as root), then run the tests again.');
    return binary;
}

/** Who owns the mail: root may not own mail processes, so as root they run as Dovecot's own system user. */
function mailOwner(): { uid: number; gid: number; internalUser: string; loginUser: string } {
    const me = userInfo();
    if (me.uid !== 0) return { uid: me.uid, gid: me.gid, internalUser: me.username, loginUser: me.username };
    const passwd = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .map((line) => line.split(':'));
    const find = (name: string) => passwd.find((fields) => fields[0] === name);
    const dovecot = find('dovecot') ?? find('nobody');
    if (!dovecot) throw new Error('no unprivileged user (dovecot or nobody) to run mail processes as');
    const loginUser = find('dovenull') ? 'dovenull' : dovecot[0];
    return { uid: Number(dovecot[2]), gid: Number(dovecot[3]), internalUser: dovecot[0], loginUser };
}

/**
 * Dovecot 2.3's oauth2 passdb (doc.dovecot.org/2.3, "Open Authentication v2.0 database"): POST
 * token=<token> to the introspection URL, accept when `active` is true, and take the user name
 * from `sub` (lowercased, as the login name is), which must equal the name the client logged in as.
 */
function oauth2PassdbArgs(oauth2: DovecotOAuth2): string {
    return `introspection_mode = post
introspection_url = ${oauth2.introspectionUrl}
force_introspection = yes
active_attribute = active
active_value = true
username_attribute = sub
timeout_msecs = 5000
`;
}

/** Access tokens go to the oauth2 passdb, passwords to the passwd-file, never the one to the other. */
function passdbs(dir: string, oauth2Mechanisms: OAuth2Mechanism[]): string {
    if (!oauth2Mechanisms.length) {
        return `passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}`;
    }
    return `passdb {
  driver = oauth2
  mechanisms = ${oauth2Mechanisms.join(' ')}
  args = ${dir}/oauth2.conf.ext
}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${dir}/users
}`;
}

/**
 * Without access to this socket the auth process keeps no per-IP penalty, so refused logins are
 * answered at once instead of after 2, 4, 8, then 15 s (doc.dovecot.org, "Authentication penalty").
 */
const ANVIL_WITHOUT_PENALTY = `service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;

interface ConfigOptions {
    oauth2Mechanisms: OAuth2Mechanism[];
    authPenalty: boolean;
    quota: boolean;
}

/**
 * Dovecot 2.3's quota plugin (doc.dovecot.org/2.3, "Quota"): the "count" backend as recommended
 * for 2.3, each user's limit from the `userdb_quota_rule` field of the users file (none: no
 * limit), so an APPEND past it is refused with `NO [OVERQUOTA]`.
 */
const QUOTA = `mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_vsizes = yes
}
`;

/** A users-file line (passwd-file format: the 8th field holds extra fields). */
function usersLine({ user, password }: MailUser, quotaKiB: number | undefined): string {
    return `${user}:{PLAIN}${password}::::::${quotaKiB === undefined ? '' : `userdb_quota_rule=*:storage=${quotaKiB}K`}`;
}

function config(dir: string, ca: TestCa, plainPort: number, tlsPort: number, owner: ReturnType<typeof mailOwner>, options: ConfigOptions): string {
    const { oauth2Mechanisms, authPenalty, quota } = options;
    return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
# A provider's server takes thousands of clients at once; Dovecot's default of 100 processes per
# service would hold the push bench's 200 inboxes (one connection each, kept open: an imap process,
# and over TLS an imap-login process as its proxy) in the login queue.
default_process_limit = 400
# IDLE hears of new mail through inotify, one instance per IDLE session, all under the one mail
# user here: past the machine's fs.inotify.max_user_instances (128 by default) Dovecot goes back to
# looking every mailbox_idle_check_interval (30 s by default). A provider spreads its users; the
# push bench's 200 inboxes would otherwise measure this machine's limit.
mailbox_idle_check_interval = 1 secs
default_internal_user = ${owner.internalUser}
default_login_user = ${owner.loginUser}
first_valid_uid = ${owner.uid}
last_valid_uid = ${owner.uid}
ssl = yes
ssl_cert = <${ca.certPath}
ssl_key = <${ca.keyPath}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = ${['plain', 'login', ...oauth2Mechanisms].join(' ')}
# Tests log in with wrong passwords on purpose: answer at once (the per-IP penalty still applies
# unless authPenalty is false).
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u
mail_privileged_group =
# Special-use folders as distributions configure them; Sent exists from the first login.
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Trash {
    special_use = \\Trash
  }
}
${passdbs(dir, oauth2Mechanisms)}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${plainPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
    ssl = yes
  }
}
${authPenalty ? '' : ANVIL_WITHOUT_PENALTY}${quota ? QUOTA : ''}service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
        const attempt = () => {
            const socket = connect(port, '127.0.0.1');
            socket.setTimeout(1000);
            socket.once('data', (data) => {
                socket.destroy();
                if (data.toString().startsWith('* OK')) resolve();
                else retry(new Error(`unexpected greeting: ${data.toString().trim()}`));
            });
            socket.once('error', retry);
            socket.once('timeout', () => retry(new Error('no greeting')));
        };
        const retry = (error: Error) => {
            if (Date.now() > deadline) reject(new Error(`Dovecot did not answer on port ${port}: ${error.message}`));
            else setTimeout(attempt, 50);
        };
        attempt();
    });
}

function waitForTlsPort(port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
        const attempt = () => {
            const socket = connect(port, '127.0.0.1', () => {
                socket.destroy();
                resolve();
            });
            socket.once('error', (error) => {
                if (Date.now() > deadline) reject(new Error(`Dovecot did not listen on port ${port}: ${error.message}`));
                else setTimeout(attempt, 50);
            });
        };
        attempt();
    });
}

/** Maildir files written so far by this process: part of each file name, so names never repeat. */
let seeded = 0;

/** Starts a private Dovecot with the given users; stop() kills it and removes all its files. */
export async function startDovecot(options: {
    users: MailUser[];
    ca: TestCa;
    oauth2?: DovecotOAuth2;
    /** Default true: each refused login from 127.0.0.1 delays the next answer more, as in production. */
    authPenalty?: boolean;
    /** Storage quotas in KiB by user (the others have none); loads Dovecot's quota plugin. */
    quotaKiB?: Record<string, number>;
}): Promise<DovecotServer> {
    const binary = dovecotBinary();
    const owner = mailOwner();
    const dir = mkdtempSync(join(tmpdir(), 'email-inboxes-dovecot-'));
    const forgetDir = whenProcessEnds(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755);
    for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
    chownSync(join(dir, 'mail'), owner.uid, owner.gid);
    const quotaKiB = { ...options.quotaKiB };
    // Dovecot reads the users file again when it changes: a new quota holds from the next login.
    const writeUsers = () =>
        writeFileSync(join(dir, 'users'), options.users.map((user) => usersLine(user, quotaKiB[user.user])).join('\n') + '\n', { mode: 0o644 });
    writeUsers();
    const [plainPort, tlsPort] = [await freePort(), await freePort()];
    const oauth2Mechanisms = options.oauth2 ? (options.oauth2.mechanisms ?? ['xoauth2', 'oauthbearer']) : [];
    if (options.oauth2) {
        // Holds the introspection client's secret: readable by Dovecot's auth process (the internal user) only.
        writeFileSync(join(dir, 'oauth2.conf.ext'), oauth2PassdbArgs(options.oauth2), { mode: 0o600 });
        chownSync(join(dir, 'oauth2.conf.ext'), owner.uid, owner.gid);
    }
    const configPath = join(dir, 'dovecot.conf');
    const quota = options.quotaKiB !== undefined;
    writeFileSync(configPath, config(dir, options.ca, plainPort, tlsPort, owner, { oauth2Mechanisms, authPenalty: options.authPenalty ?? true, quota }));

    /** Runs Dovecot in the foreground and waits until both ports answer. */
    const launch = async () => {
        const child = spawn(binary, ['-F', '-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
        running.add(child);
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        try {
            await Promise.race([
                Promise.all([waitForGreeting(plainPort, 10_000), waitForTlsPort(tlsPort, 10_000)]),
                exited.then(() => {
                    const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '';
                    throw new Error(`Dovecot exited at start: ${stderr}${log}`);
                }),
            ]);
        } catch (error) {
            signalGroup(child, 'SIGKILL');
            running.delete(child);
            throw error;
        }
        return { child, exited };
    };
    /** SIGTERM to the whole service, as a service manager stops it: the imap processes say BYE and close, then the ports. */
    const halt = async (launched: { child: ChildProcess; exited: Promise<void> }) => {
        signalGroup(launched.child, 'SIGTERM');
        await Promise.race([launched.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (launched.child.exitCode === null && launched.child.signalCode === null) {
            signalGroup(launched.child, 'SIGKILL');
            await launched.exited;
        }
        running.delete(launched.child);
    };
    let current: { child: ChildProcess; exited: Promise<void> } | undefined;
    try {
        current = await launch();
    } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
    }

    const passwordOf = (user: string) => {
        const found = options.users.find((candidate) => candidate.user === user);
        if (!found) throw new Error(`unknown test user ${user}`);
        return found.password;
    };
    const client = async (user: string) => {
        const imap = new ImapFlow({
            host: '127.0.0.1',
            port: plainPort,
            secure: false,
            doSTARTTLS: false,
            auth: { user, pass: passwordOf(user) },
            logger: false,
        });
        await imap.connect();
        return imap;
    };
    const withClient = async <T>(user: string, work: (imap: ImapFlow) => Promise<T>): Promise<T> => {
        const imap = await client(user);
        try {
            return await work(imap);
        } finally {
            await imap.logout().catch(() => imap.close());
        }
    };

    return {
        host: '127.0.0.1',
        plainPort,
        tlsPort,
        ca: options.ca,
        users: options.users,
        oauth2Mechanisms,
        logPath: join(dir, 'dovecot.log'),
        client,
        appendMessage: (user, raw, append = {}) =>
            withClient(user, async (imap) => {
                const result = await imap.append(append.mailbox ?? 'INBOX', raw, append.flags ?? [], append.date);
                if (!result || !result.uid) throw new Error('APPEND returned no UID (UIDPLUS missing?)');
                return result.uid;
            }),
        createMailbox: (user, name) =>
            withClient(user, async (imap) => {
                await imap.mailboxCreate(name);
            }),
        deleteMailbox: (user, name) =>
            withClient(user, async (imap) => {
                await imap.mailboxDelete(name);
            }),
        async seedMaildir(user, count, message, seed = {}) {
            const mailbox = seed.mailbox ?? 'INBOX';
            if (mailbox !== 'INBOX') await withClient(user, (imap) => imap.mailboxCreate(mailbox).catch(() => undefined));
            const root = join(dir, 'mail', user, ...(mailbox === 'INBOX' ? [] : [`.${mailbox}`]));
            for (const sub of ['cur', 'new', 'tmp']) {
                mkdirSync(join(root, sub), { recursive: true });
                chownSync(join(root, sub), owner.uid, owner.gid);
            }
            const at = seed.date ?? new Date();
            const stamp = Math.floor(at.getTime() / 1000);
            for (let index = 0; index < count; index++) {
                const file = join(root, 'cur', `${stamp}.M${seeded++}P${process.pid}.seed:2,`);
                const source = message(index);
                // Maildir holds LF line ends (Dovecot sends CRLF); bytes stay bytes, whatever their charset.
                const text = typeof source === 'string' ? source : source.toString('latin1');
                writeFileSync(file, Buffer.from(text.replace(/\r?\n/g, '\n'), typeof source === 'string' ? 'utf8' : 'latin1'));
                chownSync(file, owner.uid, owner.gid);
                utimesSync(file, at, at);
            }
        },
        listUids: (user, mailbox = 'INBOX') =>
            withClient(user, async (imap) => {
                const lock = await imap.getMailboxLock(mailbox);
                try {
                    return ((await imap.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
                } finally {
                    lock.release();
                }
            }),
        async setQuota(user, kib) {
            if (!quota) throw new Error('setQuota needs a Dovecot started with quotaKiB');
            quotaKiB[user] = kib;
            writeUsers();
            // Dovecot looks at the users file at most once a second: a login in a later second sees the change.
            await new Promise((resolve) => setTimeout(resolve, 1_050 - (Date.now() % 1_000)));
        },
        async stopServer() {
            if (!current) return;
            const stopping = current;
            current = undefined;
            await halt(stopping);
        },
        async startServer() {
            current ??= await launch();
        },
        stop: async () => {
            if (current) await halt(current);
            current = undefined;
            rmSync(dir, { recursive: true, force: true });
            forgetDir();
        },
    };
}
