// The test host's model of Rocket.Chat's scheduler (test/support/engine/AgendaScheduler.ts: core's
// Agenda behind apps/meteor/app/apps/server/bridges/scheduler.ts), rule by rule, on fake timers:
// each test names the core file its rule comes from.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';

import { AGENDA, AgendaScheduler } from '../../support/engine/AgendaScheduler';

const T0 = 1_000_000;
const JOB = 'poll_app1';
const OTHER = 'check_app1';

/** Lets promise continuations and the model's reactions run (setImmediate is not faked). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Advances the fake clock in 100 ms steps, letting the model react between them. */
async function advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 100) {
        mock.timers.tick(Math.min(100, left));
        await flush();
    }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A processor whose runs take `ms`; `starts` are the fake times they started at (relative to T0). */
function timed(ms: number): { starts: number[]; processor: () => Promise<void> } {
    const starts: number[] = [];
    return {
        starts,
        processor: async () => {
            starts.push(Date.now() - T0);
            await sleep(ms);
        },
    };
}

describe("the test host's scheduler follows core's Agenda", () => {
    let agenda: AgendaScheduler;
    beforeEach(() => {
        mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 });
        agenda = new AgendaScheduler();
    });
    afterEach(() => {
        agenda.stop();
        mock.timers.reset();
    });

    it('scans every 5 s and locks each job due before the next scan, which then starts at its time (Agenda.ts processEvery, _jobQueueFilling, _jobProcessing)', async () => {
        assert.equal(AGENDA.processEveryMs, 5_000);
        const job = timed(100);
        agenda.define(JOB, job.processor);
        agenda.schedule(JOB, T0 + 12_000);
        assert.equal(agenda.scans, 1, 'the scheduler starts with a scan');
        await advance(9_900);
        assert.equal(agenda.scans, 2, 'a scan 5 s later');
        assert.equal(agenda.jobs()[0].lockedAt, null, 'not locked by the scan at 5 s: due after the next one');
        await advance(100);
        assert.equal(agenda.scans, 3);
        assert.equal(agenda.jobs()[0].lockedAt, T0 + 10_000, 'locked by the scan at 10 s: due before the one at 15 s');
        await advance(1_900);
        assert.deepEqual(job.starts, [], 'locked ahead, it waits for its time');
        await advance(100);
        assert.deepEqual(job.starts, [12_000], 'started at its nextRunAt');
        await advance(200);
        assert.deepEqual(agenda.jobs(), [], 'a one-off job is removed after its run (scheduler.ts _callProcessor)');
    });

    it('starts a one-off job due now at once, between scans, on the instance that scheduled it (Agenda.ts _processDbResult, _lockOnTheFly)', async () => {
        const job = timed(100);
        agenda.define(JOB, job.processor);
        agenda.define(OTHER, async () => undefined);
        agenda.every(OTHER, 60_000, {}, { skipImmediate: true }); // starts the scheduler: scans at 0, 5, 10 s
        await advance(2_500);
        agenda.schedule(JOB, Date.now());
        await flush();
        assert.deepEqual(job.starts, [2_500], 'not at the scan at 5 s');
    });

    it('keeps a running job locked until its run ends, then starts the next at once when its time came meanwhile (Job.ts run, Agenda.ts _processJobResult)', async () => {
        const job = timed(25_000);
        agenda.define(JOB, job.processor);
        agenda.every(JOB, 10_000);
        await flush();
        assert.ok(agenda.jobs()[0].lockedAt !== null, 'locked while it runs');
        await advance(60_000);
        // Due at 10 s and 35 s during the runs: neither skipped nor started on top, each starts as the one before ends.
        assert.deepEqual(job.starts, [0, 25_000, 50_000]);
    });

    it('computes nextRunAt from the run’s start + interval, as the run starts (Job.ts run → computeNextRunAt, _computeFromInterval)', async () => {
        const job = timed(3_000);
        agenda.define(JOB, job.processor);
        agenda.every(JOB, 10_000);
        await flush();
        assert.equal(agenda.jobs()[0].nextRunAt, T0 + 10_000, 'set when the run started');
        await advance(25_000);
        assert.deepEqual(job.starts, [0, 10_000, 20_000], 'not 13 s and 26 s');
    });

    it('first runs a recurring job now, or one interval from now with skipImmediate (Job.ts repeatEvery)', async () => {
        const now = timed(100);
        const later = timed(100);
        agenda.define(JOB, now.processor);
        agenda.define(OTHER, later.processor);
        agenda.every(JOB, 60_000);
        agenda.every(OTHER, 60_000, {}, { skipImmediate: true });
        await advance(60_000);
        assert.deepEqual(now.starts, [0, 60_000]);
        assert.deepEqual(later.starts, [60_000]);
    });

    it('releases the lock when the engine’s 30 s call timeout ends the call while the app’s code runs on: the next run starts on top of it (AppSchedulerManager.wrapProcessor, Job.ts jobCallback)', async () => {
        const working: string[] = [];
        const overlaps: number[] = [];
        let runs = 0;
        // The engine's wrapper: its request into the app times out at 30 s; the app's code takes 45 s.
        const engineCall = async () => {
            const run = `run ${++runs}`;
            if (working.length > 0) overlaps.push(Date.now() - T0);
            working.push(run);
            void sleep(45_000).then(() => working.splice(working.indexOf(run), 1));
            await sleep(30_000);
            throw new Error('Request "1" for method "scheduler:poll" timed out after 30000ms');
        };
        agenda.define(JOB, engineCall);
        agenda.every(JOB, 15_000);
        await advance(31_000);
        assert.equal(runs, 2, 'a second run started at the timeout');
        assert.deepEqual(overlaps, [30_000], 'while the first run’s code still went on');
        assert.equal(agenda.runs[0].error, 'Request "1" for method "scheduler:poll" timed out after 30000ms');
    });

    it('runs one job of a name at a time: a one-off job due during a run of its name starts as that run ends (scheduler.ts defaultConcurrency: 1)', async () => {
        const job = timed(4_000);
        agenda.define(JOB, job.processor);
        agenda.every(JOB, 60_000);
        await advance(1_000);
        agenda.schedule(JOB, Date.now());
        await advance(2_900);
        assert.deepEqual(job.starts, [0]);
        await advance(200);
        assert.deepEqual(job.starts, [0, 4_000]);
    });

    it('a direct run (host.runJob) runs the recurring job ahead of its time: locked, and its next run one interval after it', async () => {
        const job = timed(7_000);
        agenda.define(JOB, job.processor);
        agenda.every(JOB, 10_000, {}, { skipImmediate: true });
        await advance(1_000);
        const direct = agenda.run(JOB, {});
        await flush();
        assert.deepEqual(job.starts, [1_000]);
        assert.equal(agenda.jobs()[0].nextRunAt, T0 + 11_000);
        assert.ok(agenda.jobs()[0].lockedAt !== null, 'locked while it runs');
        await advance(7_000);
        assert.equal((await direct).trigger, 'direct');
        await advance(3_100);
        assert.deepEqual(job.starts, [1_000, 11_000], 'not at 10 s, nor as soon as the direct run ended');
    });

    it('a direct run with overlap starts at once beside a run going on, outside the lock', async () => {
        const job = timed(5_000);
        agenda.define(JOB, job.processor);
        agenda.every(JOB, 60_000);
        await advance(1_000);
        void agenda.run(JOB, {}, { overlap: true });
        await flush();
        assert.deepEqual(job.starts, [0, 1_000]);
    });

    it('a one-off job of a name without a recurring job waits for a direct run of that name (one run per name)', async () => {
        const job = timed(3_000);
        agenda.define(JOB, job.processor);
        const direct = agenda.run(JOB, {});
        await flush();
        agenda.schedule(JOB, Date.now());
        await advance(2_900);
        assert.deepEqual(job.starts, [0]);
        await advance(200);
        await direct;
        assert.deepEqual(job.starts, [0, 3_000]);
    });

    it('idle waits for runs going and one-off jobs due at once, not for later ones', async () => {
        const job = timed(2_000);
        agenda.define(JOB, job.processor);
        agenda.define(OTHER, async () => undefined);
        agenda.schedule(JOB, Date.now());
        agenda.schedule(OTHER, Date.now() + 60_000);
        let idle = false;
        void agenda.idle().then(() => (idle = true));
        await advance(1_900);
        assert.equal(idle, false);
        await advance(200);
        assert.equal(idle, true, 'after the run due at once, without the one due in a minute');
    });

    it('cancels by the job document’s id, or by name (scheduler.ts cancelJob)', async () => {
        const job = timed(100);
        agenda.define(JOB, job.processor);
        const first = agenda.schedule(JOB, T0 + 20_000);
        agenda.schedule(JOB, T0 + 30_000);
        agenda.every(JOB, 60_000, {}, { skipImmediate: true });
        agenda.cancel(`${first}_app1`);
        assert.equal(agenda.jobs().length, 2);
        agenda.cancel(JOB);
        assert.deepEqual(agenda.jobs(), []);
        await advance(61_000);
        assert.deepEqual(job.starts, []);
    });
});
