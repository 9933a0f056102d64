import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';

/** A mail the import went past without it reaching a room (see domain/setAsidePolicy). It stays in the mailbox. */
export interface SetAsideMail {
    inboxId: string;
    uidValidity: string;
    uid: number;
    messageId: string;
    from?: string;
    subject?: string;
    error: string;
    failures: number;
    setAsideAt: string;
    /** An admin asked for another attempt (`/email-inbox retry`): the next check makes it. */
    retryRequested?: boolean;
}

const SET_ASIDE: RecordKind<SetAsideMail> = { name: 'set-aside', ownerOf: (mail) => mail.inboxId };

const keyOf = (mail: Pick<SetAsideMail, 'inboxId' | 'uidValidity' | 'uid'>) => `${mail.inboxId}:${mail.uidValidity}:${mail.uid}`;

export class SetAsideMailStore {
    private readonly store: RecordStore<SetAsideMail>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(SET_ASIDE, reader, writer);
    }

    public async ofInbox(inboxId: string): Promise<SetAsideMail[]> {
        return (await this.store.list()).filter((mail) => mail.inboxId === inboxId).sort((a, b) => a.uid - b.uid);
    }

    public save(mail: SetAsideMail): Promise<void> {
        return this.store.put(keyOf(mail), mail);
    }

    public remove(mail: SetAsideMail): Promise<void> {
        return this.store.remove(keyOf(mail));
    }
}
