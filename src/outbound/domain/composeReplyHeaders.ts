import { replySubject } from '../../mail/domain/subject';
import { replyRecipients } from './replyRecipients';
import type { RecipientChanges } from './replyRecipients';

/** Mail clients keep References bounded; the first id (the thread's root) is always kept. */
export const MAX_REFERENCES = 20;

export interface ReplyThread {
    subject: string;
    visitorEmail: string;
    /** The mail the reply answers; '' for an agent's new email, which answers none. */
    lastInboundMessageId: string;
    references: string[];
    cc?: string[];
}

export interface ReplyHeaders {
    from: { name: string; address: string };
    /** The first To: the customer, unless agents changed it (the Email panel). */
    to: string;
    /** Further To addresses agents added (absent when none). */
    alsoTo?: string[];
    /** Absent on emails queued before copies existed. */
    cc?: string[];
    /** Blind copies agents added: in the envelope only, never in the headers (absent when none). */
    bcc?: string[];
    subject: string;
    messageId: string;
    /** '' when the email answers none (an agent's new email). */
    inReplyTo: string;
    references: string[];
}

/**
 * The headers of an agent's reply, threaded as mail clients expect: `Re: <subject>` (never
 * `Re: Re:`), In-Reply-To the customer's last mail, References the chain (root kept, bounded),
 * a fresh Message-ID on the inbox's domain so the customer's answer threads back and our own
 * mail is recognised if it ever loops in. The sender name is "<agent> via <inbox>" or the
 * inbox's sender info, as the setting says. Who it goes to: domain/replyRecipients (the customer,
 * the copies of reply all, and what agents changed in the Email panel).
 */
export function composeReplyHeaders(options: {
    thread: ReplyThread;
    inbox: { email: string; senderInfo: string; name: string };
    agentName: string;
    nameStyle: 'agent_via_inbox' | 'inbox_sender_info';
    uniqueId: string;
    /** Copy the others the customer's last mail went to (reply all): the setting, unless `changes` says otherwise for this conversation. */
    replyToAll: boolean;
    /** What agents changed about the conversation's recipients. */
    changes?: RecipientChanges;
}): ReplyHeaders {
    const { thread, inbox } = options;
    const inboxLabel = inbox.senderInfo || inbox.name;
    const name = options.nameStyle === 'agent_via_inbox' && options.agentName ? `${options.agentName} via ${inboxLabel}` : inboxLabel;
    // An agent's new email answers nothing yet: its subject as typed, no In-Reply-To, no References.
    const opening = !thread.lastInboundMessageId;
    const chain = opening ? [] : [...thread.references.filter((id) => id !== thread.lastInboundMessageId), thread.lastInboundMessageId];
    const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(chain.length - (MAX_REFERENCES - 1))] : chain;
    const domain = inbox.email.split('@')[1] ?? 'localhost';
    const recipients = replyRecipients(thread, options.changes, options.replyToAll);
    const [to = thread.visitorEmail, ...alsoTo] = recipients.to;
    return {
        from: { name, address: inbox.email },
        to,
        ...(alsoTo.length > 0 && { alsoTo }),
        cc: recipients.cc,
        ...(recipients.bcc.length > 0 && { bcc: recipients.bcc }),
        subject: opening ? thread.subject : replySubject(thread.subject),
        messageId: `${options.uniqueId}@${domain}`,
        inReplyTo: thread.lastInboundMessageId,
        references,
    };
}
