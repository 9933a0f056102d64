import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { CLAIM_SETTLE_MS } from '../persistence/ClaimStore';
import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import { BUDGET } from '../runtime/budgets';
import { leaseVerdict } from './domain/pushPlan';
import type { ChainLease } from './domain/pushPlan';

const LEASE: RecordKind<ChainLease> = { name: 'push-chain' };
/** There is one push chain per workspace: one record. */
const KEY = 'lease';

/**
 * The push chain's lease (domain/pushPlan): which chain of push runs may go on, so that two
 * chains (a second one started by a recurring check or another Rocket.Chat instance while the
 * first lived) never both listen and schedule. Taken like a claim (written, then read back after
 * CLAIM_SETTLE_MS, as app persistence has no compare-and-set); renewed by each run of its chain.
 */
export class PushLeaseStore {
    private readonly store: RecordStore<ChainLease>;

    constructor(reader: IPersistenceRead, writer: IPersistence) {
        this.store = new RecordStore(LEASE, reader, writer);
    }

    public current(): Promise<ChainLease | undefined> {
        return this.store.get(KEY);
    }

    /** Whether a chain holds the lease now (a recurring check then starts none). */
    public async held(now = Date.now()): Promise<boolean> {
        const lease = await this.current();
        return Boolean(lease && lease.until > now);
    }

    /**
     * Holds the lease for the chain `token` for BUDGET.pushLease from `now`: renews it when the
     * chain holds it, takes it when nobody does (or its holder let it expire); false when another
     * chain holds it, or took it in the same moment.
     */
    public async hold(token: string, now = Date.now()): Promise<boolean> {
        const verdict = leaseVerdict(await this.current(), token, now);
        if (verdict === 'held') return false;
        await this.store.put(KEY, { token, until: now + BUDGET.pushLease });
        if (verdict === 'renew') return true;
        await new Promise((resolve) => setTimeout(resolve, CLAIM_SETTLE_MS));
        return (await this.current())?.token === token;
    }

    /** Lets go of the lease when the chain ends on purpose (push turned off, nothing to listen on). */
    public async release(token: string): Promise<void> {
        if ((await this.current())?.token === token) await this.store.remove(KEY);
    }
}
