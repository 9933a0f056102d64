import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';

/** A Message-ID this inbox has seen (received or sent) and the room it belongs to. */
export interface MessageIndexEntry {
    inboxId: string;
    messageId: string;
    roomId: string;
    direction: 'in' | 'out';
    /** 'posting' is written before the room message, 'done' after everything: a crash in between is recovered, not repeated. */
    state: 'posting' | 'done';
}

/** What a room needs to answer by email: written by the import, read by outbound mail. */
export interface ThreadState {
    roomId: string;
    inboxId: string;
    visitorEmail: string;
    subject: string;
    lastInboundMessageId: string;
    references: string[];
}

const MESSAGE: RecordKind<MessageIndexEntry> = { name: 'message', ownerOf: (entry) => entry.inboxId };
const THREAD: RecordKind<ThreadState> = { name: 'thread', ownerOf: (thread) => thread.inboxId };

/** The links between Message-IDs, rooms and inboxes, in app persistence (owned by the inbox). */
export class ConversationStore {
    private readonly messages: RecordStore<MessageIndexEntry>;
    private readonly threads: RecordStore<ThreadState>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.messages = new RecordStore(MESSAGE, reader, writer);
        this.threads = new RecordStore(THREAD, reader, writer);
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

    public saveThread(thread: ThreadState): Promise<void> {
        return this.threads.put(thread.roomId, thread);
    }

    public threadsOfInbox(inboxId: string): Promise<ThreadState[]> {
        return this.threads.listOwnedBy(inboxId);
    }
}
