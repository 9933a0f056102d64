import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseSinceDate } from '../../../src/inbound/domain/parseSinceDate';

const now = new Date('2026-11-24T12:00:00Z');

describe('parseSinceDate', () => {
    it('accepts a past or today calendar day as midnight UTC', () => {
        assert.deepEqual(parseSinceDate('2026-10-01', now), { ok: true, date: new Date('2026-10-01T00:00:00Z') });
        assert.deepEqual(parseSinceDate(' 2026-11-24 ', now), { ok: true, date: new Date('2026-11-24T00:00:00Z') });
    });

    it('refuses other spellings, impossible days and the future', () => {
        for (const text of ['1.10.2026', '2026-10-1', '2026-02-30', '2026-13-01', 'yesterday', '']) {
            assert.deepEqual(parseSinceDate(text, now), { ok: false, reason: 'format' }, text);
        }
        assert.deepEqual(parseSinceDate('2026-11-25', now), { ok: false, reason: 'future' });
    });
});
