import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { AFTER_SAVE_JOB, checkSavedInbox } from '../ui/inboxForm/checkSavedInbox';
import { Services } from '../wiring/Services';

/** Tests a saved inbox's servers (or starts its sign-in) and tells the admin who saved it. */
export function afterSaveJob(): IProcessor {
    return {
        id: AFTER_SAVE_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
            const request = { inboxId: text('inboxId'), userId: text('userId'), roomId: text('roomId'), signIn: context.signIn === true };
            if (!request.inboxId || !request.userId || !request.roomId) return;
            await checkSavedInbox(new Services(read, modify, persis, http, this.getLogger()), this.getID(), request);
        },
    };
}
