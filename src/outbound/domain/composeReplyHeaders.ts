import { replySubject } from '../../mail/domain/subject';

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
    to: string;
    /** Absent on emails queued before copies existed. */
    cc?: string[];
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
 * inbox's sender info, as the setting says.
 */
export function composeReplyHeaders(options: {
    thread: ReplyThread;
    inbox: { email: string; senderInfo: string; name: string };
    agentName: string;
    nameStyle: 'agent_via_inbox' | 'inbox_sender_info';
    uniqueId: string;
    /** Copy the others the customer's last mail went to (reply all). */
    replyToAll: boolean;
}): ReplyHeaders {
    const { thread, inbox } = options;
    const inboxLabel = inbox.senderInfo || inbox.name;
    const name = options.nameStyle === 'agent_via_inbox' && options.agentName ? `${options.agentName} via ${inboxLabel}` : inboxLabel;
    // An agent's new email answers nothing yet: its subject as typed, no In-Reply-To, no References.
    const opening = !thread.lastInboundMessageId;
    const chain = opening ? [] : [...thread.references.filter((id) => id !== thread.lastInboundMessageId), thread.lastInboundMessageId];
    const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(chain.length - (MAX_REFERENCES - 1))] : chain;
    const domain = inbox.email.split('@')[1] ?? 'localhost';
    return {
        from: { name, address: inbox.email },
        to: thread.visitorEmail,
        cc: options.replyToAll ? (thread.cc ?? []) : [],
        subject: opening ? thread.subject : replySubject(thread.subject),
        messageId: `${options.uniqueId}@${domain}`,
        inReplyTo: thread.lastInboundMessageId,
        references,
    };
}
