import type { FetchMessageObject, ImapFlow, MailboxLockObject } from 'imapflow';

import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import type { MailServer } from '../connection/domain/MailServer';
import { closeImapClient, createImapClient } from './createImapClient';

/** One message as fetched: the raw RFC 822 source and what the server knows about it. */
export interface FetchedMessage {
    uid: number;
    source: Buffer;
    size: number;
    flags: string[];
    internalDate?: Date;
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
    private constructor(
        private readonly client: ImapFlow,
        private readonly lock: MailboxLockObject,
        private readonly password: string,
        readonly identity: MailboxIdentity,
    ) {}

    public static async open(server: MailServer, folder: string, options: { writable: boolean }): Promise<ImapMailbox> {
        const client = createImapClient(server);
        try {
            await client.connect();
            const lock = await client.getMailboxLock(folder, { readOnly: !options.writable });
            const mailbox = client.mailbox;
            if (!mailbox) throw new Error(`Mailbox doesn't exist: ${folder}`);
            return new ImapMailbox(client, lock, server.password, {
                uidValidity: String(mailbox.uidValidity),
                uidNext: mailbox.uidNext,
                exists: mailbox.exists,
            });
        } catch (error) {
            await closeImapClient(client);
            throw classifyConnectionError(error, [server.password]);
        }
    }

    /** UIDs above `afterUid`, ascending. (`n:*` always matches the last message, so filter.) */
    public async uidsAfter(afterUid: number): Promise<number[]> {
        if (this.identity.exists === 0) return [];
        const uids = await this.run(() => this.client.search({ uid: `${afterUid + 1}:*` }, { uid: true }));
        return (uids || []).filter((uid) => uid > afterUid).sort((a, b) => a - b);
    }

    /** UIDs of messages that arrived on or after `since` (server-side date, day precision). */
    public async uidsSince(since: Date): Promise<number[]> {
        if (this.identity.exists === 0) return [];
        const uids = await this.run(() => this.client.search({ since }, { uid: true }));
        return (uids || []).sort((a, b) => a - b);
    }

    /** Fetches the full source of the given UIDs (a small batch), in UID order. */
    public async fetch(uids: number[]): Promise<FetchedMessage[]> {
        if (uids.length === 0) return [];
        const messages = await this.run(() =>
            this.client.fetchAll(uids.join(','), { uid: true, source: true, flags: true, size: true, internalDate: true }, { uid: true }),
        );
        return messages.map(toFetchedMessage).sort((a, b) => a.uid - b.uid);
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

    private async run<T>(operation: () => Promise<T>): Promise<T> {
        try {
            return await operation();
        } catch (error) {
            throw classifyConnectionError(error, [this.password]);
        }
    }
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
