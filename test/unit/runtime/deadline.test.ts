import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Deadline } from '../../../src/runtime/Deadline';

describe('Deadline', () => {
    it('says what is left, never less than nothing', () => {
        const start = Date.now();
        const deadline = Deadline.after(1_000, start);
        assert.ok(deadline.remaining() <= 1_000 && deadline.remaining() > 900);
        assert.equal(Deadline.after(-5_000).remaining(), 0);
        assert.equal(Deadline.after(-1).passed(), true);
        assert.equal(deadline.passed(), false);
    });

    it('narrows to a shorter limit, extends for a last step, and picks the earlier of two', () => {
        const deadline = Deadline.after(10_000);
        assert.ok(deadline.atMost(1_000).remaining() <= 1_000);
        assert.ok(deadline.atMost(60_000).remaining() <= 10_000);
        assert.ok(deadline.plus(5_000).remaining() > 10_000);
        assert.equal(deadline.earlierOf(Deadline.after(1_000)).remaining() <= 1_000, true);
    });

    it('gives the work its result in time, the late error otherwise, and keeps a late failure from escaping', async () => {
        assert.equal(await Deadline.after(1_000).race(Promise.resolve(42), () => new Error('late')), 42);
        const slow = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('failed after the deadline')), 50));
        await assert.rejects(
            Deadline.after(10).race(slow, () => new Error('late')),
            /late/,
        );
        await new Promise((resolve) => setTimeout(resolve, 80)); // the slow failure must not be unhandled
        await assert.rejects(
            Deadline.after(-1).race(new Promise(() => undefined), () => new Error('already late')),
            /already late/,
        );
    });
});
