import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkOrder, forEachAtMost, KeyedQueue, SharedAllowance, Slots } from '../../../src/inbound/domain/concurrentChecks';

const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small seeded generator, so that the interleavings below are the same at every run. */
function seeded(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
    };
}

describe('the order of a run', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();

    it('checks the least recently checked inboxes first, those never checked before all', () => {
        const order = checkOrder(
            [
                { id: 'a', lastCheckedAt: at(5), due: true },
                { id: 'b', lastCheckedAt: at(1), due: true },
                { id: 'c', due: true },
                { id: 'd', lastCheckedAt: at(3), due: true },
            ],
            0,
        );
        assert.deepEqual(order, ['c', 'b', 'd', 'a']);
    });

    it('puts an inbox the last run did not reach before those it checked', () => {
        // The last run (at minute 10) checked a and b, then ran out of time before c.
        const candidates = [
            { id: 'a', lastCheckedAt: at(10), due: true },
            { id: 'b', lastCheckedAt: at(10), due: true },
            { id: 'c', lastCheckedAt: at(9), due: true },
        ];
        assert.equal(checkOrder(candidates, Date.parse(at(11)))[0], 'c');
    });

    it('leaves inboxes that are not due (paused, backing off) for last', () => {
        const order = checkOrder(
            [
                { id: 'paused', due: false },
                { id: 'recent', lastCheckedAt: at(9), due: true },
                { id: 'old', lastCheckedAt: at(1), due: true },
            ],
            0,
        );
        assert.deepEqual(order, ['old', 'recent', 'paused']);
    });

    it('rotates inboxes checked at the same time with the run, so none is always last', () => {
        const candidates = ['a', 'b', 'c'].map((id) => ({ id, lastCheckedAt: at(1), due: true }));
        const firsts = [0, 1000, 2000].map((startedAt) => checkOrder(candidates, startedAt)[0]);
        assert.deepEqual(firsts, ['a', 'b', 'c']);
        assert.deepEqual(checkOrder(candidates, 1000), ['b', 'c', 'a']);
        assert.deepEqual(checkOrder([], 1000), []);
    });

    it('reads a missing or unreadable check time as never checked', () => {
        assert.deepEqual(
            checkOrder(
                [
                    { id: 'a', lastCheckedAt: at(1), due: true },
                    { id: 'b', lastCheckedAt: 'garbage', due: true },
                ],
                0,
            ),
            ['b', 'a'],
        );
    });
});

describe('checks at once', () => {
    it('never runs more than the limit at once, and takes each item once, in order', async () => {
        const random = seeded(7);
        const started: number[] = [];
        let running = 0;
        let most = 0;
        await forEachAtMost(
            Array.from({ length: 40 }, (_, index) => index),
            4,
            async (item) => {
                started.push(item);
                running++;
                most = Math.max(most, running);
                await tick(Math.floor(random() * 4));
                running--;
            },
        );
        assert.equal(most, 4);
        assert.deepEqual(
            started,
            Array.from({ length: 40 }, (_, index) => index),
        );
    });

    it('starts nothing more once it may not, and ends when the work under way has ended', async () => {
        let stop = false;
        const done: number[] = [];
        await forEachAtMost(
            [0, 1, 2, 3, 4, 5],
            2,
            async (item) => {
                if (item === 2) stop = true;
                await tick(5);
                done.push(item);
            },
            () => !stop,
        );
        assert.deepEqual(done.sort(), [0, 1, 2]);
    });

    it('after a failure waits for the others, starts no more, then throws the first error', async () => {
        const ended: number[] = [];
        await assert.rejects(
            forEachAtMost([0, 1, 2, 3, 4], 2, async (item) => {
                if (item === 0) throw new Error('first');
                await tick(10);
                ended.push(item);
            }),
            /first/,
        );
        // Item 1 was under way when item 0 failed: it ended before the rejection; nothing after it started.
        assert.deepEqual(ended, [1]);
    });
});

