import type { FetchMessageObject, ImapFlow, MailboxLockObject } from 'imapflow';

import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { ErrorCode } from '../errors/ErrorCode';
import type { Deadline } from '../runtime/Deadline';
import type { MailServer } from '../connection/domain/MailServer';
import { closeImapClient, createImapClient } from '../connection/createImapClient';
import { serverSecrets } from '../connection/domain/MailServer';

/** One message as fetched: the raw RFC 822 source and what the server knows about it. */
export interface FetchedMessage {
    uid: number;
    source: Buffer;
    size: number;
    flags: string[];
    internalDate?: Date;
    /** Set when the source came short or long of `size` twice: such a mail is never posted. */
    damaged?: { expectedBytes: number; receivedBytes: number };
    /** The server no longer has this UID (expunged since it was listed): nothing to import, nothing lost. */
    gone?: boolean;
    /** The server still has this UID but left it out of two FETCH answers: held like damaged mail, never passed. */
    notReturned?: boolean;
}

/** UIDs searched at a time: bounds each SEARCH answer, whatever the folder's size. */
const SEARCH_WINDOW = 5_000;

export interface UidPage {
    uids: number[];
    /** No wanted mail with a UID up to this one is left out of `uids`. */
    searchedThrough: number;
}

/** At most `limit` UIDs; when some were cut, the page covers only up to the last one kept. */
function page(uids: number[], limit: number, searchedThrough: number): UidPage {
    if (uids.length <= limit) return { uids, searchedThrough: Math.max(searchedThrough, uids.at(-1) ?? 0) };
    const kept = uids.slice(0, Math.max(0, limit));
    return { uids: kept, searchedThrough: kept.at(-1) ?? searchedThrough };
}

export interface MailboxIdentity {
    /** Changes when the server renumbers the folder; UIDs from another validity mean nothing. */
    uidValidity: string;
    uidNext: number;
    exists: number;
}

/**
 * A single-use, locked view of one IMAP folder: `open`, read, `close` in `finally`.
 * Fetches never set \Seen (BODY.PEEK): the app never changes what people see in their
 * mail clients unless the admin asked for imported mail to be marked as read.
 * Every method throws a classified ConnectionError.
 */
export class ImapMailbox {
    /** The last error the connection itself reported (a socket timeout, a reset), not any command's. */
    private connectionError: unknown;
    /** The server announced new mail (EXISTS) since the last import began. */
    private announced = false;
    /** An import has used this connection: the next one first learns where the folder ends now. */
    private used = false;
    /** When it logged in (a kept connection is logged out after PUSH_LIMITS.keptAtMostMs). */
    readonly openedAt = Date.now();

    private constructor(
        private readonly client: ImapFlow,
        private readonly lock: MailboxLockObject,
        private readonly server: MailServer,
        private deadline: Deadline,
        private current: MailboxIdentity,
    ) {
        client.on('error', (error: unknown) => (this.connectionError = error));
        client.on('exists', (event: { count: number; prevCount: number }) => {
            if (event.count > event.prevCount) this.announced = true;
        });
    }

    /** The folder as the server described it when it was opened, its end (UIDNEXT) kept current by each import since. */
    public get identity(): MailboxIdentity {
        return this.current;
    }

    /** Whether the server offers IMAP IDLE (RFC 2177): then `listen` hears of new mail as it arrives. */
    public get supportsIdle(): boolean {
        return this.client.capabilities.has('IDLE');
    }

    /** Whether the connection is still logged in and open. */
    public get usable(): boolean {
        return this.client.usable;
    }

    /** Whether the server announced new mail since the last import began. */
    public get newMailAnnounced(): boolean {
        return this.announced;
    }

    /** Every command from now on must be answered by `deadline` (a connection kept for another run gets that run's). */
    public useDeadline(deadline: Deadline): void {
        this.deadline = deadline;
    }

