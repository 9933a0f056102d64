import type { OutgoingEmail } from './domain/OutgoingEmail';
import type { OutboundServices } from './OutboundServices';

/**
 * Writes a new email to the outbox, its Message-ID to the index first: the customer's answer
 * threads back, and the email is recognised if it loops in, even if this process dies right
 * after the server accepted it.
 */
export async function enqueueEmail(services: Pick<OutboundServices, 'conversations' | 'outbox'>, email: OutgoingEmail): Promise<void> {
    await services.conversations.saveMessage({
        inboxId: email.inboxId,
        messageId: email.headers.messageId,
        roomId: email.roomId,
        direction: 'out',
        state: 'done',
    });
    await services.outbox.add(email);
}
