import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { parseServerUrl } from '../configuration/domain/parseServerUrl';
import { translatorFor } from '../i18n/translate';
import { notifyUserPrivately } from '../platform/notifyUserPrivately';
import { runSelftest } from '../ui/selftest/runSelftest';
import { SELFTEST_JOB, SELFTEST_REQUEST_LIFE_MS, selftestRequests } from '../ui/selftest/selftestRequest';

/** Runs a self-test the form asked for and tells the admin; the request (with its password) is removed first. */
export function selftestJob(): IProcessor {
    return {
        id: SELFTEST_JOB,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence) {
            const requestId = typeof context.requestId === 'string' ? context.requestId : '';
            if (!requestId) return;
            const requests = selftestRequests(read.getPersistenceReader(), persis);
            const request = await requests.get(requestId);
            await requests.remove(requestId);
            if (!request || Date.now() - Date.parse(request.requestedAt) > SELFTEST_REQUEST_LIFE_MS) return;
            const [user, room] = await Promise.all([read.getUserReader().getById(request.userId), read.getRoomReader().getById(request.roomId)]);
            if (!user || !room) return;
            const target = parseServerUrl(request.url);
            if (request.password) target.server.password = request.password;
            if (request.certificate) target.server.trustedCertificate = request.certificate;
            const t = translatorFor(user.settings?.preferences?.language);
            await notifyUserPrivately(read, modify, user, room, await runSelftest(target, request.recipient || undefined, t));
        },
    };
}
