import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { InboxInput } from '../../configuration/domain/InboxInput';
import { RecordStore } from '../../persistence/RecordStore';
import type { FormShape } from './formShape';

/**
 * What an open inbox form was opened with and what its shape is now, so that a choice (sign-in
 * method, security) can show the form again: a block action tells the app only the one value
 * that changed (apps/meteor/client/uikit/hooks/useModalContextValue.ts sends `{ blockId, value }`).
 * Never a secret: passwords and the client secret are never put into a form.
 */
export interface InboxFormDraft {
    roomId: string;
    inboxId?: string;
    inboxName?: string;
    values: InboxInput;
    note?: string;
    shape: FormShape;
    openedAt: string;
}

const DRAFTS = { name: 'inbox-form-draft', ownerOf: (draft: InboxFormDraft) => draft.inboxId };

/** One draft per user and form (view id): two admins editing the same inbox each keep theirs. */
export class InboxFormDraftStore {
    private readonly store: RecordStore<InboxFormDraft>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(DRAFTS, reader, writer);
    }

    public get(userId: string, viewId: string): Promise<InboxFormDraft | undefined> {
        return this.store.get(`${userId}:${viewId}`);
    }

    public put(userId: string, viewId: string, draft: InboxFormDraft): Promise<void> {
        return this.store.put(`${userId}:${viewId}`, draft);
    }

    public remove(userId: string, viewId: string): Promise<void> {
        return this.store.remove(`${userId}:${viewId}`);
    }
}
