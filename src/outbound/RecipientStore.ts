import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import type { RecipientChanges } from './domain/replyRecipients';

/** A conversation's recipient changes (domain/replyRecipients), with who made the last one. */
export interface RoomRecipients extends RecipientChanges {
    roomId: string;
    inboxId: string;
    updatedAt: string;
    updatedBy: string;
}

const RECIPIENTS: RecordKind<RoomRecipients> = { name: 'room-recipients', ownerOf: (entry) => entry.inboxId };

/**
 * Who agents want a conversation's replies to go to, per room, owned by its inbox. Two agents
 * changing one conversation in the same instant: the later change wins (the panel shows it).
 */
export class RecipientStore {
    private readonly entries: RecordStore<RoomRecipients>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.entries = new RecordStore(RECIPIENTS, reader, writer);
    }

    public get(roomId: string): Promise<RoomRecipients | undefined> {
        return this.entries.get(roomId);
    }

    public save(entry: RoomRecipients): Promise<void> {
        return this.entries.put(entry.roomId, entry);
    }
}
