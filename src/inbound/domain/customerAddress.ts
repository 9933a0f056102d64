import type { EmailAddress, InboundEmail } from '../../mail/domain/InboundEmail';

/**
 * Who the conversation is with: the first Reply-To address that is not one of the inboxes (a
 * customer's mail client may add the address it wrote to), else From. Taking an inbox's own
 * address would make the inbox the visitor and send agents' replies back into it.
 */
export function customerAddress(email: Pick<InboundEmail, 'replyTo' | 'from'>, inboxAddresses: readonly string[]): EmailAddress | undefined {
    const inboxes = new Set(inboxAddresses.map((address) => address.toLowerCase()));
    return email.replyTo.find((candidate) => !inboxes.has(candidate.address.toLowerCase())) ?? email.from;
}
