import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';

interface PendingBase {
    inboxId: string;
    /** The inbox manager who started it: only they get the link or code, and the result. */
    userId: string;
    username: string;
    /** Where they asked, to answer there. */
    roomId: string;
    startedAt: string;
    /** ISO; after it the sign-in is refused and has to be started again. */
    expiresAt: string;
}

/** A sign-in link sent to an admin: single use, found again by its `state`. */
export interface PendingCodeSignIn extends PendingBase {
    flow: 'code';
    state: string;
    /** PKCE verifier: sent only to the token endpoint, with the code. */
    verifier: string;
    redirectUri: string;
}

/** A device code shown to an admin: the app asks the token endpoint until they signed in. */
export interface PendingDeviceSignIn extends PendingBase {
    flow: 'device';
    deviceCode: string;
    /** Seconds between two questions to the token endpoint (raised by slow_down). */
    intervalS: number;
    nextPollAt: string;
    lastPolledAt?: string;
}

export type PendingSignIn = PendingCodeSignIn | PendingDeviceSignIn;

const PENDING: RecordKind<PendingSignIn> = { name: 'oauth-pending', ownerOf: (pending) => pending.inboxId };

/** Key of a pending sign-in: the state for links (looked up by the public endpoint), the inbox for device codes (one at a time). */
export function pendingKey(pending: PendingSignIn): string {
    return pending.flow === 'code' ? `code:${pending.state}` : `device:${pending.inboxId}`;
}

/** Sign-ins started and not finished, owned by their inbox (removed with it). */
export class PendingSignInStore {
    private readonly store: RecordStore<PendingSignIn>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(PENDING, reader, writer);
    }

    public async byState(state: string): Promise<PendingCodeSignIn | undefined> {
        const found = await this.store.get(`code:${state}`);
        return found?.flow === 'code' ? found : undefined;
    }

    public async deviceFor(inboxId: string): Promise<PendingDeviceSignIn | undefined> {
        const found = await this.store.get(`device:${inboxId}`);
        return found?.flow === 'device' ? found : undefined;
    }

    public async devices(): Promise<PendingDeviceSignIn[]> {
        return (await this.store.list()).filter((pending): pending is PendingDeviceSignIn => pending.flow === 'device');
    }

    public async all(): Promise<PendingSignIn[]> {
        return this.store.list();
    }

    public async save(pending: PendingSignIn): Promise<void> {
        await this.store.put(pendingKey(pending), pending);
    }

    /** Saves only if still there: a poll that read it before the sign-in ended must not bring it back. */
    public async update(pending: PendingSignIn): Promise<void> {
        await this.store.update(pendingKey(pending), pending);
    }

    public async remove(pending: PendingSignIn): Promise<void> {
        await this.store.remove(pendingKey(pending));
    }
}
