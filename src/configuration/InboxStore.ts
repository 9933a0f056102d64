import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore, removeEverythingOwnedBy } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import type { Inbox } from './domain/Inbox';

const INBOX: RecordKind<Inbox> = { name: 'inbox', ownerOf: (inbox) => inbox.id };

/** Inbox records in app persistence. Each inbox owns its record and all its state (cursor, indexes, outbox). */
export class InboxStore {
    private readonly store: RecordStore<Inbox>;

    constructor(
        reader: IPersistenceRead,
        private readonly writer?: IPersistence,
    ) {
        this.store = new RecordStore(INBOX, reader, writer);
    }

    /** All inboxes, by name. */
    public async list(): Promise<Inbox[]> {
        return (await this.store.list()).sort((a, b) => a.name.localeCompare(b.name));
    }

    public async getById(id: string): Promise<Inbox | undefined> {
        return this.store.get(id);
    }

    /** Case-insensitive, as names are unique regardless of case. */
    public async findByName(name: string): Promise<Inbox | undefined> {
        const wanted = name.trim().toLowerCase();
        return (await this.list()).find((inbox) => inbox.name.toLowerCase() === wanted);
    }

    public async save(inbox: Inbox): Promise<void> {
        await this.store.put(inbox.id, inbox);
    }

    /** Removes the inbox and everything it owns; returns how many records went. */
    public async remove(inbox: Inbox): Promise<number> {
        if (!this.writer) throw new Error('InboxStore was opened read-only');
        return removeEverythingOwnedBy(this.writer, inbox.id);
    }

    /**
     * For a job that has just written an inbox's state (its status, cursor, sent count...): if the
     * inbox was removed while the job worked, removes what the job wrote after the removal, which
     * would otherwise stay behind with no inbox to show or remove it. Returns how many records went.
     */
    public async removeLeftoversOf(inboxId: string): Promise<number> {
        if (!this.writer) throw new Error('InboxStore was opened read-only');
        if (await this.getById(inboxId)) return 0;
        return removeEverythingOwnedBy(this.writer, inboxId);
    }
}
