import { randomUUID } from 'crypto';

import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from './RecordStore';
import type { RecordKind } from './RecordStore';

/** One holder's claim on a piece of work, until a time. */
interface Claim {
    name: string;
    token: string;
    /** Epoch ms after which anyone may take it over (its holder died or overran). */
    until: number;
    ownerId?: string;
}

const CLAIM: RecordKind<Claim> = { name: 'claim', ownerOf: (claim) => claim.ownerId };

/**
 * How long a claimer waits between writing its claim and reading it back. App persistence has
 * no compare-and-set: two claimers that both found the work free both write, and the later
 * write wins. Each reads back after this pause, longer than the gap between another claimer's
 * read and its write (two persistence calls), so only the last writer finds its own token.
 */
export const CLAIM_SETTLE_MS = 300;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Work this holder won; released when done (or expired, should the holder die). */
export interface HeldClaim {
    name: string;
    release(): Promise<void>;
}

/**
 * Claims on work that must not run twice at once: a poll run (the engine's 30 s timeout ends a
 * call while its code goes on, and Rocket.Chat may run several instances), an outbox email
 * (the hook and the outbox job may both try it). A claim is a record with a random token,
 * written, then read back after CLAIM_SETTLE_MS; whoever reads back their own token holds it.
 */
export class ClaimStore {
    private readonly claims: RecordStore<Claim>;

    constructor(reader: IPersistenceRead, writer: IPersistence) {
        this.claims = new RecordStore(CLAIM, reader, writer);
    }

    /** Claims each free piece of work for `holdMs`, with one pause for all; returns those won. */
    public async claimAll(work: Array<{ name: string; ownerId?: string }>, holdMs: number): Promise<HeldClaim[]> {
        const now = Date.now();
        const written: Claim[] = [];
        for (const { name, ownerId } of work) {
            const current = await this.claims.get(name);
            if (current && current.until > now) continue;
            const claim = { name, token: randomUUID(), until: now + holdMs, ...(ownerId && { ownerId }) };
            await this.claims.put(name, claim);
            written.push(claim);
        }
        if (written.length === 0) return [];
        await pause(CLAIM_SETTLE_MS);
        const won: HeldClaim[] = [];
        for (const claim of written) {
            if ((await this.claims.get(claim.name))?.token === claim.token) won.push(this.held(claim));
        }
        return won;
    }

    public async claim(name: string, holdMs: number, ownerId?: string): Promise<HeldClaim | undefined> {
        const [won] = await this.claimAll([{ name, ownerId }], holdMs);
        return won;
    }

    /** Whether someone holds this work now (a sender sending that email). */
    public async isHeld(name: string): Promise<boolean> {
        return ((await this.claims.get(name))?.until ?? 0) > Date.now();
    }

    private held(claim: Claim): HeldClaim {
        return {
            name: claim.name,
            release: async () => {
                // Expired and taken over meanwhile: the new holder's claim stays.
                if ((await this.claims.get(claim.name))?.token === claim.token) await this.claims.remove(claim.name);
            },
        };
    }
}
