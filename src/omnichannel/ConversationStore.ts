import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { QuotedMail } from '../mail/domain/quotedMail';
import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import { ConversationLog } from './ConversationLog';

/** A Message-ID this inbox has seen (received or sent) and the room it belongs to. */
export interface MessageIndexEntry {
    inboxId: string;
    messageId: string;
    roomId: string;
    direction: 'in' | 'out';
    /** 'posting' is written before the room message, 'done' after everything: a crash in between is recovered, not repeated. */
    state: 'posting' | 'done';
    /** While 'posting': how far the mail got into its room, so that a later check finishes it. */
    progress?: PostingProgress;
}

/**
 * How far an incoming mail got into its room. Rocket.Chat gives no way to choose a message's
 * id or to find a message by a hidden mark (message custom fields are off in a default
 * workspace), so the text is recognised by its hash among the visitor's messages posted
 * since `startedAt`, and each file is counted once it is in.
 */
export interface PostingProgress {
    startedAt: string;
    /** SHA-256 (hex) of the text posted as the visitor. */
    textHash: string;
    /** Rocket.Chat's id of that message, once it is known to be stored. */
    textMessageId?: string;
    /** Files handled so far (uploaded or refused), in the mail's order. */
    filesDone: number;
    /** Whether the mail's full text goes into the room as a file after its attachments. */
    withFullText: boolean;
    /** What Rocket.Chat refused so far, said in the room once every file was tried. */
    refused?: string[];
    /** The mail opened a new conversation that its inbox acknowledges: the acknowledgement is queued before the mail is done. */
    acknowledge?: boolean;
}

/** What a room needs to answer by email: written by the import, read by outbound mail. */
export interface ThreadState {
    roomId: string;
    inboxId: string;
    visitorEmail: string;
    subject: string;
    /**
     * The mail the next reply answers: the customer's last one, or, in a conversation an agent
     * started, that agent's first email until the customer answers.
     */
    lastInboundMessageId: string;
    references: string[];
    /** Who else the customer's last mail went to (To and CC, inboxes and the customer left out): replies copy them. */
    cc?: string[];
    /**
     * In a conversation an agent started (New email): the room message of their text, which went
     * out as the first email and must not be emailed again as a reply.
     */
    openingMessageId?: string;
}

/** The last mail of a room's conversation, kept for inboxes whose replies quote it (one per room, replaced by the next). */
interface LastMail extends QuotedMail {
    roomId: string;
    inboxId: string;
}

/**
 * The original headers of an imported mail, kept for agents ("Original headers" on the room
 * message): bounded at import (inbound/domain/headerBlock), owned by the inbox, keyed by the room
 * message that holds the mail's text.
 */
export interface MailHeaders {
    inboxId: string;
    roomId: string;
    /** Rocket.Chat's id of the room message the mail's text was posted as. */
    roomMessageId: string;
    /** The mail's own Message-ID. */
    messageId: string;
    from?: string;
    /** When the mail says it was sent (ISO). */
    date?: string;
    headers: string;
    /** The whole header block's size in bytes; `cut` when `headers` holds only its start. */
    size: number;
    cut: boolean;
    /** What the receiving server's Authentication-Results said, as the import read it (inbound/domain/authenticationResults). */
    authentication?: { server?: string; spf?: string; dkim?: string; dmarc?: string; suspicious?: { domain: string; reason: 'dmarc' | 'spf_dkim' } };
}

/**
 * A customer of an inbox: their latest room, so routing needs one lookup, not a scan of every
 * thread, and when they opened conversations lately (for the per-sender limit). One record, as
 * both change together when a mail opens a conversation.
 */
export interface Customer {
    inboxId: string;
    visitorEmail: string;
    latestRoomId?: string;
    openedAt: number[];
}

/** When a customer opened conversations in an inbox lately: the per-sender limit's record before 2026-12-07. */
interface SenderConversations {
    inboxId: string;
    visitorEmail: string;
    openedAt: number[];
}

/** The latest room of a customer in an inbox: its record before 2026-12-07. */
interface VisitorRoom {
    inboxId: string;
    visitorEmail: string;
    roomId: string;
}

