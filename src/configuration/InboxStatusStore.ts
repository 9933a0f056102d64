import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import { emptyStatus } from './domain/InboxStatus';
import type { InboxStatus } from './domain/InboxStatus';

const STATUS: RecordKind<InboxStatus> = { name: 'inbox-status', ownerOf: (status) => status.inboxId };

/** Per-inbox status, owned by the inbox (removed with it). Written by the jobs, read by `status`. */
export class InboxStatusStore {
    private readonly store: RecordStore<InboxStatus>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(STATUS, reader, writer);
    }

    public async get(inboxId: string): Promise<InboxStatus> {
        return { ...emptyStatus(inboxId), ...(await this.store.get(inboxId)) };
    }

    /** After an admin changed or re-enabled the inbox: check it at the next run, paused or not. */
    public async clearFailures(inboxId: string): Promise<void> {
        const status = await this.get(inboxId);
        await this.save({ ...status, consecutiveFailures: 0, nextAttemptAt: undefined, paused: undefined });
    }

    public async save(status: InboxStatus): Promise<void> {
        await this.store.put(status.inboxId, status);
    }
}
