import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { runPoll } from '../inbound/PollRunner';
import { JobId } from './JobId';

/**
 * The poll job: fetches new mail from every active inbox and turns it into livechat
 * messages (inbound/PollRunner). A plain object with a closure, because the engine calls
 * processors with `this` bound to the app.
 */
export function pollJob(): IProcessor {
    return {
        id: JobId.Poll,
        processor: async (_context: IJobContext, read: IRead, modify: IModify, _http: IHttp, persis: IPersistence) => runPoll(read, modify, persis),
    };
}
