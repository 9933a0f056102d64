/**
 * Rocket.Chat's scheduler as one instance of it runs apps' jobs: `@rocket.chat/agenda` (a port of
 * Agenda 4) behind `apps/meteor/app/apps/server/bridges/scheduler.ts`, over job documents kept in
 * memory instead of MongoDB. No engine in here, so that its rules can be tested with fake timers
 * (test/unit/support/agendaScheduler.test.ts); `bridges/HostSchedulerBridge.ts` puts the engine's
 * processors on it. Each rule names the core file it follows:
 *
 * - jobs are found on a scan every 5 s that locks every job due before the next scan
 *   (`packages/agenda/src/Agenda.ts` processEvery '5 seconds', `start`, `_jobQueueFilling`,
 *   `_findAndLockNextJob`), and a job locked ahead of its time starts at its `nextRunAt`
 *   (`_jobProcessing`'s setTimeout);
 * - a job saved with a `nextRunAt` before the next scan is locked at once on the instance that
 *   saved it (`Agenda.ts` `_processDbResult` → `processJobs(job)` → `_lockOnTheFly`): a one-off job
 *   with `when` now starts at once, on the scheduling instance; so does a recurring job without
 *   `skipImmediate`, and, as the end of each run saves the job too, the next run of a recurring
 *   job whose time came during the run;
 * - a job stays locked until its run ends, however it ends (`Job.ts` `run`, `jobCallback` sets
 *   `lockedAt: null`); a lock older than `lockLifetime` (10 min, `Agenda.ts`
 *   `_defaultLockLifetime`) counts as free, which the engine's 30 s call timeout never lets happen;
 * - one run at a time per job name on an instance (`scheduler.ts` `defaultConcurrency: 1`,
 *   `Agenda.ts` `_runOrRetry`): a job due while another of its name runs waits for it, then starts;
 * - `nextRunAt` is the run's start + interval, set as the run starts (`Job.ts` `run` →
 *   `computeNextRunAt`, `_computeFromInterval`: `lastRunAt + interval`);
 * - a run ends when the processor's promise settles: the engine's wrapper
 *   (`AppSchedulerManager.wrapProcessor`) rejects when the engine's call times out (30 s,
 *   `APPS_ENGINE_RUNTIME_TIMEOUT`) while the app's code goes on in its process, so the lock is
 *   released then and the next run may start on top of it;
 * - a one-off job is removed after its run (`scheduler.ts` `_callProcessor` cancels 'normal' jobs;
 *   one that failed keeps `nextRunAt: null` and never runs again either); `every` upserts the one
 *   'single' job of its name, keeping a stored `nextRunAt` when the new one is not in the future
 *   (`Agenda.ts` `_saveSingleJob`); `cancel` by job id when the id's part before `_` is an
 *   ObjectId, else by name (`scheduler.ts` `cancelJob`).
 *
 * `run` (host.runJob) is the recurring job's run brought forward: its next run is one interval
 * after it, not a second run as soon as it ends.
 *
 * Not modelled: other instances (`host.runJob(..., { overlap: true })` stands in for them),
 * priorities, cron and `repeatAt`, and Agenda running a job it locked before a `cancel`.
 */

/** The engine's processor: settles when the engine's call into the app ends (or times out). */
export type JobProcessor = (context: Record<string, unknown>) => Promise<void>;

export interface JobRun {
    /** The processor id (`<job id>_<app id>`). */
    id: string;
    startedAt: Date;
    durationMs: number;
    error?: string;
    /** 'scheduler' for a run Agenda started, 'direct' for `run` (host.runJob). */
    trigger: 'scheduler' | 'direct';
}

/** A job document as Agenda stores it in `rocketchat_apps_scheduler` (the fields this model uses). */
export interface JobDocument {
    _id: string;
    name: string;
    /** 'single' for `every` (one per name), 'normal' for `schedule`. */
    type: 'single' | 'normal';
    data: Record<string, unknown>;
    repeatIntervalMs?: number;
    nextRunAt: number | null;
    lockedAt: number | null;
    lastRunAt?: number;
}