const MESSAGE: RecordKind<MessageIndexEntry> = { name: 'message', ownerOf: (entry) => entry.inboxId };
const THREAD: RecordKind<ThreadState> = { name: 'thread', ownerOf: (thread) => thread.inboxId };
const VISITOR_ROOM: RecordKind<VisitorRoom> = { name: 'visitor-room', ownerOf: (entry) => entry.inboxId };
const LAST_MAIL: RecordKind<LastMail> = { name: 'last-mail', ownerOf: (entry) => entry.inboxId };
const MAIL_HEADERS: RecordKind<MailHeaders> = { name: 'mail-headers', ownerOf: (entry) => entry.inboxId };
const SENDER_CONVERSATIONS: RecordKind<SenderConversations> = { name: 'sender-conversations', ownerOf: (entry) => entry.inboxId };
const CUSTOMER: RecordKind<Customer> = { name: 'customer', ownerOf: (entry) => entry.inboxId };

/** The links between Message-IDs, rooms and inboxes, in app persistence (owned by the inbox). */
export class ConversationStore {
    private readonly messages: RecordStore<MessageIndexEntry>;
    private readonly threads: RecordStore<ThreadState>;
    private readonly visitorRooms: RecordStore<VisitorRoom>;
    private readonly senders: RecordStore<SenderConversations>;
    private readonly customers: RecordStore<Customer>;
    private readonly lastMails: RecordStore<LastMail>;
    /** Each conversation's emails, for its Email panel. */
    readonly log: ConversationLog;
    private readonly mailHeaders: RecordStore<MailHeaders>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.log = new ConversationLog(reader, writer);
        this.messages = new RecordStore(MESSAGE, reader, writer);
        this.threads = new RecordStore(THREAD, reader, writer);
        this.visitorRooms = new RecordStore(VISITOR_ROOM, reader, writer);
        this.senders = new RecordStore(SENDER_CONVERSATIONS, reader, writer);
        this.customers = new RecordStore(CUSTOMER, reader, writer);
        this.lastMails = new RecordStore(LAST_MAIL, reader, writer);
        this.mailHeaders = new RecordStore(MAIL_HEADERS, reader, writer);
    }

    /** The original headers of the mail posted as this room message, if the app imported one as it (kept on their own before 2026-12-07). */
    public async headersOf(roomMessageId: string): Promise<MailHeaders | undefined> {
        const received = await this.log.receivedAs(roomMessageId);
        return received ? received.headers : this.mailHeaders.get(roomMessageId);
    }

    /** The last mail that came into the room, if its inbox quotes mails in replies (importEmail keeps it then). */
    public async lastMail(roomId: string): Promise<QuotedMail | undefined> {
        const entry = await this.lastMails.get(roomId);
        if (!entry) return undefined;
        const { messageId, from, date, text, cut } = entry;
        return { messageId, from, date, text, cut };
    }

    /** Keeps the room's last mail for quoting (bounded: see quotableMail), owned by the inbox so that removing the inbox removes it. */
    public saveLastMail(roomId: string, inboxId: string, mail: QuotedMail): Promise<void> {
        return this.lastMails.put(roomId, { ...mail, roomId, inboxId });
    }

    /** The customer as this inbox knows them (from the two records kept before 2026-12-07 until they are saved once). */
    public async customer(inboxId: string, visitorEmail: string): Promise<Customer> {
        const key = `${inboxId}:${visitorEmail}`;
        const customer = await this.customers.get(key);
        if (customer) return customer;
        const [latest, senders] = [await this.visitorRooms.get(key), await this.senders.get(key)];
        return { inboxId, visitorEmail, ...(latest && { latestRoomId: latest.roomId }), openedAt: senders?.openedAt ?? [] };
    }

    public saveCustomer(customer: Customer): Promise<void> {
        return this.customers.put(`${customer.inboxId}:${customer.visitorEmail}`, customer);
    }

    public message(inboxId: string, messageId: string): Promise<MessageIndexEntry | undefined> {
        return this.messages.get(`${inboxId}:${messageId}`);
    }

    public saveMessage(entry: MessageIndexEntry): Promise<void> {
        return this.messages.put(`${entry.inboxId}:${entry.messageId}`, entry);
    }

    public thread(roomId: string): Promise<ThreadState | undefined> {
        return this.threads.get(roomId);
    }

    /** Saves the thread and makes its room the customer's latest room in this inbox (unless the caller knows it is already). */
    public async saveThread(thread: ThreadState, options: { alreadyLatestRoom?: boolean } = {}): Promise<void> {
        await this.threads.put(thread.roomId, thread);
        if (options.alreadyLatestRoom) return;
        const customer = await this.customer(thread.inboxId, thread.visitorEmail);
        if (customer.latestRoomId !== thread.roomId) await this.saveCustomer({ ...customer, latestRoomId: thread.roomId });
    }
}
