import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
    chainWatchAt,
    deliveryLine,
    deliveryPlan,
    leaseVerdict,
    nextRunAt,
    polledInboxDue,
    PUSH_LIMITS,
    WATCH_AFTER_LEASE_MS,
} from '../../../src/inbound/domain/pushPlan';
import { BUDGET, ENGINE_CALL_MS } from '../../../src/runtime/budgets';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the push chain lease', () => {
    it('is renewed by the chain that holds it, taken when free or expired, and stops any other chain', () => {
        assert.equal(leaseVerdict(undefined, 'a', NOW), 'take');
        assert.equal(leaseVerdict({ token: 'a', until: NOW + 1 }, 'a', NOW), 'renew');
        assert.equal(leaseVerdict({ token: 'a', until: NOW + 1 }, 'b', NOW), 'held');
        // Its holder died or fell behind: anyone takes it over, its former holder too.
        assert.equal(leaseVerdict({ token: 'a', until: NOW }, 'b', NOW), 'take');
        assert.equal(leaseVerdict({ token: 'a', until: NOW - 1 }, 'a', NOW), 'take');
    });

    it('outlives a run that the engine ends at its 30 s, and a run the next one follows at once', () => {
        assert.ok(BUDGET.pushLease > ENGINE_CALL_MS);
        assert.ok(BUDGET.pushLease > BUDGET.pushListen + BUDGET.pushClaimWait);
    });
});

describe("the chain's watch", () => {
    const now = 1_000_000;
    it('looks just after a held lease ends when that comes before the next recurring check', () => {
        const lease = { token: 'a', until: now + 30_000 };
        assert.equal(chainWatchAt(lease, now, 60_000), now + 30_000 + WATCH_AFTER_LEASE_MS);
    });

    it('leaves it to the next recurring check when the lease outlasts it', () => {
        assert.equal(chainWatchAt({ token: 'a', until: now + 40_000 }, now, 15_000), undefined);
    });

    it('restarts a chain that died at the start of its run within one default interval of its death', () => {
        // The worst case: the run dies as it renews the lease; the recurring check comes just after.
        const diedAt = now;
        const lease = { token: 'a', until: diedAt + BUDGET.pushLease };
        const watchAt = chainWatchAt(lease, diedAt + 1, 60_000);
        assert.ok(watchAt !== undefined && watchAt - diedAt <= 60_000, `${watchAt === undefined ? 'no watch' : watchAt - diedAt} ms`);
    });
});

describe('the push window', () => {
    it('ends listening early enough for the import an EXISTS starts at its end, DONE and the logout within the engine limit', () => {
        // The import stops taking mail at `work`; the step it is on then has `lastStep`.
        assert.ok(BUDGET.pushListen < BUDGET.work);
        assert.ok(BUDGET.work + BUDGET.lastStep + 2_000 <= ENGINE_CALL_MS, 'two seconds left for DONE and the logout');
    });

    it('starts the next run as this one ends, never before its listening would have ended', () => {
        const startedAt = NOW - BUDGET.pushListen - 300;
        assert.equal(nextRunAt(startedAt, NOW), NOW, 'at once after a whole run');
        // A run cut short (every server failing, the claim held elsewhere) waits: the chain never loops on logins.
        assert.equal(nextRunAt(NOW - 1_000, NOW), NOW - 1_000 + BUDGET.pushListen);
    });

    it('checks an inbox it does not listen on once its interval has passed, less half a run', () => {
        const interval = 60_000;
        assert.equal(polledInboxDue(undefined, interval, NOW), true, 'never checked');
        assert.equal(polledInboxDue(iso(NOW - interval), interval, NOW), true);
        assert.equal(polledInboxDue(iso(NOW - interval + BUDGET.pushListen / 2), interval, NOW), true);
        assert.equal(polledInboxDue(iso(NOW - interval + BUDGET.pushListen / 2 + 1), interval, NOW), false);
        assert.equal(polledInboxDue(iso(NOW - 5_000), interval, NOW), false);
    });
});

describe('which inboxes are pushed', () => {
    it('pushes those whose server offered IDLE or was never checked, up to the limit in the order given, and says why the others are polled', () => {
        const plan = deliveryPlan([{ id: 'a', idle: true }, { id: 'b', idle: false }, { id: 'c' }, { id: 'd', idle: true }], true, 2);
        assert.deepEqual(Object.fromEntries(plan), { a: 'push', b: 'no_idle', c: 'push', d: 'over_limit' });
    });

    it('polls every inbox with push off', () => {
        assert.deepEqual(Object.fromEntries(deliveryPlan([{ id: 'a', idle: true }, { id: 'b' }], false)), { a: 'push_off', b: 'push_off' });
    });

    it('has a limit that a Rocket.Chat instance can hold open', () => {
        assert.ok(PUSH_LIMITS.inboxesPerProcess >= 50);
        assert.ok(PUSH_LIMITS.keptAtMostMs < 29 * 60_000, 'IDLE renewed within RFC 2177 29 minutes');
    });
});

describe("status's line on delivery", () => {
    const interval = 60_000;
    const push = { mode: 'push' as const, at: iso(NOW - 20_000) };

    it('says push while the chain listened on the inbox lately, and resuming once it has not for a lease and an interval', () => {
        assert.deepEqual(deliveryLine({ idle: true, delivery: push }, true, interval, NOW), { kind: 'push' });
        const old = { mode: 'push' as const, at: iso(NOW - BUDGET.pushLease - interval - 1) };
        assert.deepEqual(deliveryLine({ idle: true, delivery: old }, true, interval, NOW), { kind: 'push_resuming', since: old.at });
    });

    it('says polled, and why, from the setting now and what the last check found', () => {
        assert.deepEqual(deliveryLine({ idle: true, delivery: push }, false, interval, NOW), { kind: 'poll', reason: 'push_off' });
        assert.deepEqual(deliveryLine({ idle: false, delivery: push }, true, interval, NOW), { kind: 'poll', reason: 'no_idle' });
        const over = { mode: 'poll' as const, reason: 'over_limit' as const, at: iso(NOW) };
        assert.deepEqual(deliveryLine({ idle: true, delivery: over }, true, interval, NOW), { kind: 'poll', reason: 'over_limit' });
    });

    it('says push soon when push was just turned on, and nothing before the first check', () => {
        const off = { mode: 'poll' as const, reason: 'push_off' as const, at: iso(NOW) };
        assert.deepEqual(deliveryLine({ idle: true, delivery: off }, true, interval, NOW), { kind: 'push_soon' });
        assert.deepEqual(deliveryLine({}, true, interval, NOW), { kind: 'unknown' });
    });
});
