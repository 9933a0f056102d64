import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';

import type { Deadline } from '../runtime/Deadline';
import type { OutboundServices } from './OutboundServices';

/** The scheduler processor id of "Send again" (the Email panel). Stable: Rocket.Chat stores scheduled jobs under it. */
export const SEND_AGAIN_JOB = 'email-inboxes-send-again';

/**
 * Sends a room's due replies at once, in a job of its own: the panel's click is answered within
 * the client's 5 s, and a send may take longer. Only ids in the job's data (Rocket.Chat keeps it
 * in its database).
 */
export async function scheduleSendAgain(modify: IModify, roomId: string): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: SEND_AGAIN_JOB, when: new Date(), data: { roomId } });
}

/** The job's work: the room's due replies, oldest first, as any sender sends them (claimed, never twice). */
export async function sendRoomReplies(services: OutboundServices, roomId: string, deadline: Deadline): Promise<void> {
    const delivery = services.delivery(deadline);
    await delivery.deliver(await delivery.emailsOfRoom(roomId));
}
