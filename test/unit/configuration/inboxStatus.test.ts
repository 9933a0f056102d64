import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { emptyStatus, withCountsAdded } from '../../../src/configuration/domain/InboxStatus';

describe('an inbox status a push run adds its counts to', () => {
    it('adds what the run counted to what is stored now, and keeps everything else stored meanwhile', () => {
        const before = { ...emptyStatus('i'), imported: 5, skipped: 1, duplicates: 2, skippedByReason: { bounce: 1 }, lastPollAt: '2026-12-07T10:00:00.000Z' };
        const after = { ...before, imported: 8, skipped: 3, duplicates: 2, skippedByReason: { bounce: 2, auto_submitted: 1 } };
        // Meanwhile a sign-in was refused elsewhere and the inbox paused; its counts are what the check left.
        const latest = { ...before, paused: { reason: 'sign_in_needed', at: '2026-12-07T10:00:05.000Z' } };

        assert.deepEqual(withCountsAdded(latest, before, after), {
            ...latest,
            imported: 8,
            skipped: 3,
            duplicates: 2,
            skippedByReason: { bounce: 2, auto_submitted: 1 },
        });
    });

    it('counts on from a status removed meanwhile (its leftovers are removed after) and adds nothing when nothing was counted', () => {
        const before = { ...emptyStatus('i'), imported: 5, skipped: 0 };
        assert.deepEqual(withCountsAdded(emptyStatus('i'), before, { ...before, imported: 6 }), { ...emptyStatus('i'), imported: 1, duplicates: 0 });
        const latest = { ...before, skippedByReason: { list: 4 } };
        assert.deepEqual(withCountsAdded(latest, before, before), { ...latest, duplicates: 0 });
    });
});
