import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { runPoll } from '../inbound/PollRunner';
import { reviveDeviceSignIns } from '../signin/reviveDeviceSignIns';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { Services } from '../wiring/Services';
import { JobId } from './JobId';
import { pushChainOf, runPushChain, startPushChain } from './pushChain';

/**
 * The acknowledgements this run queued, sent at once within what is left of the run's budget (the
 * outbox job sends what is left, and retries what fails, like any reply).
 */
async function sendAcknowledgements(services: Services, deadline: Deadline): Promise<void> {
    const queued = new Set(services.acknowledgements.queued);
    if (queued.size === 0) return;
    const delivery = services.delivery(deadline);
    await delivery.deliver((await delivery.list()).filter((email) => queued.has(email.id)));
}

/**
 * The poll job: fetches new mail from every active inbox and turns it into livechat
 * messages (inbound/PollRunner), then sends the acknowledgements of the new conversations. Its
 * recurring runs check every inbox and start the push chain when none runs; its one-off runs are
 * the push chain's (jobs/pushChain). The engine calls processors with `this` bound to the app,
 * whose logger is the one of this run.
 */
export function pollJob(): IProcessor {
    return {
        id: JobId.Poll,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const services = new Services(read, modify, persis, http, this.getLogger());
            const startedAt = Date.now();
            const chain = pushChainOf(context);
            if (chain) {
                await runPushChain(services, modify.getScheduler(), chain);
                await sendAcknowledgements(services, Deadline.after(BUDGET.work, startedAt));
                return;
            }
            const outcome = await runPoll(services, startedAt);
            await sendAcknowledgements(services, Deadline.after(BUDGET.work, startedAt));
            await reviveDeviceSignIns(services);
            await startPushChain(services, modify.getScheduler(), outcome.pushOn);
        },
    };
}
