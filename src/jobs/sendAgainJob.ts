import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { SEND_AGAIN_JOB, sendRoomReplies } from '../outbound/sendAgain';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { Services } from '../wiring/Services';

/** "Send again" in a conversation's Email panel: the room's due replies, sent now. */
export function sendAgainJob(): IProcessor {
    return {
        id: SEND_AGAIN_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            if (typeof context.roomId !== 'string' || !context.roomId) return;
            await sendRoomReplies(new Services(read, modify, persis, http, this.getLogger()), context.roomId, Deadline.after(BUDGET.work));
        },
    };
}
