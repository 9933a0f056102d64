import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allowNewConversation } from '../../../src/inbound/domain/senderRateLimit';

describe('allowNewConversation', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const minutesAgo = (minutes: number) => now - minutes * 60_000;

    it('allows up to the limit within an hour, then refuses', () => {
        assert.deepEqual(allowNewConversation([minutesAgo(10), minutesAgo(5)], now, 3), { allowed: true, timestamps: [minutesAgo(10), minutesAgo(5), now] });
        assert.equal(allowNewConversation([minutesAgo(10), minutesAgo(5), minutesAgo(1)], now, 3).allowed, false);
    });

    it('forgets conversations older than an hour, and 0 means no limit', () => {
        assert.deepEqual(allowNewConversation([minutesAgo(61), minutesAgo(90)], now, 1), { allowed: true, timestamps: [now] });
        assert.equal(allowNewConversation([minutesAgo(1), minutesAgo(2)], now, 0).allowed, true);
    });
});
