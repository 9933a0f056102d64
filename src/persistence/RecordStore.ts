import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * Typed records in app persistence, addressed by (kind, key) and optionally owned by an inbox.
 *
 * Rocket.Chat matches reads and removes by associations as a SUBSET but updates by the
 * EXACT list, order included. So every record is written with the same ordered list
 * [kind, kind/key, group?, owner?, other kind/key...] built in one place (`associations`), read by [kind, kind/key],
 * listed by [kind] (or [kind, kind@group] for one group), and everything an inbox owns is removed
 * by [owner] alone.
 */
export interface RecordKind<T> {
    /** Short stable name, part of every association: never rename one that has shipped. */
    name: string;
    /** The inbox a record belongs to, derived from the record so every write of a key agrees. */
    ownerOf?: (record: T) => string | undefined;
    /** A group the record is listed in (a room's emails), derived from the record like the owner. */
    groupOf?: (record: T) => string;
    /**
     * Keys of another kind the record also answers to (`readKey`), derived from the record like
     * the owner: one record standing for two until the other kind's own is written.
     */
    alsoKeyedAs?: (record: T) => Array<{ kind: string; key: string }>;
}

export class RecordStore<T extends object> {
    private readonly kind: string;

    constructor(
        private readonly recordKind: RecordKind<T>,
        private readonly reader: IPersistenceRead,
        private readonly writer?: IPersistence,
    ) {
        this.kind = recordKind.name;
    }

    public async get(key: string): Promise<T | undefined> {
        const [record] = await this.getAll(key);
        return record;
    }

    /** Every record written under the key: more than one only where its group changed (each group's list is its own record). */
    public async getAll(key: string): Promise<T[]> {
        return (await this.reader.readByAssociations([kindAssociation(this.kind), keyAssociation(this.kind, key)])) as T[];
    }

    public async list(): Promise<T[]> {
        return (await this.reader.readByAssociations([kindAssociation(this.kind)])) as T[];
    }

    /** The records of one group (RecordKind.groupOf), in no particular order. */
    public async listGroup(group: string): Promise<T[]> {
        return (await this.reader.readByAssociations([kindAssociation(this.kind), groupAssociation(this.kind, group)])) as T[];
    }

    /** Creates or replaces the record. */
    public async put(key: string, value: T): Promise<void> {
        await this.requireWriter().updateByAssociations(this.associations(key, value), value, true);
    }

    /**
     * Replaces the record only if it still exists: a writer that read it before someone else
     * removed it (an email sent meanwhile) must not bring it back.
     */
    public async update(key: string, value: T): Promise<void> {
        await this.requireWriter().updateByAssociations(this.associations(key, value), value, false);
    }

    public async remove(key: string): Promise<void> {
        await this.requireWriter().removeByAssociations([kindAssociation(this.kind), keyAssociation(this.kind, key)]);
    }

    private associations(key: string, value: T): RocketChatAssociationRecord[] {
        const associations = associationsOf(this.kind, key, this.recordKind.groupOf?.(value), this.recordKind.ownerOf?.(value));
        const aliases = this.recordKind.alsoKeyedAs?.(value) ?? [];
        // After the owner, so that a record without aliases keeps the list it always had.
        return [...associations, ...aliases.map((alias) => keyAssociation(alias.kind, alias.key))];
    }

    private requireWriter(): IPersistence {
        if (!this.writer) throw new Error(`RecordStore(${this.kind}) was opened read-only`);
        return this.writer;
    }
}

/** Every record, of any kind, written under this kind's key or keyed as it (RecordKind.alsoKeyedAs). */
export async function readKey(reader: IPersistenceRead, kind: string, key: string): Promise<object[]> {
    return reader.readByAssociations([keyAssociation(kind, key)]);
}

/** Removes every record of every kind that an inbox owns (its cursor, indexes, outbox...). */
export async function removeEverythingOwnedBy(writer: IPersistence, ownerId: string): Promise<number> {
    // Rocket.Chat answers undefined, not [], when nothing matched.
    const removed: object[] | undefined = await writer.removeByAssociations([ownerAssociation(ownerId)]);
    return removed?.length ?? 0;
}

function associationsOf(kind: string, key: string, group: string | undefined, ownerId: string | undefined): RocketChatAssociationRecord[] {
    const associations = [kindAssociation(kind), keyAssociation(kind, key)];
    if (group !== undefined) associations.push(groupAssociation(kind, group));
    if (ownerId !== undefined) associations.push(ownerAssociation(ownerId));
    return associations;
}

function kindAssociation(kind: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `email-inboxes:${kind}`);
}

function keyAssociation(kind: string, key: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `email-inboxes:${kind}:${key}`);
}

function groupAssociation(kind: string, group: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `email-inboxes:${kind}@${group}`);
}

function ownerAssociation(ownerId: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `email-inboxes:owner:${ownerId}`);
}
