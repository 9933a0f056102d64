import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import type { MailHeaders } from './ConversationStore';

/**
 * One email of a conversation, as its Email panel lists it: a customer's mail that came into the
 * room, or an agent's reply (whose delivery state is the outbox's while it is there: see
 * outbound/domain/deliveryState). Written once the mail is in the room / the reply is in the
 * outbox; a reply gets `sentAt` when the server accepted it. No text: the room has it.
 */
export interface LoggedEmail {
    roomId: string;
    inboxId: string;
    direction: 'in' | 'out';
    /** Without angle brackets. */
    messageId: string;
    /** The mail's Date (in; the import time when it had none) or when the reply was written (out), ISO. */
    at: string;
    /** The sender as "Name <address>" (in). */
    from?: string;
    to: string[];
    cc: string[];
    bcc?: string[];
    /** Names of the files that came with it (in). */
    files?: string[];
    /** The replying agent's name (out; none for the closing message). */
    agent?: string;
    /** The reply's outbox id (out). */
    outboxId?: string;
    kind?: 'reply' | 'closing' | 'acknowledgement' | 'new';
    /** When the server accepted the reply (out), ISO. */
    sentAt?: string;
}

const LOGGED: RecordKind<LoggedEmail> = {
    name: 'room-email',
    ownerOf: (email) => email.inboxId,
    groupOf: (email) => email.roomId,
};

/**
 * A customer's mail as it came into its room, keyed by the room message that holds its text: its
 * entry in the Email panel and, when it had them, its original headers. Written by the version of
 * 2026-12-06 only (the mail's index entry holds both since): read, never written.
 */
export interface ReceivedMail {
    roomMessageId: string;
    email: LoggedEmail;
    headers?: MailHeaders;
}

const RECEIVED: RecordKind<ReceivedMail> = {
    name: 'received-mail',
    ownerOf: (mail) => mail.email.inboxId,
    groupOf: (mail) => mail.email.roomId,
};

const keyOf = (email: Pick<LoggedEmail, 'direction' | 'messageId' | 'inboxId'>) => `${email.inboxId}:${email.direction}:${email.messageId}`;

/** The emails of each conversation, in app persistence, listed by room and owned by the inbox. */
export class ConversationLog {
    private readonly emails: RecordStore<LoggedEmail>;
    private readonly received: RecordStore<ReceivedMail>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.emails = new RecordStore(LOGGED, reader, writer);
        this.received = new RecordStore(RECEIVED, reader, writer);
    }

    /**
     * The room's emails logged here, oldest first: the replies, and the customers' mails as
     * versions before 2026-12-07 kept them (as emails of their own, then with their headers).
     * A mail is listed once.
     */
    public async ofRoom(roomId: string): Promise<LoggedEmail[]> {
        const [logged, received] = await Promise.all([this.emails.listGroup(roomId), this.received.listGroup(roomId)]);
        const listed = new Set(logged.map(keyOf));
        const emails = [...logged, ...received.map((mail) => mail.email).filter((email) => !listed.has(keyOf(email)))];
        return emails.sort((a, b) => a.at.localeCompare(b.at) || a.direction.localeCompare(b.direction));
    }

    /** The customer's mail posted as this room message, if the version of 2026-12-06 recorded it. */
    public receivedAs(roomMessageId: string): Promise<ReceivedMail | undefined> {
        return this.received.get(roomMessageId);
    }

    /** Records an email (again: the same mail or reply is one record). */
    public add(email: LoggedEmail): Promise<void> {
        return this.emails.put(keyOf(email), email);
    }

    /** Notes that the server accepted a reply; nothing when it was never logged. */
    public async sent(reply: Pick<LoggedEmail, 'inboxId' | 'messageId'>, at: Date): Promise<void> {
        const key = keyOf({ ...reply, direction: 'out' });
        const logged = await this.emails.get(key);
        if (logged) await this.emails.update(key, { ...logged, sentAt: at.toISOString() });
    }
}