    /**
     * Before each import from this connection: a connection an import used before learns where
     * the folder ends now (new mail lies past the UIDNEXT its SELECT gave), and what the server
     * announced until then is taken. One just opened or revalidated learnt it in that step, and
     * keeps what was announced since: an EXISTS can come in the very answer that did not list
     * the mail yet, and forgetting it left the mail for the next run (18 s).
     */
    public async beforeImport(): Promise<void> {
        if (this.used) {
            this.announced = false;
            await this.refreshEnd();
        }
        this.used = true;
    }

    /**
     * For a connection kept from an earlier run: one round trip that proves it still answers and
     * learns where the folder ends now. Throws a classified ConnectionError when it does not.
     */
    public async revalidate(): Promise<void> {
        this.announced = false;
        await this.refreshEnd();
        this.used = false;
    }

    /**
     * Where the folder ends now: the UIDs from the last one known to the end (`n:*` always names
     * the highest), whose answer also brings what the server has to announce (EXISTS). Without
     * a UIDNEXT from the server, the search goes to the end anyway (nextUids).
     */
    private async refreshEnd(): Promise<void> {
        if (!(this.current.uidNext > 1)) return;
        const messages = await this.run(() => this.client.fetchAll(`${this.current.uidNext - 1}:*`, { uid: true }, { uid: true }));
        const highest = messages.reduce((most, message) => Math.max(most, message.uid), 0);
        if (highest >= this.current.uidNext) this.current = { ...this.current, uidNext: highest + 1 };
        this.current = { ...this.current, exists: this.client.mailbox ? this.client.mailbox.exists : this.current.exists };
    }

    /**
     * Listens for new mail with IMAP IDLE until `until` (epoch ms): whenever the server announces
     * mail (EXISTS), also mail announced since the last import began, IDLE is ended and
     * `onNewMail` runs (an import through this connection); it answers whether to go on
     * listening. IDLE is started again after each import and whenever it ended by itself (the
     * server ended it, or the client's keep-alive did). Resolves how it ended: at `until` (IDLE
     * ended with DONE), the connection gone, or stopped by `onNewMail`. Never throws on its own:
     * a connection that dies while listening loses no mail, since mail is only ever taken from
     * the cursor on (the next check catches up); whatever `onNewMail` throws is passed on.
     */
    public async listen(until: number, onNewMail: () => Promise<boolean>): Promise<'ended' | 'closed' | 'stopped'> {
        let wake: () => void = () => undefined;
        const onChange = () => wake();
        this.client.on('exists', onChange);
        this.client.on('close', onChange);
        try {
            for (;;) {
                if (!this.client.usable) return 'closed';
                if (this.announced) {
                    if (!(await onNewMail())) return 'stopped';
                    continue;
                }
                const left = until - Date.now();
                if (left <= 0) return 'ended';
                const idling = this.client.idle().catch(() => undefined);
                let timer: ReturnType<typeof setTimeout> | undefined;
                await new Promise<void>((resolve) => {
                    wake = resolve;
                    timer = setTimeout(resolve, left);
                    void idling.then(() => resolve());
                });
                clearTimeout(timer);
                wake = () => undefined;
                // Announced mail or the end of listening: IDLE ends with DONE (the server leaves IDLE only then).
                if (this.client.idling) await this.endIdle();
                await idling;
            }
        } finally {
            this.client.off('exists', onChange);
            this.client.off('close', onChange);
        }
    }

    /** Ends IDLE: a NOOP, before which imapflow sends DONE. A connection that fails meanwhile is dropped, not thrown about. */
    private async endIdle(): Promise<void> {
        try {
            await this.run(() => this.client.noop());
        } catch {
            this.client.close();
        }
    }

