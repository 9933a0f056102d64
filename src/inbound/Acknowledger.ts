import type { Inbox } from '../configuration/domain/Inbox';
import type { ThreadState } from '../omnichannel/ConversationStore';

/** A customer's mail that opened a new conversation, to be acknowledged (once: see Acknowledger). */
export interface AcknowledgementRequest {
    inbox: Inbox;
    /** The new conversation's thread state, as the import saved it: who gets the acknowledgement and what it answers. */
    thread: ThreadState;
    /** The customer's name as their mail gave it ('' when none). */
    customerName: string;
    /** Their mail's subject and Message-ID. */
    subject: string;
    messageId: string;
}

/** `queued`: written to the outbox; `already`: this mail's was queued before (a run finishing an interrupted import); `recently`: the sender had one within the inbox's days. */
export type AcknowledgementOutcome = 'queued' | 'already' | 'recently';

/**
 * Where the import hands a new conversation's acknowledgement (built by the composition root:
 * outbound/Acknowledgements writes it to the outbox). Guarantees: at most one per customer mail,
 * however often the import of that mail is finished, and at most one per sender per the inbox's days.
 */
export interface Acknowledger {
    acknowledge(request: AcknowledgementRequest): Promise<AcknowledgementOutcome>;
}
