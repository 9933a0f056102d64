import { randomUUID } from 'crypto';

import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';

import { chainWatchAt, deliveryPlan, nextRunAt } from '../inbound/domain/pushPlan';
import { isDue } from '../inbound/domain/retryPolicy';
import { keptConnections } from '../inbound/KeptConnections';
import { runPoll } from '../inbound/PollRunner';
import type { PollOutcome } from '../inbound/PollRunner';
import { PushLeaseStore } from '../inbound/PushLeaseStore';
import { BUDGET } from '../runtime/budgets';
import { readPollIntervalMs, readPushEnabled } from '../settings/readSettings';
import type { Services } from '../wiring/Services';
import { JobId } from './JobId';

/**
 * The push chain (inbound/domain/pushPlan): runs of the poll job's processor scheduled one-off,
 * each a mail check that listens (IMAP IDLE) until BUDGET.pushListen and, as it ends, schedules
 * the next due at once, which Rocket.Chat's Agenda starts at once on the same instance
 * (`packages/agenda/src/Agenda.ts` `_processDbResult` → `_lockOnTheFly`). They share the
 * processor (and so Agenda's one run per job name at a time on an instance, `scheduler.ts`
 * `defaultConcurrency: 1`) with the recurring check, which stays the safety net: it catches up
 * whatever the chain did not, and starts a new chain when none holds the lease.
 */

/** The job data's field naming the chain a run belongs to; absent on the recurring check's runs. */
const CHAIN_FIELD = 'pushChain';
/** A run that starts a new chain (it takes the lease with a token of its own). */
const NEW_CHAIN = 'new';
/** A run that starts a new chain only if the lease has run out (its holder died): scheduled by a recurring check for the lease's end. */
const WATCH = 'watch';

/** The chain a run of the poll job belongs to, or undefined for the recurring check. */
export function pushChainOf(context: IJobContext): string | undefined {
    const chain = context[CHAIN_FIELD];
    return typeof chain === 'string' && chain.length > 0 ? chain : undefined;
}

/**
 * Starts a new chain (its first run due at once) when push is on, no chain holds the lease, and
 * an inbox is to be pushed and due: after a recurring check (which read the setting: `pushOn`),
 * a saved inbox. Returns whether it did. When a chain holds the lease, a watch run is scheduled
 * for the lease's end if that comes before the next recurring check (domain/pushPlan
 * chainWatchAt): a chain whose process died restarts then, not an interval later.
 */
export async function startPushChain(services: Services, scheduler: ISchedulerModify, pushOn?: boolean): Promise<boolean> {
    if (!(pushOn ?? (await readPushEnabled(services.read)))) return false;
    const lease = await new PushLeaseStore(services.read.getPersistenceReader(), services.persis).current();
    if (lease && lease.until > Date.now()) {
        const watchAt = chainWatchAt(lease, Date.now(), await readPollIntervalMs(services.read));
        if (watchAt !== undefined) await scheduler.scheduleOnce({ id: JobId.Poll, when: new Date(watchAt), data: { [CHAIN_FIELD]: WATCH } });
        return false;
    }
    const inboxes = (await services.inboxes.list()).filter((inbox) => inbox.active);
    const statuses = await Promise.all(inboxes.map((inbox) => services.statuses.get(inbox.id)));
    const plan = deliveryPlan(
        inboxes.map((inbox, index) => ({ id: inbox.id, idle: statuses[index].idle })),
        true,
    );
    const now = new Date();
    if (!inboxes.some((inbox, index) => plan.get(inbox.id) === 'push' && isDue(statuses[index], now))) return false;
    await scheduleNewChain(scheduler);
    return true;
}

/**
 * Push turned on: a new chain starts at once. Turned off: the chain ends at its next run, and the
 * connections this process kept for it are logged out now.
 */
export async function pushSettingChanged(on: boolean, scheduler: ISchedulerModify): Promise<void> {
    if (on) await scheduleNewChain(scheduler);
    else await keptConnections.closeAll();
}

/** Starts a new chain at once (push turned on): its first run takes the lease, or only checks when a chain holds it. */
export async function scheduleNewChain(scheduler: ISchedulerModify): Promise<void> {
    await scheduler.scheduleOnce({ id: JobId.Poll, when: new Date(), data: { [CHAIN_FIELD]: NEW_CHAIN } });
}

/**
 * One run of the chain `chain`: holds the chain's lease (another chain holding it: this run only
 * checks, as the recurring check does, and the chain ends), checks and listens (PollRunner, push
 * run), then schedules the next run, as long as push is on and an inbox is to be pushed; the
 * chain otherwise ends and lets go of its lease. A run that failed still schedules the next, never
 * sooner than its listening would have ended (domain/pushPlan nextRunAt).
 */
export async function runPushChain(services: Services, scheduler: ISchedulerModify, chain: string): Promise<void> {
    const startedAt = Date.now();
    if (!(await readPushEnabled(services.read))) return;
    const leases = new PushLeaseStore(services.read.getPersistenceReader(), services.persis);
    // The chain lives on (its lease renewed since the watch was scheduled): nothing to do.
    if (chain === WATCH && (await leases.held(startedAt))) return;
    const token = chain === NEW_CHAIN || chain === WATCH ? randomUUID() : chain;
    if (!(await leases.hold(token, startedAt))) {
        services.log.info('push: another push chain holds the lease; this run only checks for new mail');
        await runPoll(services, startedAt);
        return;
    }
    let outcome: PollOutcome | undefined;
    try {
        outcome = await runPoll(services, startedAt, { push: { listenUntil: startedAt + BUDGET.pushListen, claimWaitMs: BUDGET.pushClaimWait } });
    } finally {
        // A run that could not check (another held the mail check) keeps the chain going; so does one that failed.
        const goOn = !outcome || !outcome.ran || outcome.pushed > 0;
        if (goOn && (await readPushEnabled(services.read))) {
            await scheduler.scheduleOnce({ id: JobId.Poll, when: new Date(nextRunAt(startedAt, Date.now())), data: { [CHAIN_FIELD]: token } });
        } else {
            await leases.release(token);
        }
    }
}
