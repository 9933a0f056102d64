import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { AFTER_SAVE_JOB, checkSavedInbox } from '../ui/inboxForm/checkSavedInbox';
import { Services } from '../wiring/Services';
import { startPushChain } from './pushChain';

/** Tests a saved inbox's servers (or starts its sign-in) and tells the admin who saved it. */
export function afterSaveJob(): IProcessor {
    return {
        id: AFTER_SAVE_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
            const request = { inboxId: text('inboxId'), userId: text('userId'), roomId: text('roomId'), signIn: context.signIn === true };
            if (!request.inboxId || !request.userId || !request.roomId) return;
            const services = new Services(read, modify, persis, http, this.getLogger());
            await checkSavedInbox(services, this.getID(), request);
            // A new or enabled inbox gets push at once when no chain runs yet (one that runs takes it at its next run).
            await startPushChain(services, modify.getScheduler());
        },
    };
}
