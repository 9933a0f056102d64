import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/** App persistence as Rocket.Chat keeps it, for unit tests of the app's stores: reads and removes match associations as a subset, updates the exact list (test/support/engine/bridges/HostPersistenceBridge.ts models core's). */
export function memoryPersistence(): { reader: IPersistenceRead; writer: IPersistence; records: Array<{ ids: string[]; data: object }> } {
    const records: Array<{ ids: string[]; data: object }> = [];
    const ids = (associations: RocketChatAssociationRecord[]) => associations.map((association) => association.getID());
    const matching = (wanted: string[]) => records.filter((record) => wanted.every((id) => record.ids.includes(id)));
    const reader = { readByAssociations: async (associations: RocketChatAssociationRecord[]) => matching(ids(associations)).map((record) => record.data) };
    const writer = {
        updateByAssociations: async (associations: RocketChatAssociationRecord[], data: object, upsert: boolean) => {
            const wanted = ids(associations);
            const found = records.find((record) => record.ids.join('|') === wanted.join('|'));
            if (found) found.data = structuredClone(data);
            else if (upsert) records.push({ ids: wanted, data: structuredClone(data) });
        },
        removeByAssociations: async (associations: RocketChatAssociationRecord[]) => {
            const gone = matching(ids(associations));
            for (const record of gone) records.splice(records.indexOf(record), 1);
            return gone.map((record) => record.data);
        },
    };
    return { reader: reader as unknown as IPersistenceRead, writer: writer as unknown as IPersistence, records };
}
