import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import { parseInterval } from '../parseInterval';

export interface JobRun {
    id: string;
    startedAt: Date;
    durationMs: number;
    error?: string;
}

interface Processor {
    processor: IProcessor['processor'];
    appId: string;
}

/**
 * Rocket.Chat's Agenda-backed scheduler with real timers: recurring jobs fire on their
 * interval (at once too unless skipImmediate), one-time jobs at their time, and a run
 * that is still going when the next is due is skipped. `run(id)` runs a job now and waits.
 */
export class HostSchedulerBridge extends SchedulerBridge {
    private readonly processors = new Map<string, Processor>();
    private readonly timers = new Map<string, NodeJS.Timeout[]>();
    private readonly running = new Map<string, Promise<void>>();
    /** One-off jobs due at once (within 100 ms: `when` now), until they ran; later ones are not waited for. */
    private readonly dueNow = new Set<Promise<void>>();
    readonly runs: JobRun[] = [];
    /** Recurring jobs currently scheduled: processor id → interval in ms. */
    readonly recurring = new Map<string, number>();

    constructor(private readonly state: CoreState) {
        super();
    }

    /** Ids as the engine registered them: `<job id>_<app id>`. */
    processorIds(): string[] {
        return [...this.processors.keys()];
    }

    scheduled(): string[] {
        return [...this.timers.keys()];
    }

    /**
     * Runs a job now and waits for it. `overlap` starts it even while a run of it is still going,
     * as happens in Rocket.Chat once the engine's 30 s timeout has ended a call whose code goes on
     * in the app (Agenda then counts the run as finished), or with two Rocket.Chat instances.
     */
    async run(id: string, data: object = {}, options: { overlap?: boolean } = {}): Promise<JobRun> {
        const fullId = this.resolve(id);
        if (!options.overlap) await this.running.get(fullId);
        return this.execute(fullId, data);
    }

    /** Stops waiting for the runs going now: their app process was killed, and they end only at the engine's timeout. */
    abandonRunning(): void {
        this.running.clear();
    }

    stopAll(): void {
        for (const handles of this.timers.values()) for (const handle of handles) clearTimeout(handle);
        this.timers.clear();
    }

    /** Until no run goes on and no one-off job due at once waits: a job's run may schedule the next. */
    async idle(): Promise<void> {
        while (this.running.size > 0 || this.dueNow.size > 0) {
            await Promise.all([...this.running.values(), ...this.dueNow].map((work) => Promise.resolve(work).catch(() => undefined)));
        }
    }

    private resolve(id: string): string {
        if (this.processors.has(id)) return id;
        const found = [...this.processors.keys()].find((candidate) => candidate.startsWith(`${id}_`));
        if (!found) throw new Error(`no processor "${id}"; registered: ${this.processorIds().join(', ') || 'none'}`);
        return found;
    }

    private async execute(fullId: string, data: object): Promise<JobRun> {
        const processor = this.processors.get(fullId);
        if (!processor) throw new Error(`no processor "${fullId}"`);
        const startedAt = new Date();
        const run: JobRun = { id: fullId, startedAt, durationMs: 0 };
        const work = (async () => {
            try {
                // The engine registers a wrapper that takes only the job context and forwards it to the app.
                await (processor.processor as unknown as (context: object) => Promise<void>)({ ...data, jobId: fullId });
            } catch (error) {
                run.error = error instanceof Error ? error.message : String(error);
            } finally {
                run.durationMs = Date.now() - startedAt.getTime();
                this.runs.push(run);
            }
        })();
        const previous = this.running.get(fullId);
        const all = previous ? Promise.all([previous, work]).then(() => undefined) : work;
        this.running.set(fullId, all);
        await work;
        if (this.running.get(fullId) === all) this.running.delete(fullId);
        return run;
    }

    private fireIfIdle(fullId: string, data: object): void {
        if (this.running.has(fullId)) return;
        void this.execute(fullId, data);
    }

    private async fireAfterRunning(fullId: string, data: object): Promise<void> {
        while (this.running.has(fullId)) await this.running.get(fullId)?.catch(() => undefined);
        await this.execute(fullId, data);
    }

    protected async registerProcessors(processors: Array<IProcessor>, appId: string): Promise<void> {
        for (const processor of processors) {
            this.processors.set(processor.id, { processor: processor.processor, appId });
            if (processor.startupSetting?.type === 'recurring') {
                await this.scheduleRecurring({
                    id: processor.id,
                    interval: processor.startupSetting.interval,
                    skipImmediate: processor.startupSetting.skipImmediate,
                    data: processor.startupSetting.data,
                });
            } else if (processor.startupSetting?.type === 'onetime') {
                await this.scheduleOnce({ id: processor.id, when: processor.startupSetting.when, data: processor.startupSetting.data });
            }
        }
        this.state.otherRecords.push({ registeredProcessors: processors.map((processor) => processor.id) });
    }

    protected async scheduleOnce(job: IOnetimeSchedule): Promise<string> {
        const delay =
            job.when instanceof Date
                ? job.when.getTime() - Date.now()
                : typeof job.when === 'string' && !Number.isNaN(Date.parse(job.when))
                  ? Date.parse(job.when) - Date.now()
                  : parseInterval(job.when);
        // Each one-off job is its own Agenda job: one due while another of its name runs waits for
        // it (defaultConcurrency 1) rather than being skipped as a recurring run is.
        let done: () => void = () => undefined;
        const finished = new Promise<void>((resolve) => (done = resolve));
        const handle = setTimeout(() => void this.fireAfterRunning(job.id, job.data ?? {}).finally(done), Math.max(0, delay));
        handle.unref();
        // A job due at once (the check after a save...) counts as started for idle().
        if (delay <= 100) {
            this.dueNow.add(finished);
            void finished.then(() => this.dueNow.delete(finished));
        }
        this.timers.set(job.id, [...(this.timers.get(job.id) ?? []), handle]);
        return job.id;
    }

    protected async scheduleRecurring(job: IRecurringSchedule): Promise<string> {
        await this.cancelJob(job.id);
        const every = parseInterval(job.interval);
        const handles: NodeJS.Timeout[] = [];
        if (!job.skipImmediate) handles.push(setTimeout(() => this.fireIfIdle(job.id, job.data ?? {}), 0));
        handles.push(setInterval(() => this.fireIfIdle(job.id, job.data ?? {}), every));
        for (const handle of handles) handle.unref();
        this.timers.set(job.id, handles);
        this.recurring.set(job.id, every);
        return job.id;
    }

    protected async cancelJob(jobId: string): Promise<void> {
        for (const handle of this.timers.get(jobId) ?? []) clearTimeout(handle);
        this.timers.delete(jobId);
        this.recurring.delete(jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        for (const id of [...this.timers.keys()]) if (id.endsWith(`_${appId}`)) await this.cancelJob(id);
    }
}
