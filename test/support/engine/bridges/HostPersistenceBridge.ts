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

/** Rocket.Chat core's app persistence: reads and removes match as a subset, updates exactly. */
export class HostPersistenceBridge extends PersistenceBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    private records(appId: string): PersistenceRecord[] {
        return this.state.persistence.filter((record) => record.appId === appId);
    }

    private clone<T>(data: T): T {
        return structuredClone(data);
    }

    protected async purge(appId: string): Promise<void> {
        const keep = this.state.persistence.filter((record) => record.appId !== appId);
        this.state.persistence.splice(0, this.state.persistence.length, ...keep);
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.createWithAssociations(data, [], appId);
    }

    protected async createWithAssociations(data: object, associations: Array<RocketChatAssociationRecord>, appId: string): Promise<string> {
        const id = this.state.newId();
        this.state.persistence.push({ id, appId, associations: plain(associations), data: this.clone(data) });
        return id;
    }

    protected async readById(id: string, appId: string): Promise<object> {
        const record = this.records(appId).find((candidate) => candidate.id === id);
        return record ? this.clone(record.data) : (undefined as unknown as object);
    }

    protected async readByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object>> {
        const wanted = plain(associations);
        return this.records(appId)
            .filter((record) => containsAll(record, wanted))
            .map((record) => this.clone(record.data));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        const index = this.state.persistence.findIndex((record) => record.appId === appId && record.id === id);
        if (index < 0) return undefined;
        return this.state.persistence.splice(index, 1)[0].data;
    }

    protected async removeByAssociations(associations: Array<RocketChatAssociationRecord>, appId: string): Promise<Array<object> | undefined> {
        const wanted = plain(associations);
        const removed = this.records(appId).filter((record) => containsAll(record, wanted));
        const keep = this.state.persistence.filter((record) => !removed.includes(record));
        this.state.persistence.splice(0, this.state.persistence.length, ...keep);
        return removed.map((record) => record.data);
    }

    protected async update(): Promise<string> {
        // Rocket.Chat core throws here too.
        throw new Error('Not implemented.');
    }

    protected async updateByAssociations(associations: Array<RocketChatAssociationRecord>, data: object, upsert: boolean, appId: string): Promise<string> {
        const wanted = plain(associations);
        const record = this.records(appId).find((candidate) => equalsExactly(candidate, wanted));
        if (record) {
            record.data = this.clone(data);
            return record.id;
        }
        if (!upsert) return undefined as unknown as string;
        return this.createWithAssociations(data, associations, appId);
    }
}
