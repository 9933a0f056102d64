import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { translatorFor } from '../i18n/translate';
import { startConversation } from '../outbound/startConversation';
import { notifyUserPrivately } from '../platform/notifyUserPrivately';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { readSiteUrl } from '../settings/readSettings';
import { describeStart } from '../ui/newEmail/describeStart';
import { NEW_EMAIL_JOB, NEW_EMAIL_REQUEST_LIFE_MS, newEmailRequests } from '../ui/newEmail/newEmailRequest';
import { Services } from '../wiring/Services';

/**
 * Sends an agent's new email the form asked for (outbound/startConversation) and tells them how it
 * went. A request runs once: it is marked started before anything is made, and kept so (a late
 * second submission of its form finds it) until its life is over; each run removes those past it.
 */
export function newEmailJob(): IProcessor {
    return {
        id: NEW_EMAIL_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const key = typeof context.key === 'string' ? context.key : '';
            if (!key) return;
            const deadline = Deadline.after(BUDGET.work);
            const requests = newEmailRequests(read.getPersistenceReader(), persis);
            const request = await requests.get(key);
            if (!request || request.state !== 'waiting') return;
            await requests.put(key, { ...request, state: 'started' });
            try {
                if (Date.now() - Date.parse(request.requestedAt) > NEW_EMAIL_REQUEST_LIFE_MS) return;
                const [user, room] = await Promise.all([read.getUserReader().getById(request.userId), read.getRoomReader().getById(request.roomId)]);
                if (!user) return;
                const services = new Services(read, modify, persis, http, this.getLogger());
                const outcome = await startConversation(services, user, request.draft, deadline);
                const t = translatorFor(user.settings?.preferences?.language);
                if (room) await notifyUserPrivately(read, modify, user, room, describeStart(t, outcome, request.draft, await readSiteUrl(read)));
            } finally {
                const now = Date.now();
                for (const stale of await requests.list()) {
                    if (now - Date.parse(stale.requestedAt) > NEW_EMAIL_REQUEST_LIFE_MS) await requests.remove(stale.key);
                }
            }
        },
    };
}
