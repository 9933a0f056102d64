import type { AdapterPayload, OidcAdapter } from 'oidc-provider';

interface Entry {
    model: string;
    id: string;
    payload: AdapterPayload;
    /** Epoch milliseconds; absent when the model has no lifetime. */
    expiresAt?: number;
}

/**
 * oidc-provider's storage, in memory. Its own development adapter is an LRU of 1,000 entries
 * that cannot be listed; this one keeps every entry until it expires and can find all grants of
 * an account, which `revokeGrants` needs.
 */
export class MemoryStore {
    private readonly entries = new Map<string, Entry>();

    /** The adapter factory oidc-provider's `adapter` setting takes: one adapter per model. */
    readonly adapter = (model: string): OidcAdapter => {
        const key = (id: string) => `${model}:${id}`;
        return {
            upsert: async (id, payload, expiresIn) => {
                this.entries.set(key(id), { model, id, payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
            },
            find: async (id) => this.live(key(id))?.payload,
            findByUid: async (uid) => this.findWhere(model, (payload) => payload.uid === uid),
            findByUserCode: async (userCode) => this.findWhere(model, (payload) => payload.userCode === userCode),
            consume: async (id) => {
                const entry = this.live(key(id));
                if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
            },
            destroy: async (id) => {
                this.entries.delete(key(id));
            },
            revokeByGrantId: async (grantId) => this.revokeByGrantId(grantId),
        };
    };

    /** Deletes every grant of the account and every token issued under it; returns how many grants. */
    revokeAccount(accountId: string): number {
        const grants = [...this.entries].filter(([, entry]) => entry.model === 'Grant' && entry.payload.accountId === accountId);
        for (const [key, entry] of grants) {
            this.entries.delete(key);
            this.revokeByGrantId(entry.id);
        }
        return grants.length;
    }

    /**
     * Deletes the account's access tokens and nothing else: its grants and refresh tokens still
     * work. A provider that forgot tokens it issued (a restarted token cache, a cleared session
     * store) refuses them at introspection exactly as it does revoked ones.
     */
    forgetAccessTokens(accountId: string): number {
        const tokens = [...this.entries].filter(([, entry]) => entry.model === 'AccessToken' && entry.payload.accountId === accountId);
        for (const [key] of tokens) this.entries.delete(key);
        return tokens.length;
    }

    private revokeByGrantId(grantId: string): void {
        for (const [key, entry] of this.entries) if (entry.payload.grantId === grantId) this.entries.delete(key);
    }

    private live(key: string): Entry | undefined {
        const entry = this.entries.get(key);
        if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
            this.entries.delete(key);
            return undefined;
        }
        return entry;
    }

    private findWhere(model: string, matches: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
        for (const [key, entry] of this.entries) {
            if (entry.model === model && matches(entry.payload)) return this.live(key)?.payload;
        }
        return undefined;
    }
}
