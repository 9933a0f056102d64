import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { Services } from '../wiring/Services';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { JobId } from './JobId';

/**
 * The outbox job: sends the agents' emails that could not be sent yet and are due again
 * (backoff per email), oldest first, within the run budget. The engine calls processors with
 * `this` bound to the app, whose logger is the one of this run.
 */
export function outboxJob(): IProcessor {
    return {
        id: JobId.Outbox,
        async processor(this: App, _context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const delivery = new Services(read, modify, persis, http, this.getLogger()).delivery(Deadline.after(BUDGET.work));
            await delivery.deliver(await delivery.list());
        },
    };
}
