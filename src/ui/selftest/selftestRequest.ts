import type { IModify, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../../persistence/RecordStore';

/** The scheduler processor id of a self-test. Stable: Rocket.Chat stores scheduled jobs under it. */
export const SELFTEST_JOB = 'email-inboxes-selftest';

/** A request older than this is not run: its admin has long been told nothing came. */
export const SELFTEST_REQUEST_LIFE_MS = 10 * 60_000;

/**
 * A self-test waiting for its job. It holds the password typed into the form, so it is kept in
 * app persistence (where passwords live), never in the job's data (Rocket.Chat stores that in its
 * database), and removed by the job before it runs.
 */
export interface SelftestRequest {
    url: string;
    password: string;
    recipient: string;
    certificate: string;
    userId: string;
    roomId: string;
    requestedAt: string;
}

const REQUESTS = { name: 'selftest-request' };

export function selftestRequests(reader: IPersistenceRead, writer?: IPersistence): RecordStore<SelftestRequest> {
    return new RecordStore<SelftestRequest>(REQUESTS, reader, writer);
}

/** Runs the self-test in a job of its own at once: the client waits only 5 s for the form's answer, a login may take longer. */
export async function scheduleSelftest(modify: IModify, requestId: string): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: SELFTEST_JOB, when: new Date(), data: { requestId } });
}
