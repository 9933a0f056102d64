import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';

/** An inbox's OAuth2 sign-in: its tokens (secrets: only ever in this record, owned by the inbox) and what status shows. */
export interface InboxTokens {
    inboxId: string;
    accessToken: string;
    /** ISO; the token is refreshed a little before. */
    accessExpiresAt: string;
    refreshToken: string;
    /** The account the provider named at sign-in (id token), or '' when it named none. */
    account: string;
    signedInAt: string;
    /** Who signed in (Rocket.Chat username): told when the sign-in stops working. */
    signedInBy: string;
    refreshedAt?: string;
    /** Set when the provider refused the refresh token: the inbox waits for a new sign-in. */
    refused?: { error: string; at: string };
}

const TOKENS: RecordKind<InboxTokens> = { name: 'oauth-tokens', ownerOf: (tokens) => tokens.inboxId };

export class TokenStore {
    private readonly store: RecordStore<InboxTokens>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.store = new RecordStore(TOKENS, reader, writer);
    }

    public async get(inboxId: string): Promise<InboxTokens | undefined> {
        return this.store.get(inboxId);
    }

    public async save(tokens: InboxTokens): Promise<void> {
        await this.store.put(tokens.inboxId, tokens);
    }

    /** After the client or account changed: the old tokens open nothing the inbox needs. */
    public async forget(inboxId: string): Promise<void> {
        await this.store.remove(inboxId);
    }
}
