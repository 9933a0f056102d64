import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { QuotedMail } from '../mail/domain/quotedMail';
import { readKey, RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import { ConversationLog } from './ConversationLog';
import type { LoggedEmail } from './ConversationLog';

/**
 * A Message-ID this inbox has seen (received or sent) and the room it belongs to; for a mail that
 * came in, since 2026-12-07 also everything the import keeps of it, so that importing a mail
 * writes this one record twice (before its text is posted, and when it is done) and nothing else:
 * its Email panel entry, its original headers, the conversation's thread state once it came in,
 * what a reply quotes of it, and, when it made its sender a customer, that customer.
 */
export interface MessageIndexEntry {
    inboxId: string;
    messageId: string;
    roomId: string;
    direction: 'in' | 'out';
    /** 'posting' is written before the room message, 'done' after everything: a crash in between is recovered, not repeated. */
    state: 'posting' | 'done';
    /** While 'posting': how far the mail got into its room, so that a later check finishes it. */
    progress?: PostingProgress;
    /** When the mail was done (in, ISO): the latest one in a room is what a reply quotes. */
    savedAt?: string;
    /** Rocket.Chat's id of the room message holding the mail's text (in, done). */
    roomMessageId?: string;
    /** The mail as the Email panel lists it (in, done). */
    email?: LoggedEmail;
    /** Its original headers, for "Original email headers" (in, done, when it had any). */
    headers?: MailHeaders;
    /**
     * The conversation's thread state once this mail came in (in), or as it was when this email
     * went out (out, read only by the import of the customer's answer to it).
     */
    thread?: ThreadState;
    /** What a reply quotes of this mail (in, for inboxes whose replies quote). */
    quote?: QuotedMail;
    /** The sender, when this mail made them a customer of the inbox: their record until a later conversation writes one (see `customer`). */
    customer?: { visitorEmail: string; openedAt: number[] };
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
    /** When this state was saved (ISO): the latest of a room's is its thread state. None in records before 2026-12-07. */
    savedAt?: string;
}

/** The last mail of a room's conversation, as versions before 2026-12-07 kept it for inboxes whose replies quote it (one per room). */
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

const customerKey = (inboxId: string, visitorEmail: string) => `${inboxId}:${visitorEmail}`;

const MESSAGE: RecordKind<MessageIndexEntry> = {
    name: 'message',
    ownerOf: (entry) => entry.inboxId,
    groupOf: (entry) => entry.roomId,
    alsoKeyedAs: (entry) => (entry.customer ? [{ kind: 'customer', key: customerKey(entry.inboxId, entry.customer.visitorEmail) }] : []),
};
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

    constructor(
        private readonly reader: IPersistenceRead,
        writer?: IPersistence,
    ) {
        this.log = new ConversationLog(reader, writer);
        this.messages = new RecordStore(MESSAGE, reader, writer);
        this.threads = new RecordStore(THREAD, reader, writer);
        this.visitorRooms = new RecordStore(VISITOR_ROOM, reader, writer);
        this.senders = new RecordStore(SENDER_CONVERSATIONS, reader, writer);
        this.customers = new RecordStore(CUSTOMER, reader, writer);
        this.lastMails = new RecordStore(LAST_MAIL, reader, writer);
        this.mailHeaders = new RecordStore(MAIL_HEADERS, reader, writer);
    }

    /**
     * The original headers of the mail posted as this room message, found among the mails of
     * the room Rocket.Chat says the message is in (kept on their own before 2026-12-07).
     */
    public async headersOf(roomMessageId: string, roomId: string | undefined): Promise<MailHeaders | undefined> {
        const entries = roomId ? await this.messages.listGroup(roomId) : [];
        const entry = entries.find((candidate) => candidate.roomMessageId === roomMessageId && candidate.headers);
        if (entry) return entry.headers;
        const received = await this.log.receivedAs(roomMessageId);
        return received ? received.headers : this.mailHeaders.get(roomMessageId);
    }

    /** The last mail that came into the room, if its inbox quotes mails in replies (its entry holds it then; before 2026-12-07 a record of its own). */
    public async lastMail(roomId: string): Promise<QuotedMail | undefined> {
        const latest = latestBy(
            (await this.messages.listGroup(roomId)).filter((entry) => entry.quote),
            (entry) => entry.savedAt,
        );
        const entry = latest?.quote ?? (await this.lastMails.get(roomId));
        if (!entry) return undefined;
        const { messageId, from, date, text, cut } = entry;
        return { messageId, from, date, text, cut };
    }

    /** The room's emails for its Email panel, oldest first: the mails that came in and the replies, each once. */
    public async emailsOf(roomId: string): Promise<LoggedEmail[]> {
        const [logged, entries] = await Promise.all([this.log.ofRoom(roomId), this.messages.listGroup(roomId)]);
        const listed = new Set(logged.map((email) => `${email.direction}:${email.messageId}`));
        const received = entries.flatMap((entry) => (entry.email && !listed.has(`in:${entry.messageId}`) ? [entry.email] : []));
        return [...logged, ...received].sort((a, b) => a.at.localeCompare(b.at) || a.direction.localeCompare(b.direction));
    }

    /**
     * The customer as this inbox knows them: their own record, or the record of the mail that made
     * them a customer (which stands for it until their next conversation writes it), or the two
     * records kept before 2026-12-07.
     */
    public async customer(inboxId: string, visitorEmail: string): Promise<Customer> {
        const key = customerKey(inboxId, visitorEmail);
        const found = (await readKey(this.reader, 'customer', key)) as Array<Customer | MessageIndexEntry>;
        const own = found.find((record): record is Customer => !('messageId' in record));
        if (own) return own;
        const first = latestBy(
            found.filter((record): record is MessageIndexEntry => 'messageId' in record && Boolean(record.customer)),
            (entry) => entry.savedAt ?? entry.progress?.startedAt,
        );
        if (first?.customer) return { inboxId, visitorEmail, latestRoomId: first.roomId, openedAt: first.customer.openedAt };
        const [latest, senders] = [await this.visitorRooms.get(key), await this.senders.get(key)];
        return { inboxId, visitorEmail, ...(latest && { latestRoomId: latest.roomId }), openedAt: senders?.openedAt ?? [] };
    }

    public saveCustomer(customer: Customer): Promise<void> {
        return this.customers.put(customerKey(customer.inboxId, customer.visitorEmail), customer);
    }

    /** Makes the room the customer's latest in this inbox, unless it already is (read, then written only when it changes). */
    public async makeLatestRoom(inboxId: string, visitorEmail: string, roomId: string): Promise<void> {
        const customer = await this.customer(inboxId, visitorEmail);
        if (customer.latestRoomId !== roomId) await this.saveCustomer({ ...customer, latestRoomId: roomId });
    }

    /** The entry of this Message-ID: the done one where a record of an older version is left beside it. */
    public async message(inboxId: string, messageId: string): Promise<MessageIndexEntry | undefined> {
        const entries = await this.messages.getAll(`${inboxId}:${messageId}`);
        return entries.find((entry) => entry.state === 'done') ?? entries.at(-1);
    }

    /** Writes the entry; every write of one entry names the same room and customer (they are part of its record's key). */
    public saveMessage(entry: MessageIndexEntry): Promise<void> {
        return this.messages.put(`${entry.inboxId}:${entry.messageId}`, entry);
    }

    /** Writes the entry in place of the one it had in another room (a mail Rocket.Chat posted elsewhere). */
    public async moveMessage(entry: MessageIndexEntry): Promise<void> {
        await this.messages.remove(`${entry.inboxId}:${entry.messageId}`);
        await this.messages.put(`${entry.inboxId}:${entry.messageId}`, entry);
    }

    /**
     * The room's thread state: the latest of its own record (a conversation an agent started, or
     * any written before 2026-12-07) and of those its mails that came in hold. Replies' copies do
     * not count: they were the latest when they were made.
     */
    public async thread(roomId: string): Promise<ThreadState | undefined> {
        const [own, entries] = await Promise.all([this.threads.get(roomId), this.messages.listGroup(roomId)]);
        const states = [...(own ? [own] : []), ...entries.flatMap((entry) => (entry.direction === 'in' && entry.thread ? [entry.thread] : []))];
        return latestBy(states, (state) => state.savedAt);
    }

    /** Saves the room's own thread state and makes the room the customer's latest in this inbox. */
    public async saveThread(thread: ThreadState): Promise<void> {
        await this.threads.put(thread.roomId, thread);
        await this.makeLatestRoom(thread.inboxId, thread.visitorEmail, thread.roomId);
    }
}

/** The item with the latest time (ISO strings; none counts as earliest), the later one of a tie. */
function latestBy<T>(items: T[], timeOf: (item: T) => string | undefined): T | undefined {
    let latest: T | undefined;
    for (const item of items) if (latest === undefined || (timeOf(item) ?? '') >= (timeOf(latest) ?? '')) latest = item;
    return latest;
}