describe("the run's shared message cap", () => {
    it('lets two checks that both see one message left take it only once', async () => {
        const cap = new SharedAllowance(1);
        const first = cap.forCheck();
        const second = cap.forCheck();
        assert.equal(first.remaining > 0, true);
        assert.equal(second.remaining, 0, 'the one message is reserved for the first check');
        first.remaining--;
        assert.equal(first.remaining, 0);
        assert.equal(cap.left, 0);
    });

    it('shows a check all that the run has not taken, whatever the others reserved', () => {
        const cap = new SharedAllowance(10);
        const first = cap.forCheck();
        const second = cap.forCheck();
        assert.equal(first.remaining, 10);
        assert.equal(second.remaining, 10, 'so each asks its server for as many mails as a check alone would');
        first.remaining--;
        assert.equal(second.remaining, 9);
        assert.equal(cap.left, 8, 'one taken, one reserved by the second');
    });

    it('gives back what a check reserved and did not take', () => {
        const cap = new SharedAllowance(3);
        const check = cap.forCheck();
        assert.equal(check.remaining, 3);
        assert.equal(cap.left, 2);
        check.release();
        assert.equal(cap.left, 3);
        assert.equal(cap.forCheck().remaining, 3);
    });

    it('counts a spending without a look first, so that the others see the cap used', () => {
        const cap = new SharedAllowance(1);
        const careless = cap.forCheck();
        careless.remaining -= 3;
        assert.equal(cap.left, -2);
        const other = cap.forCheck();
        assert.equal(other.remaining <= 0, true);
        careless.release();
        other.release();
        assert.equal(cap.left, -2);
    });

    it('never lets checks at once take more than the cap, and hardly less, whatever the interleaving', async () => {
        for (let seed = 1; seed <= 30; seed++) {
            const random = seeded(seed);
            const total = 1 + Math.floor(random() * 30);
            const mails = Array.from({ length: 6 }, () => Math.floor(random() * 15));
            const cap = new SharedAllowance(total);
            let taken = 0;
            // As MailboxImport does: list up to `remaining`, then per mail look, import (awaiting), spend.
            await forEachAtMost(mails, 4, async (count) => {
                const check = cap.forCheck();
                try {
                    await tick(Math.floor(random() * 3));
                    const listed = Math.min(count, check.remaining);
                    for (let mail = 0; mail < listed; mail++) {
                        if (check.remaining <= 0) break;
                        await tick(Math.floor(random() * 3));
                        taken++;
                        check.remaining--;
                    }
                } finally {
                    check.release();
                }
            });
            const wanted = mails.reduce((sum, count) => sum + count, 0);
            assert.ok(taken <= total, `seed ${seed}: ${taken} taken of a cap of ${total}`);
            assert.equal(cap.left, total - taken, `seed ${seed}: what was not taken is left`);
            // A reservation held by a check that found no more mail is the others' only once it ends: near the cap, up to limit - 1 fewer go in.
            assert.ok(taken >= Math.min(wanted, total - 3), `seed ${seed}: ${taken} taken of ${wanted} wanted, cap ${total}`);
        }
    });
});

describe('work in line by key', () => {
    it('runs work on one key one after another, on different keys at once, and goes on after a failure', async () => {
        const queue = new KeyedQueue();
        const log: string[] = [];
        const job =
            (name: string, ms: number, fail = false) =>
            async () => {
                log.push(`${name} start`);
                await tick(ms);
                log.push(`${name} end`);
                if (fail) throw new Error(name);
                return name;
            };
        const results = await Promise.allSettled([queue.run('x', job('x1', 10, true)), queue.run('x', job('x2', 1)), queue.run('y', job('y1', 1))]);
        assert.deepEqual(
            results.map((result) => result.status),
            ['rejected', 'fulfilled', 'fulfilled'],
        );
        assert.ok(log.indexOf('x2 start') > log.indexOf('x1 end'), log.join(', '));
        assert.ok(log.indexOf('y1 end') < log.indexOf('x1 end'), log.join(', '));
    });
});

describe('the slots a push run shares between its checks and the imports its listening starts', () => {
    it('runs at most the limit at once, the others in the order they asked, whatever fails', async () => {
        const slots = new Slots(2);
        let running = 0;
        let most = 0;
        const started: number[] = [];
        const random = seeded(7);
        const works = Array.from({ length: 8 }, (_, index) =>
            slots
                .run(async () => {
                    started.push(index);
                    running++;
                    most = Math.max(most, running);
                    await tick(1 + Math.floor(random() * 5));
                    running--;
                    if (index % 3 === 0) throw new Error(`work ${index} failed`);
                    return index;
                })
                .catch((error: Error) => error.message),
        );
        const results = await Promise.all(works);
        assert.equal(most, 2);
        assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7]);
        assert.deepEqual(results, ['work 0 failed', 1, 2, 'work 3 failed', 4, 5, 'work 6 failed', 7]);
        // Every slot came back: as many again run at once.
        running = 0;
        most = 0;
        await Promise.all([0, 1].map(() => slots.run(async () => ((most = Math.max(most, ++running)), await tick(2), running--))));
        assert.equal(most, 2);
    });
});
