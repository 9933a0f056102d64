import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../../persistence/RecordStore';

/**
 * What one user's open Email panel of a room holds besides its data: the generation of its address
 * field (a new one shows the field empty) and what was last typed there. A block action tells the
 * app only the one value that changed, so the typed text arrives with its own (debounced) action and
 * is kept here for the panel's next update. Owned by the inbox; removed when the panel closes.
 */
export interface EmailPanelDraft {
    userId: string;
    roomId: string;
    inboxId: string;
    generation: number;
    text: string;
}

const DRAFTS = { name: 'email-panel-draft', ownerOf: (draft: EmailPanelDraft) => draft.inboxId };

export class EmailPanelDraftStore {
    private readonly store: RecordStore<EmailPanelDraft>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(DRAFTS, reader, writer);
    }

    public get(userId: string, roomId: string): Promise<EmailPanelDraft | undefined> {
        return this.store.get(`${userId}:${roomId}`);
    }

    public put(draft: EmailPanelDraft): Promise<void> {
        return this.store.put(`${draft.userId}:${draft.roomId}`, draft);
    }

    public remove(userId: string, roomId: string): Promise<void> {
        return this.store.remove(`${userId}:${roomId}`);
    }
}
