import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Inbox } from '../../configuration/domain/Inbox';
import { maySeeRoom } from '../../omnichannel/AgentAccess';
import type { ThreadState } from '../../omnichannel/ConversationStore';
import { deliveryState } from '../../outbound/domain/deliveryState';
import { replyRecipients } from '../../outbound/domain/replyRecipients';
import { outboxClaim } from '../../outbound/OutboxDelivery';
import type { RoomRecipients } from '../../outbound/RecipientStore';
import { readOutboundSettings } from '../../settings/readSettings';
import type { Services } from '../../wiring/Services';
import type { EmailPanelData, PanelEmail } from './emailPanelView';

/** An email conversation the user may see: its room, thread, inbox and recipient changes. */
export interface PanelConversation {
    room: ILivechatRoom;
    thread: ThreadState;
    inbox: Inbox;
    changes?: RoomRecipients;
    replyAllSetting: boolean;
}

/**
 * The conversation of a room, when it is an email conversation the user may see (checked on the
 * server for every click: the client's button filter is only the client's). Reads the room
 * through core (its serving agent and department now), then the app's thread and inbox.
 */
export async function panelConversation(
    services: Services,
    user: IUser,
    roomId: string,
): Promise<{ conversation: PanelConversation } | { refused: 'denied' | 'not_email' }> {
    const room = (await services.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
    const thread = room && String(room.type) === 'l' ? await services.conversations.thread(roomId) : undefined;
    const inbox = thread && (await services.inboxes.getById(thread.inboxId));
    if (!room || !thread || !inbox) return { refused: 'not_email' };
    if (!(await maySeeRoom(services.read, user, room, inbox))) return { refused: 'denied' };
    const [changes, { replyToAll }] = await Promise.all([services.recipients.get(roomId), readOutboundSettings(services.read)]);
    return { conversation: { room, thread, inbox, changes, replyAllSetting: replyToAll } };
}

/** What the panel shows of a conversation: its facts, who gets the next reply, its emails with each reply's delivery state. */
export async function emailPanelData(services: Services, conversation: PanelConversation): Promise<EmailPanelData> {
    const { room, thread, inbox } = conversation;
    const logged = await services.conversations.emailsOf(room.id);
    const outbox = new Map((await services.outbox.list()).filter((email) => email.roomId === room.id).map((email) => [email.id, email]));
    const now = new Date();
    const emails: PanelEmail[] = [];
    for (const email of logged) {
        if (email.direction === 'in') {
            emails.push({ direction: 'in', at: email.at, from: email.from, cc: email.cc, files: email.files ?? [] });
            continue;
        }
        const queued = email.outboxId ? outbox.get(email.outboxId) : undefined;
        const held = queued ? await services.claims.isHeld(outboxClaim(queued.id)) : false;
        emails.push({
            direction: 'out',
            outboxId: email.outboxId ?? '',
            at: email.at,
            agent: email.agent,
            kind: email.kind,
            to: email.to,
            cc: email.cc,
            bcc: email.bcc ?? [],
            state: deliveryState(queued, email.sentAt, held, now),
        });
    }
    return {
        roomId: room.id,
        inbox: { name: inbox.name, email: inbox.email },
        customer: { name: customerName(room, thread.visitorEmail), email: thread.visitorEmail },
        subject: thread.subject,
        recipients: replyRecipients(thread, conversation.changes, conversation.replyAllSetting),
        emails,
    };
}

/** The customer's name as Rocket.Chat knows the visitor, unless it is only their address. */
function customerName(room: ILivechatRoom, address: string): string | undefined {
    const name = room.visitor?.name?.trim();
    return name && name.toLowerCase() !== address.toLowerCase() ? name : undefined;
}
