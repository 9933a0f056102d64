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

/**
 * An admin's request to import the mail already in the folder since a day. Kept apart from the
 * cursor, which only the mail check writes: a check running while the command is given would
 * otherwise overwrite the request with its own progress.
 */
export interface ImportRequest {
    inboxId: string;
    /** ISO date. */
    since: string;
    requestedAt: string;
}

const CURSOR: RecordKind<MailboxCursor> = { name: 'cursor', ownerOf: (cursor) => cursor.inboxId };
const IMPORT_REQUEST: RecordKind<ImportRequest> = { name: 'import-request', ownerOf: (request) => request.inboxId };

export class MailboxCursorStore {
    private readonly store: RecordStore<MailboxCursor>;
    private readonly requests: RecordStore<ImportRequest>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(CURSOR, reader, writer);
        this.requests = new RecordStore(IMPORT_REQUEST, reader, writer);
    }

    public get(inboxId: string): Promise<MailboxCursor | undefined> {
        return this.store.get(inboxId);
    }

    public save(cursor: MailboxCursor): Promise<void> {
        return this.store.put(cursor.inboxId, cursor);
    }

    public importRequest(inboxId: string): Promise<ImportRequest | undefined> {
        return this.requests.get(inboxId);
    }

    public requestImport(request: ImportRequest): Promise<void> {
        return this.requests.put(request.inboxId, request);
    }

    /** Removes the request once the check has turned it into its cursor. */
    public removeImportRequest(inboxId: string): Promise<void> {
        return this.requests.remove(inboxId);
    }
}
