import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { afterAnotherFailure, maySetAside, SET_ASIDE_AFTER_FAILURES } from '../../../src/inbound/domain/setAsidePolicy';

describe('setAsidePolicy', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 9, minute));

    it('counts failures of the same mail in a row, from its first failure', () => {
        let held = afterAnotherFailure(undefined, { uid: 7, error: 'refused' }, at(0));
        assert.deepEqual(held, { uid: 7, error: 'refused', failures: 1, since: at(0).toISOString() });
        held = afterAnotherFailure(held, { uid: 7, error: 'refused again' }, at(1));
        assert.deepEqual(held, { uid: 7, error: 'refused again', failures: 2, since: at(0).toISOString() });
    });

    it('starts again for another mail', () => {
        const held = afterAnotherFailure({ uid: 7, error: 'x', failures: 5, since: at(0).toISOString() }, { uid: 8, error: 'y' }, at(3));
        assert.deepEqual(held, { uid: 8, error: 'y', failures: 1, since: at(3).toISOString() });
    });

    it(`lets a mail be set aside only from its ${SET_ASIDE_AFTER_FAILURES}rd failure in a row`, () => {
        let held = afterAnotherFailure(undefined, { uid: 7, error: 'refused' }, at(0));
        const verdicts = [maySetAside(held)];
        for (let check = 1; check < 4; check++) {
            held = afterAnotherFailure(held, { uid: 7, error: 'refused' }, at(check));
            verdicts.push(maySetAside(held));
        }
        assert.deepEqual(verdicts, [false, false, true, true]);
    });
});
