import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { pollDeviceSignIn } from '../signin/pollDeviceSignIn';
import { DEVICE_SIGN_IN_JOB, secondsFromNow } from '../signin/startSignIn';
import { Services } from '../wiring/Services';

/**
 * Waits for an admin to enter a device code: each run asks the token endpoint for as long as
 * the engine's 30 s allow, then schedules the next run while the code is still valid.
 */
export function deviceSignInJob(): IProcessor {
    return {
        id: DEVICE_SIGN_IN_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const inboxId = typeof context.inboxId === 'string' ? context.inboxId : '';
            if (!inboxId) return;
            const result = await pollDeviceSignIn(new Services(read, modify, persis, http, this.getLogger()), inboxId, Deadline.after(BUDGET.work));
            if (result !== 'done')
                await modify.getScheduler().scheduleOnce({ id: DEVICE_SIGN_IN_JOB, when: secondsFromNow(result.waitSeconds), data: { inboxId } });
        },
    };
}
