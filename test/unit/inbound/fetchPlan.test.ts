import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { planFetchBatches } from '../../../src/inbound/domain/fetchPlan';

const limits = { mails: 3, bytes: 100, wholeMailBytes: 500, partBytes: 50 };
const mails = (...sizes: number[]) => sizes.map((size, index) => ({ uid: index + 1, size }));

describe('planFetchBatches', () => {
    it('keeps order and puts at most so many mails in a batch', () => {
        assert.deepEqual(planFetchBatches(mails(1, 1, 1, 1, 1, 1, 1), limits), [{ uids: [1, 2, 3] }, { uids: [4, 5, 6] }, { uids: [7] }]);
    });

    it('starts a new batch before it would hold too many bytes; a larger mail goes alone', () => {
        assert.deepEqual(planFetchBatches(mails(60, 30, 20, 300, 10), limits), [{ uids: [1, 2] }, { uids: [3] }, { uids: [4] }, { uids: [5] }]);
    });

    it('reads a mail too large to hold only in part, on its own', () => {
        assert.deepEqual(planFetchBatches(mails(10, 900, 10), limits), [{ uids: [1] }, { uids: [2], partBytes: 50 }, { uids: [3] }]);
    });

    it('plans nothing for nothing', () => {
        assert.deepEqual(planFetchBatches([], limits), []);
    });
});