    /**
     * Opens the folder. Every command must be answered by `deadline` (a server that stops
     * answering without closing the connection would otherwise hold the check past the engine's
     * 30 s): then the connection is dropped and the step fails with a timeout.
     */
    public static async open(server: MailServer, folder: string, options: { writable: boolean; deadline: Deadline }): Promise<ImapMailbox> {
        const client = createImapClient(server);
        try {
            const opening = (async () => {
                await client.connect();
                const lock = await client.getMailboxLock(folder, { readOnly: !options.writable });
                const mailbox = client.mailbox;
                if (!mailbox) throw new ConnectionError(ErrorCode.FolderNotFound, `the folder ${folder} does not exist`);
                return { lock, mailbox };
            })();
            const { lock, mailbox } = await options.deadline.race(opening, () => late(server));
            return new ImapMailbox(client, lock, server, options.deadline, {
                uidValidity: String(mailbox.uidValidity),
                uidNext: mailbox.uidNext,
                exists: mailbox.exists,
            });
        } catch (error) {
            await closeImapClient(client);
            throw classifyConnectionError(error, serverSecrets(server));
        }
    }

    /**
     * The next UIDs above `afterUid` (of mail that arrived on or after `since`, by the server's
     * day-precision date, when given), ascending, at most `limit` of them. The folder is searched
     * in windows of UIDs, so the server's answer and memory stay small whatever the folder's
     * size. `searchedThrough` is the highest UID the page covers: no wanted mail between
     * `afterUid` and it is missing from `uids`.
     */
    public async nextUids(afterUid: number, options: { since?: Date; limit: number }): Promise<UidPage> {
        const last = this.identity.uidNext - 1;
        const criteria = (range: string) => ({ uid: range, ...(options.since && { since: options.since }) });
        if (!(last > 0)) {
            // A server that did not say UIDNEXT: one search to the end (`n:*` also matches the last message).
            const uids = ((await this.run(() => this.client.search(criteria(`${afterUid + 1}:*`), { uid: true }))) || []).filter((uid) => uid > afterUid);
            return page(
                uids.sort((a, b) => a - b),
                options.limit,
                afterUid,
            );
        }
        const uids: number[] = [];
        let searchedThrough = afterUid;
        while (searchedThrough < last && uids.length < options.limit) {
            const from = searchedThrough + 1;
            const to = Math.min(searchedThrough + SEARCH_WINDOW, last);
            const found = (await this.run(() => this.client.search(criteria(`${from}:${to}`), { uid: true }))) || [];
            uids.push(...found.filter((uid) => uid >= from && uid <= to).sort((a, b) => a - b));
            searchedThrough = to;
        }
        return page(uids, options.limit, searchedThrough);
    }

    /**
     * Fetches the source of the given UIDs (a small batch, see domain/fetchPlan), in UID order:
     * whole, or only its first `partBytes` bytes (`size` then says how large the mail is).
     */
    public async fetch(uids: number[], options: { partBytes?: number } = {}): Promise<FetchedMessage[]> {
        if (uids.length === 0) return [];
        const fetched = await this.fetchSources(uids, options.partBytes);
        fetched.push(...(await this.accountForMissing(uids, fetched, options.partBytes)));
        fetched.sort((a, b) => a.uid - b.uid);
        if (options.partBytes) return fetched;
        // A whole mail must arrive with every byte the server announced (RFC822.SIZE): a runtime's
        // socket that loses or repeats bytes would otherwise post a cut text or a damaged file.
        // Fetched once more on its own; still wrong, it is marked and never posted.
        return Promise.all(
            fetched.map(async (message) => {
                if (message.gone || message.notReturned || sourceIsComplete(message)) return message;
                const [again] = await this.fetchSources([message.uid]);
                if (again && sourceIsComplete(again)) return again;
                return { ...message, damaged: { expectedBytes: message.size, receivedBytes: (again ?? message).source.length } };
            }),
        );
    }

