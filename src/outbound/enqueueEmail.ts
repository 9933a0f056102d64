import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { ConversationStore } from '../omnichannel/ConversationStore';
import type { OutgoingEmail } from './domain/OutgoingEmail';
import { OutboxStore } from './OutboxStore';

/**
 * Writes a new email to the outbox, its Message-ID to the index first: the customer's answer
 * threads back, and the email is recognised if it loops in, even if this process dies right
 * after the server accepted it.
 */
export async function enqueueEmail(read: IRead, persis: IPersistence, email: OutgoingEmail): Promise<void> {
    await new ConversationStore(read.getPersistenceReader(), persis).saveMessage({
        inboxId: email.inboxId,
        messageId: email.headers.messageId,
        roomId: email.roomId,
        direction: 'out',
        state: 'done',
    });
    await new OutboxStore(read.getPersistenceReader(), persis).add(email);
}
