import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { JobId } from './JobId';

/**
 * The poll job: fetches new mail from every active inbox and turns it into livechat
 * messages, bounded by a time budget and a message cap per run.
 * A plain object with a closure, because the engine calls processors with `this` bound to the app.
 * (Registered now so that scheduling is proven; the fetch itself arrives with inbound mail.)
 */
export function pollJob(): IProcessor {
    return {
        id: JobId.Poll,
        processor: async () => undefined,
    };
}
