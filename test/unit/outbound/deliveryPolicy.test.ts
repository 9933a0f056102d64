import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FIRST_RETRY_MS, MAX_RETRY_GAP_MS, decideRetry, failureKind, isDeliverable } from '../../../src/outbound/domain/deliveryPolicy';
import { ErrorCode } from '../../../src/errors/ErrorCode';

const createdAt = new Date('2026-11-24T10:00:00Z');
const after = (ms: number) => new Date(createdAt.getTime() + ms);

describe('deliveryPolicy', () => {
    it('waits twice as long after each temporary failure, up to an hour', () => {
        const gaps = [1, 2, 3, 4, 10].map((attempts) => {
            const decision = decideRetry({ kind: 'temporary', attempts, createdAt, now: createdAt, retryHours: 48 });
            assert.equal(decision.retry, true);
            return decision.retry ? decision.nextAttemptAt.getTime() - createdAt.getTime() : 0;
        });
        assert.deepEqual(gaps, [FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS, 8 * FIRST_RETRY_MS, MAX_RETRY_GAP_MS]);
    });

    it('makes a last attempt at the end of the retry window, then gives up', () => {
        const nearEnd = decideRetry({ kind: 'temporary', attempts: 20, createdAt, now: after(48 * 3_600_000 - 60_000), retryHours: 48 });
        assert.deepEqual(nearEnd, { retry: true, nextAttemptAt: after(48 * 3_600_000) });
        assert.deepEqual(decideRetry({ kind: 'temporary', attempts: 21, createdAt, now: after(48 * 3_600_000), retryHours: 48 }), { retry: false });
    });

    it('never retries a permanent failure', () => {
        assert.deepEqual(decideRetry({ kind: 'permanent', attempts: 1, createdAt, now: createdAt, retryHours: 48 }), { retry: false });
    });

    it('waits out unreachable servers and 4xx, and stops at refusals a person must fix', () => {
        for (const code of [ErrorCode.Timeout, ErrorCode.ConnectionRefused, ErrorCode.HostNotFound, ErrorCode.TemporaryFailure]) {
            assert.equal(failureKind(code), 'temporary', code);
        }
        for (const code of [ErrorCode.AuthenticationFailed, ErrorCode.RecipientRejected, ErrorCode.MessageRejected, ErrorCode.CertificateUntrusted]) {
            assert.equal(failureKind(code), 'permanent', code);
        }
    });

    it('takes an email only when it is waiting, due and not held by another sender', () => {
        const now = after(0);
        const due = { state: 'waiting', nextAttemptAt: createdAt.toISOString() };
        assert.equal(isDeliverable(due, now), true);
        assert.equal(isDeliverable({ ...due, state: 'failed' }, now), false);
        assert.equal(isDeliverable({ ...due, nextAttemptAt: after(1).toISOString() }, now), false);
        assert.equal(isDeliverable({ ...due, leaseUntil: after(1).toISOString() }, now), false);
        assert.equal(isDeliverable({ ...due, leaseUntil: after(0).toISOString() }, now), true);
    });
});