/** Agenda's numbers as core configures it (`scheduler.ts`: only `defaultConcurrency: 1` is set; the rest are Agenda's defaults). */
export const AGENDA = {
    /** `Agenda.ts`: `humanInterval(config.processEvery) || humanInterval('5 seconds')`. */
    processEveryMs: 5_000,
    /** `Agenda.ts`: `config.defaultLockLifeTime || 10 * 60 * 1000`. */
    lockLifetimeMs: 10 * 60_000,
    /** `scheduler.ts`: `defaultConcurrency: 1`, "the same job doesn't get executed multiple times in a cluster". */
    concurrency: 1,
};

/** A one-off job due within this of its scheduling counts as due at once (`idle` waits for it). */
const DUE_AT_ONCE_MS = 100;

let documentCounter = 0;

/** A fresh 24-hex id, shaped like the ObjectId Mongo gives a job document. */
function newDocumentId(): string {
    documentCounter++;
    return (Date.now().toString(16).padStart(12, '0') + documentCounter.toString(16).padStart(12, '0')).slice(-24);
}

export class AgendaScheduler {
    private readonly definitions = new Map<string, JobProcessor>();
    private readonly documents = new Map<string, JobDocument>();
    /** Locked jobs waiting for their time or for their name's run to end (Agenda's `_jobQueue`). */
    private queue: JobDocument[] = [];
    /** Runs going per name, direct ones included: what concurrency counts. */
    private readonly running = new Map<string, number>();
    /** Runs going per name that `run` and `idle` wait for (those of a killed process are let go). */
    private readonly awaited = new Map<string, Set<Promise<void>>>();
    /** One-off jobs due at once, until they ran or were cancelled: document id → release. */
    private readonly dueNow = new Map<string, { done: Promise<void>; release: () => void }>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private scanTimer: NodeJS.Timeout | undefined;
    /** `Agenda._nextScanAt`: set by each scan to its time + processEvery. */
    private nextScanAt: number | undefined;
    readonly runs: JobRun[] = [];
    /** Runs going now (those of a killed process too, until the engine's timeout ends them). */
    readonly going = new Set<Omit<JobRun, 'durationMs'>>();
    /** Scans so far (for tests of the model). */
    scans = 0;

    /** `Agenda.define`: the processor for a job name (the engine's `<job id>_<app id>`). */
    define(name: string, processor: JobProcessor): void {
        this.definitions.set(name, processor);
    }

    names(): string[] {
        return [...this.definitions.keys()];
    }

    /** The stored job documents, copied. */
    jobs(): JobDocument[] {
        return [...this.documents.values()].map((document) => ({ ...document, data: { ...document.data } }));
    }

    /** Recurring jobs scheduled: name → interval in ms. */
    recurring(): Map<string, number> {
        const found = new Map<string, number>();
        for (const document of this.documents.values())
            if (document.type === 'single' && document.repeatIntervalMs) found.set(document.name, document.repeatIntervalMs);
        return found;
    }

    /** `Agenda.every` (`_createIntervalJob`, `Job.repeatEvery`, `_saveSingleJob`). */
    every(name: string, intervalMs: number, data: Record<string, unknown> = {}, options: { skipImmediate?: boolean } = {}): string {
        this.start();
        const now = Date.now();
        // repeatEvery: without skipImmediate the first run is now; with it, one interval from now.
        const nextRunAt = options.skipImmediate ? now + intervalMs : now;
        let document = [...this.documents.values()].find((candidate) => candidate.name === name && candidate.type === 'single');
        if (document) {
            document.data = { ...data };
            document.repeatIntervalMs = intervalMs;
            // _saveSingleJob: a nextRunAt not in the future is only set on insert.
            if (nextRunAt > now) document.nextRunAt = nextRunAt;
        } else {
            document = { _id: newDocumentId(), name, type: 'single', data: { ...data }, repeatIntervalMs: intervalMs, nextRunAt, lockedAt: null };
            this.documents.set(document._id, document);
        }
        this.saved(document);
        return document._id;
    }

    /** `Agenda.schedule` (`_createScheduledJob`): a one-off job at `when` (ms since the epoch); its document id. */
    schedule(name: string, when: number, data: Record<string, unknown> = {}): string {
        this.start();
        const document: JobDocument = { _id: newDocumentId(), name, type: 'normal', data: { ...data }, nextRunAt: when, lockedAt: null };
        this.documents.set(document._id, document);
        if (when - Date.now() <= DUE_AT_ONCE_MS) {
            let release: () => void = () => undefined;
            const done = new Promise<void>((resolve) => (release = resolve));
            this.dueNow.set(document._id, { done, release });
        }
        this.saved(document);
        return document._id;
    }

