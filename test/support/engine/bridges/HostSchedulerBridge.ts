import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import { AgendaScheduler } from '../AgendaScheduler';
import type { JobProcessor, JobRun } from '../AgendaScheduler';
import type { CoreState } from '../CoreState';
import { parseInterval } from '../parseInterval';

export type { JobRun } from '../AgendaScheduler';

/**
 * Rocket.Chat's `AppSchedulerBridge` (`apps/meteor/app/apps/server/bridges/scheduler.ts`) over one
 * instance of its Agenda, modelled in `../AgendaScheduler.ts` (the rules, each with its core file):
 * a scan every 5 s, a job locked until its run ends (the engine's 30 s call timeout ends it while
 * the app's code goes on), the next run at the run's start + interval, one-off jobs due before the
 * next scan started at once here. `run(id)` runs a job now and waits, whatever the schedule.
 */
export class HostSchedulerBridge extends SchedulerBridge {
    private readonly agenda = new AgendaScheduler();

    constructor(private readonly state: CoreState) {
        super();
    }

    get runs(): JobRun[] {
        return this.agenda.runs;
    }

    /** Runs going now, oldest first (a killed process's too, until the engine's timeout ends them). */
    get going(): Array<Omit<JobRun, 'durationMs'>> {
        return [...this.agenda.going].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    }

    /** Recurring jobs currently scheduled: processor id → interval in ms. */
    get recurring(): Map<string, number> {
        return this.agenda.recurring();
    }

    /** Ids as the engine registered them: `<job id>_<app id>`. */
    processorIds(): string[] {
        return this.agenda.names();
    }

    /** The job documents core would hold in `rocketchat_apps_scheduler`. */
    jobs(): ReturnType<AgendaScheduler['jobs']> {
        return this.agenda.jobs();
    }

    /**
     * Runs a job now and waits for it. `overlap` starts it even while a run of it is still going,
     * as happens in Rocket.Chat once the engine's 30 s timeout has ended a call whose code goes on
     * in the app (Agenda then counts the run as finished), or with two Rocket.Chat instances.
     */
    run(id: string, data: object = {}, options: { overlap?: boolean } = {}): Promise<JobRun> {
        const fullId = this.resolve(id);
        return this.agenda.run(fullId, { ...data, jobId: fullId }, options);
    }

    /** Stops waiting for the runs going now: their app process was killed, and they end only at the engine's timeout. */
    abandonRunning(): void {
        this.agenda.abandonRunning();
    }

    stopAll(): void {
        this.agenda.stop();
    }

    /** Until no run goes on and no one-off job due at once waits: a job's run may schedule the next. */
    idle(): Promise<void> {
        return this.agenda.idle();
    }

    private resolve(id: string): string {
        const ids = this.processorIds();
        if (ids.includes(id)) return id;
        const found = ids.find((candidate) => candidate.startsWith(`${id}_`));
        if (!found) throw new Error(`no processor "${id}"; registered: ${ids.join(', ') || 'none'}`);
        return found;
    }

    protected async registerProcessors(processors: Array<IProcessor>): Promise<void> {
        for (const processor of processors) {
            // The engine registers a wrapper that takes only the job context and forwards it to the app.
            this.agenda.define(processor.id, processor.processor as unknown as JobProcessor);
            if (processor.startupSetting?.type === 'recurring') {
                await this.scheduleRecurring({
                    id: processor.id,
                    interval: processor.startupSetting.interval,
                    skipImmediate: processor.startupSetting.skipImmediate,
                    data: processor.startupSetting.data,
                });
            } else if (processor.startupSetting?.type === 'onetime' && !this.agenda.hasOneOff(processor.id)) {
                // scheduleOnceAfterRegister: only when no one-off job of this name is stored yet.
                await this.scheduleOnce({ id: processor.id, when: processor.startupSetting.when, data: processor.startupSetting.data });
            }
        }
        this.state.otherRecords.push({ registeredProcessors: processors.map((processor) => processor.id) });
    }

    protected async scheduleOnce(job: IOnetimeSchedule): Promise<string> {
        // Job.schedule: a Date or a date string as it is, else date.js's words ("in 10 seconds").
        const when =
            job.when instanceof Date
                ? job.when.getTime()
                : typeof job.when === 'string' && !Number.isNaN(Date.parse(job.when))
                  ? Date.parse(job.when)
                  : Date.now() + parseInterval(job.when);
        return this.agenda.schedule(job.id, when, (job.data ?? {}) as Record<string, unknown>);
    }

    protected async scheduleRecurring(job: IRecurringSchedule): Promise<string> {
        return this.agenda.every(job.id, parseInterval(job.interval), (job.data ?? {}) as Record<string, unknown>, { skipImmediate: job.skipImmediate });
    }

    protected async cancelJob(jobId: string): Promise<void> {
        this.agenda.cancel(jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        this.agenda.cancelAll(appId);
    }
}
