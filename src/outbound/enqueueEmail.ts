import type { ThreadState } from '../omnichannel/ConversationStore';
import type { OutgoingEmail } from './domain/OutgoingEmail';
import type { OutboundServices } from './OutboundServices';

/**
 * Writes a new email to the outbox, its Message-ID to the index first: the customer's answer
 * threads back, and the email is recognised if it loops in, even if this process dies right
 * after the server accepted it. The index keeps the conversation's thread state as it was, for
 * the import of that answer. The conversation's log (its Email panel) lists it from then on;
 * `agentName` is who wrote it, as the panel names them.
 */
export async function enqueueEmail(
    services: Pick<OutboundServices, 'conversations' | 'outbox'>,
    email: OutgoingEmail,
    thread: ThreadState,
    agentName?: string,
): Promise<void> {
    await services.conversations.saveMessage({
        inboxId: email.inboxId,
        messageId: email.headers.messageId,
        roomId: email.roomId,
        direction: 'out',
        state: 'done',
        thread,
    });
    await services.conversations.log.add({
        roomId: email.roomId,
        inboxId: email.inboxId,
        direction: 'out',
        messageId: email.headers.messageId,
        at: email.createdAt,
        to: [email.headers.to, ...(email.headers.alsoTo ?? [])],
        cc: email.headers.cc ?? [],
        ...(email.headers.bcc && { bcc: email.headers.bcc }),
        ...(agentName && { agent: agentName }),
        outboxId: email.id,
        kind: email.kind,
    });
    await services.outbox.add(email);
}