    /** Whether a one-off job of this name waits to run (`scheduler.ts` `scheduleOnceAfterRegister` looks before scheduling a startup job). */
    hasOneOff(name: string): boolean {
        return [...this.documents.values()].some((document) => document.name === name && document.type === 'normal');
    }

    /** `scheduler.ts` `cancelJob`: by document id when the id's part before `_` is an ObjectId, else by name. */
    cancel(jobId: string): void {
        const head = jobId.split('_')[0];
        this.remove((document) => (/^[0-9a-f]{24}$/i.test(head) ? document._id === head : document.name === jobId));
    }

    /** `scheduler.ts` `cancelAllJobs`: every job whose name ends with `_<app id>`. */
    cancelAll(appId: string): void {
        this.remove((document) => document.name.endsWith(`_${appId}`));
    }

    /**
     * Runs a job now (the host's `runJob`) and waits for it: the recurring job of that name, if
     * any, is run ahead of its time, as Agenda would run it (locked, nextRunAt = now + interval,
     * saved at the end), so that its next run is one interval after this one; a name without one
     * just runs, holding its name like a run. Unless `overlap`, it first waits for the runs of its
     * name going now. With `overlap` it starts at once, beside them and outside the job's lock, as
     * a run does after the engine's timeout released the lock, or on another instance.
     */
    async run(name: string, context: Record<string, unknown>, options: { overlap?: boolean } = {}): Promise<JobRun> {
        if (!this.definitions.has(name)) throw new Error(`no processor "${name}"`);
        if (options.overlap) return this.execute(name, context, 'direct');
        await Promise.all([...(this.awaited.get(name) ?? [])].map((work) => work.catch(() => undefined)));
        const document = [...this.documents.values()].find((candidate) => candidate.name === name && candidate.type === 'single');
        // Locked and running still (a run whose process was killed, let go by abandonRunning): not ours to take.
        if (!document || (document.lockedAt !== null && !this.queue.includes(document))) return this.execute(name, context, 'direct');
        this.queue = this.queue.filter((queued) => queued !== document);
        const now = Date.now();
        document.lockedAt = now;
        document.lastRunAt = now;
        document.nextRunAt = now + (document.repeatIntervalMs ?? 0);
        return this.execute(name, context, 'direct', new Date(now), () => {
            document.lockedAt = null;
            this.saved(document);
        });
    }

    /** Stops waiting for the runs going now (their process was killed); they keep their locks until the engine's timeout ends them. */
    abandonRunning(): void {
        this.awaited.clear();
    }

    /** Until no awaited run goes on and no one-off job due at once waits: a run may schedule the next. */
    async idle(): Promise<void> {
        for (;;) {
            const pending = [...[...this.awaited.values()].flatMap((runs) => [...runs]), ...[...this.dueNow.values()].map((due) => due.done)];
            if (pending.length === 0) return;
            await Promise.all(pending.map((work) => work.catch(() => undefined)));
        }
    }

    /** `Agenda.stop`: no more scans or timed starts; runs going end on their own. */
    stop(): void {
        if (this.scanTimer) clearInterval(this.scanTimer);
        this.scanTimer = undefined;
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        this.queue = [];
        for (const due of this.dueNow.values()) due.release();
        this.dueNow.clear();
    }

    /** `Agenda.start` (on the bridge's first call, `startScheduler`): a scan now and every processEvery. */
    private start(): void {
        if (this.scanTimer) return;
        this.scanTimer = setInterval(() => this.scan(), AGENDA.processEveryMs);
        this.scanTimer.unref();
        this.scan();
    }

