import type { InboundEmail } from '../../mail/domain/InboundEmail';

/** More than this many copy recipients is a mailing, not a conversation: the rest are left out. */
export const MAX_COPIES = 20;

/**
 * Who else a reply to this mail goes to, as "reply all" in a mail client: its sender when that is
 * not the conversation's customer (a colleague they copied), and everyone the mail was addressed
 * or copied to, except the inboxes (that would loop) and the customer (already To).
 */
export function conversationCopies(email: InboundEmail, options: { inboxAddresses: string[]; customer: string }): string[] {
    const excluded = new Set([...options.inboxAddresses, options.customer].map((address) => address.toLowerCase()));
    const sender = email.replyTo[0] ?? email.from;
    // A set, and a stop at MAX_COPIES: a mail may copy fifty thousand addresses.
    const copies = new Set<string>();
    for (const { address } of [...(sender ? [sender] : []), ...email.to, ...email.cc]) {
        const normalized = address.toLowerCase();
        if (!excluded.has(normalized)) copies.add(normalized);
        if (copies.size >= MAX_COPIES) break;
    }
    return [...copies];
}
