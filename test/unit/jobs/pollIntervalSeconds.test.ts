import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { pollIntervalSeconds } from '../../../src/jobs/scheduleJobs';

describe('pollIntervalSeconds', () => {
    it('keeps sane values and clamps the rest', () => {
        assert.equal(pollIntervalSeconds(60), 60);
        assert.equal(pollIntervalSeconds('120'), 120);
        assert.equal(pollIntervalSeconds(1), 15);
        assert.equal(pollIntervalSeconds(999_999), 3600);
        assert.equal(pollIntervalSeconds('soon'), 60);
    });
});
