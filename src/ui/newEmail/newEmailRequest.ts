import type { IModify, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { NewEmailDraft } from '../../outbound/domain/newEmailDraft';
import { RecordStore } from '../../persistence/RecordStore';

/** The scheduler processor id of a new email. Stable: Rocket.Chat stores scheduled jobs under it. */
export const NEW_EMAIL_JOB = 'email-inboxes-new-email';

/** A request older than this is not run (its agent has long been told nothing came), and is removed by a later one. */
export const NEW_EMAIL_REQUEST_LIFE_MS = 10 * 60_000;

/**
 * A New email form, checked and waiting for its job (jobs/newEmailJob). Kept in app persistence,
 * owned by its inbox (removing the inbox removes it), not in the job's data: the text is the
 * customer's business, and Rocket.Chat keeps job data in its database. Its key is the form's view
 * id, so a second submission of the same form (a double click on Send) is the same email.
 */
export interface NewEmailRequest {
    key: string;
    /** 'started' once its job took it: a submission arriving later changes nothing. */
    state: 'waiting' | 'started';
    userId: string;
    /** Where the agent is told how it went (the room the form was opened from, or the direct conversation with the app). */
    roomId: string;
    draft: NewEmailDraft;
    requestedAt: string;
}

const REQUESTS = { name: 'new-email-request', ownerOf: (request: NewEmailRequest) => request.draft.inboxId };

export function newEmailRequests(reader: IPersistenceRead, writer?: IPersistence): RecordStore<NewEmailRequest> {
    return new RecordStore<NewEmailRequest>(REQUESTS, reader, writer);
}

/** Starts the email in a job of its own at once: the client waits only 5 s for the form's answer, and Rocket.Chat's routing and the SMTP server may take longer. */
export async function scheduleNewEmail(modify: IModify, key: string): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: NEW_EMAIL_JOB, when: new Date(), data: { key } });
}
