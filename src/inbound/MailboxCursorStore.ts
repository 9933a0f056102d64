import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { HeldMail } from './domain/setAsidePolicy';
import type { RecordKind } from '../persistence/RecordStore';

/**
 * Where an inbox's import stands: the folder's UIDVALIDITY and the highest UID whose
 * message is fully handled. Advanced only after that message is in its room and indexed.
 */
export interface MailboxCursor {
    inboxId: string;
    /** Empty when an import was asked for before the first check saw the folder. */
    uidValidity: string;
    lastUid: number;
    /**
     * Set after the server renumbered the folder (new UIDVALIDITY) or when an admin asked to
     * import existing mail: the import scans mail since this date (ISO) and the Message-ID
     * index skips what it has seen; cleared when done.
     */
    rescanSince?: string;
    /** The mail after lastUid when it failed to go in at the last check(s); see domain/setAsidePolicy. */
    held?: HeldMail;
    updatedAt: string;
}

const CURSOR: RecordKind<MailboxCursor> = { name: 'cursor', ownerOf: (cursor) => cursor.inboxId };

export class MailboxCursorStore {
    private readonly store: RecordStore<MailboxCursor>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(CURSOR, reader, writer);
    }

    public get(inboxId: string): Promise<MailboxCursor | undefined> {
        return this.store.get(inboxId);
    }

    public save(cursor: MailboxCursor): Promise<void> {
        return this.store.put(cursor.inboxId, cursor);
    }
}
