import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { JobId } from './JobId';

/**
 * The outbox job: retries agent replies that could not be sent yet, with backoff.
 * (Registered now so that scheduling is proven; delivery arrives with outbound mail.)
 */
export function outboxJob(): IProcessor {
    return {
        id: JobId.Outbox,
        processor: async () => undefined,
    };
}
