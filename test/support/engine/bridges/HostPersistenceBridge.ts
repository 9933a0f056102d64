import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState, PersistenceRecord } from '../CoreState';

type Association = { model: string; id: string };

/** Associations arrive from the Deno runtime as plain `{ model, id }` objects. */
function plain(associations: Array<RocketChatAssociationRecord>): Association[] {
    return associations.map((association) => {
        const raw = association as unknown as Association & { getModel?: () => string; getID?: () => string };
        return { model: raw.getModel ? raw.getModel() : raw.model, id: raw.getID ? raw.getID() : raw.id };
    });
}

const same = (a: Association, b: Association) => a.model === b.model && a.id === b.id;
/** Mongo's `{ associations: { $all: [...] } }`: every given association is present, in any order. */
const containsAll = (record: PersistenceRecord, wanted: Association[]) => wanted.every((w) => record.associations.some((a) => same(a, w)));
/** Mongo's `{ associations: [...] }`: the very same array, order included. */
const equalsExactly = (record: PersistenceRecord, wanted: Association[]) =>
    record.associations.length === wanted.length && record.associations.every((a, index) => same(a, wanted[index]));

/**
 * Rocket.Chat core's app persistence: reads and removes match as a subset, updates exactly.
 * Lookups go through an index of associations, as core's collection is indexed on them, so
 * that the cost the app sees does not grow with everything stored (benchmarks rely on it).
 */
export class HostPersistenceBridge extends PersistenceBridge {
    private readonly index = new Map<string, Set<PersistenceRecord>>();

    constructor(private readonly state: CoreState) {
        super();
    }

    private records(appId: string): PersistenceRecord[] {
        return this.state.persistence.filter((record) => record.appId === appId);
    }

    private key(appId: string, association: Association): string {
        return `${appId}\u0000${association.model}\u0000${association.id}`;
    }

    private indexRecord(record: PersistenceRecord): void {
        for (const association of record.associations) {
            const key = this.key(record.appId, association);
            let set = this.index.get(key);
            if (!set) this.index.set(key, (set = new Set()));
            set.add(record);
        }
    }

    private unindexRecord(record: PersistenceRecord): void {
        for (const association of record.associations) this.index.get(this.key(record.appId, association))?.delete(record);
    }

    /** The app's records holding every wanted association, found from the rarest one. */
    private matching(appId: string, wanted: Association[]): PersistenceRecord[] {
        if (wanted.length === 0) return this.records(appId);
        const sets = wanted.map((association) => this.index.get(this.key(appId, association)));
        if (sets.some((set) => !set || set.size === 0)) return [];
        const rarest = (sets as Array<Set<PersistenceRecord>>).reduce((a, b) => (b.size < a.size ? b : a));
        return [...rarest].filter((record) => containsAll(record, wanted));
    }

    private removeRecords(removed: PersistenceRecord[]): void {
        if (removed.length === 0) return;
        const gone = new Set(removed);
        for (const record of removed) this.unindexRecord(record);
        const keep = this.state.persistence.filter((record) => !gone.has(record));
        this.state.persistence.splice(0, this.state.persistence.length, ...keep);
    }

    private clone<T>(data: T): T {
        return structuredClone(data);
    }

    protected async purge(appId: string): Promise<void> {
        this.removeRecords(this.records(appId));
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.createWithAssociations(data, [], appId);
    }

    protected async createWithAssociations(data: object, associations: Array<RocketChatAssociationRecord>, appId: string): Promise<string> {
        const id = this.state.newId();
        const record: PersistenceRecord = { id, appId, associations: plain(associations), data: this.clone(data) };
        this.state.persistence.push(record);
        this.indexRecord(record);
        return id;
    }

    protected async readById(id: string, appId: string): Promise<object> {
        const record = this.records(appId).find((candidate) => candidate.id === id);
        return record ? this.clone(record.data) : (undefined as unknown as object);
    }

    protected async readByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object>> {
        return this.matching(appId, plain(associations)).map((record) => this.clone(record.data));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const record = this.state.persistence.find((candidate) => candidate.appId === appId && candidate.id === id);
        if (!record) return undefined;
        this.removeRecords([record]);
        return record.data;
    }

    // Core: bridges/persistence.ts removeByAssociations answers undefined, not [], when nothing matched.
    protected async removeByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object> | undefined> {
        const removed = this.matching(appId, plain(associations));
        if (removed.length === 0) return undefined;
        this.removeRecords(removed);
        return removed.map((record) => record.data);
    }

    protected async update(): Promise<string> {
        // Rocket.Chat core throws here too.
        throw new Error('Not implemented.');
    }

    protected async updateByAssociations(associations: Array<RocketChatAssociationRecord>, data: object, upsert: boolean, appId: string): Promise<string> {
        const wanted = plain(associations);
        const record = this.matching(appId, wanted).find((candidate) => equalsExactly(candidate, wanted));
        if (record) {
            record.data = this.clone(data);
            return record.id;
        }
        if (!upsert) return undefined as unknown as string;
        // No unique index on the collection: Mongo's upsert looks, then inserts, and two upserts of
        // the same associations at the same moment both insert. Let other calls run in between.
        await new Promise((resolve) => setImmediate(resolve));
        return this.createWithAssociations(data, associations, appId);
    }
}