    /** `processJobs()` → `_jobQueueFilling` per name: lock every job due before the next scan (or whose lock expired). */
    private scan(): void {
        this.scans++;
        const now = Date.now();
        this.nextScanAt = now + AGENDA.processEveryMs;
        const lockDeadline = now - AGENDA.lockLifetimeMs;
        const due = [...this.documents.values()]
            .filter((document) => this.definitions.has(document.name))
            .filter((document) =>
                document.lockedAt === null
                    ? document.nextRunAt !== null && document.nextRunAt <= (this.nextScanAt as number)
                    : document.lockedAt <= lockDeadline && !this.queue.includes(document),
            )
            .sort((a, b) => (a.nextRunAt ?? 0) - (b.nextRunAt ?? 0));
        for (const document of due) this.lock(document, now);
        this.process();
    }

    /** `_processDbResult` after every save: a job due before the next scan is locked on the fly (`_lockOnTheFly`). */
    private saved(document: JobDocument): void {
        if (this.nextScanAt === undefined || document.nextRunAt === null || document.nextRunAt >= this.nextScanAt) return;
        if (document.lockedAt !== null || !this.documents.has(document._id)) return;
        this.lock(document, Date.now());
        this.process();
    }

    private lock(document: JobDocument, now: number): void {
        document.lockedAt = now;
        if (!this.queue.includes(document)) this.queue.push(document);
    }

    /** `_jobProcessing` / `_runOrRetry`: start each locked job that is due and whose name runs nothing; wait for the next one's time. */
    private process(): void {
        for (;;) {
            this.queue = this.queue.filter((document) => this.documents.has(document._id));
            const free = this.queue
                .filter((document) => (this.running.get(document.name) ?? 0) < AGENDA.concurrency)
                .sort((a, b) => (a.nextRunAt ?? 0) - (b.nextRunAt ?? 0));
            const next = free[0];
            if (!next) return;
            const now = Date.now();
            if (next.nextRunAt !== null && next.nextRunAt > now) {
                const timer = setTimeout(() => {
                    this.timers.delete(timer);
                    this.process();
                }, next.nextRunAt - now);
                timer.unref();
                this.timers.add(timer);
                return;
            }
            this.queue.splice(this.queue.indexOf(next), 1);
            this.runDocument(next);
        }
    }

    /** `Job.run`: lastRunAt now, nextRunAt = now + interval, the processor, then unlocked and saved (which may lock the next run at once). */
    private runDocument(document: JobDocument): void {
        const now = Date.now();
        document.lastRunAt = now;
        document.nextRunAt = document.repeatIntervalMs ? now + document.repeatIntervalMs : null;
        // _callProcessor: the job's data without appId, and jobId the document's id.
        const data: Record<string, unknown> = { ...document.data, jobId: document._id };
        delete data.appId;
        // The run starts when Agenda says it did (lastRunAt), from which its next one is counted.
        void this.execute(document.name, data, 'scheduler', new Date(now), () => {
            document.lockedAt = null;
            if (document.type === 'normal') {
                this.release(document._id);
                this.documents.delete(document._id);
                return;
            }
            this.saved(document);
        });
    }

    private async execute(
        name: string,
        context: Record<string, unknown>,
        trigger: JobRun['trigger'],
        startedAt = new Date(),
        ended?: () => void,
    ): Promise<JobRun> {
        const processor = this.definitions.get(name) as JobProcessor;
        const run: JobRun = { id: name, startedAt, durationMs: 0, trigger };
        const going = { id: name, startedAt, trigger };
        this.going.add(going);
        this.running.set(name, (this.running.get(name) ?? 0) + 1);
        const work = (async () => {
            try {
                await processor(context);
            } catch (error) {
                run.error = error instanceof Error ? error.message : String(error);
            }
        })();
        const awaited = this.awaited.get(name) ?? new Set<Promise<void>>();
        this.awaited.set(name, awaited);
        awaited.add(work);
        await work;
        run.durationMs = Date.now() - startedAt.getTime();
        this.going.delete(going);
        this.runs.push(run);
        ended?.();
        this.running.set(name, (this.running.get(name) ?? 1) - 1);
        this.awaited.get(name)?.delete(work);
        this.process();
        return run;
    }

    private remove(matches: (document: JobDocument) => boolean): void {
        for (const document of [...this.documents.values()]) {
            if (!matches(document)) continue;
            this.documents.delete(document._id);
            this.release(document._id);
        }
        this.queue = this.queue.filter((document) => this.documents.has(document._id));
    }

    private release(documentId: string): void {
        this.dueNow.get(documentId)?.release();
        this.dueNow.delete(documentId);
    }
}