    /**
     * Every asked-for UID the answer left out, accounted for: a server leaves out mail expunged
     * meanwhile, and a connection that loses data leaves out mail that is still there. Those are
     * asked for once more, then the server is asked which of them it still has: only a UID it
     * no longer has may be passed by the cursor (`gone`); one it has is `notReturned`.
     */
    private async accountForMissing(uids: number[], fetched: FetchedMessage[], partBytes?: number): Promise<FetchedMessage[]> {
        const missing = (from: FetchedMessage[], wanted: number[]) => wanted.filter((uid) => !from.some((message) => message.uid === uid));
        const firstMissing = missing(fetched, uids);
        if (firstMissing.length === 0) return [];
        const again = await this.fetchSources(firstMissing, partBytes);
        const stillMissing = missing(again, firstMissing);
        if (stillMissing.length === 0) return again;
        const present = new Set((await this.run(() => this.client.search({ uid: stillMissing.join(',') }, { uid: true }))) || []);
        const unaccounted = stillMissing.map((uid) => ({
            uid,
            source: Buffer.alloc(0),
            size: 0,
            flags: [],
            ...(present.has(uid) ? { notReturned: true } : { gone: true }),
        }));
        return [...again, ...unaccounted];
    }

    private async fetchSources(uids: number[], partBytes?: number): Promise<FetchedMessage[]> {
        const source = partBytes ? { start: 0, maxLength: partBytes } : true;
        const messages = await this.run(() =>
            this.client.fetchAll(uids.join(','), { uid: true, source, flags: true, size: true, internalDate: true }, { uid: true }),
        );
        return messages.map(toFetchedMessage);
    }

    /** The size in bytes of each of the given UIDs, without their content. */
    public async sizes(uids: number[]): Promise<Array<{ uid: number; size: number }>> {
        if (uids.length === 0) return [];
        const messages = await this.run(() => this.client.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true }));
        const sizes = new Map(messages.map((message) => [message.uid, message.size ?? 0]));
        // A mail expunged meanwhile has no size: it is fetched (as nothing) like any other.
        return uids.map((uid) => ({ uid, size: sizes.get(uid) ?? 0 }));
    }

    public async markSeen(uid: number): Promise<void> {
        await this.run(() => this.client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }));
    }

    /** Releases the lock and logs out. Never throws. */
    public async close(): Promise<void> {
        try {
            this.lock.release();
        } finally {
            await closeImapClient(this.client);
        }
    }

    /**
     * A command whose connection is gone fails with imapflow's bare "Connection not available"
     * (NoConnection); what the client saw says what happened: a server that fell silent until
     * the socket timed out is a timeout, not a dropped connection, and a server that ended the
     * session gave its reason in its BYE (a shutdown's "Server shutting down.").
     */
    private whyGone(error: unknown): unknown {
        if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'NoConnection') return error;
        if ((this.connectionError as { code?: unknown } | undefined)?.code === 'ETIMEOUT') return late(this.server);
        const reason = this.client.byeReason;
        return reason && !(error as { reason?: unknown }).reason ? Object.assign(error, { reason }) : error;
    }

    private async run<T>(operation: () => Promise<T>): Promise<T> {
        try {
            return await this.deadline.race(operation(), () => late(this.server));
        } catch (error) {
            // A connection that did not answer in time is of no use: drop it, the next check starts afresh.
            if (error instanceof ConnectionError && error.code === ErrorCode.Timeout) this.client.close();
            throw classifyConnectionError(this.whyGone(error), serverSecrets(this.server));
        }
    }
}

function late(server: MailServer): ConnectionError {
    return new ConnectionError(ErrorCode.Timeout, `${server.host} did not answer in time`);
}

function sourceIsComplete(message: FetchedMessage): boolean {
    return message.source.length === message.size;
}

function toFetchedMessage(message: FetchMessageObject): FetchedMessage {
    const internalDate = message.internalDate ? new Date(message.internalDate) : undefined;
    return {
        uid: message.uid,
        source: message.source ?? Buffer.alloc(0),
        size: message.size ?? message.source?.length ?? 0,
        flags: [...(message.flags ?? [])],
        internalDate,
    };
}
