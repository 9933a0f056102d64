import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { afterFailure, isDue } from '../../../src/inbound/domain/retryPolicy';

const now = new Date('2026-11-24T10:00:00Z');
const minutesLater = (state: { nextAttemptAt?: string }) => (Date.parse(state.nextAttemptAt ?? '') - now.getTime()) / 60_000;

describe('retry policy', () => {
    it('retries the first failure at the next check, then backs off exponentially up to an hour', () => {
        let state = afterFailure({ consecutiveFailures: 0 }, now, false);
        assert.equal(minutesLater(state), 0);
        const delays = [];
        for (let failure = 2; failure <= 9; failure++) {
            state = afterFailure(state, now, false);
            delays.push(minutesLater(state));
        }
        assert.deepEqual(delays, [2, 4, 8, 16, 32, 60, 60, 60]);
        assert.equal(state.paused, undefined, 'unreachable servers are never paused');
    });

    it('pauses after three refused logins in a row, and keeps the first pause time', () => {
        let state = afterFailure({ consecutiveFailures: 0 }, now, true);
        state = afterFailure(state, now, true);
        assert.equal(state.paused, undefined);
        state = afterFailure(state, now, true);
        assert.deepEqual(state.paused, { reason: 'auth_failed', at: now.toISOString() });
        assert.equal(afterFailure(state, new Date(now.getTime() + 60_000), true).paused?.at, now.toISOString());
    });

    it('is due when no attempt is scheduled or its time has come, never while paused', () => {
        assert.equal(isDue({ consecutiveFailures: 0 }, now), true);
        assert.equal(isDue({ consecutiveFailures: 2, nextAttemptAt: '2026-11-24T10:01:00Z' }, now), false);
        assert.equal(isDue({ consecutiveFailures: 2, nextAttemptAt: '2026-11-24T09:59:00Z' }, now), true);
        assert.equal(isDue({ consecutiveFailures: 3, paused: { reason: 'auth_failed', at: '' } }, now), false);
    });
});
