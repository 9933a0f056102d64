import type { InboundEmail } from '../../mail/domain/InboundEmail';
import { normalizeMessageId } from '../../mail/domain/InboundEmail';

/** One recipient a delivery status notification (RFC 3464) reports as failed. */
export interface FailedRecipient {
    address: string;
    /** The enhanced status code, e.g. 5.1.1. */
    status: string;
    /** The remote server's words, e.g. "smtp; 550 5.1.1 user unknown". */
    diagnostic: string;
}

export interface DeliveryReport {
    /** The Message-ID of the mail that bounced, when the report names it. */
    originalMessageId?: string;
    /** Its subject, from the returned headers. */
    originalSubject?: string;
    failed: FailedRecipient[];
}

/** Unfolds header-style lines ("Field: value" with continuation lines) into field → value pairs, in order. */
function fields(text: string): Array<[string, string]> {
    const unfolded = text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
    return unfolded
        .split('\n')
        .map((line) => /^([A-Za-z-]+):\s*(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1].toLowerCase(), match[2].trim()]);
}

/** "rfc822; carla@example.net" → carla@example.net */
function addressOf(value: string): string {
    return value
        .replace(/^[^;]*;\s*/, '')
        .replace(/^<|>$/g, '')
        .trim()
        .toLowerCase();
}

/**
 * Reads a bounce: the failed recipients from its delivery-status fields (mailparser keeps the
 * message/delivery-status part in the text; a recipient's fields follow its Final-Recipient),
 * and the bounced mail's Message-ID from the returned headers (text/rfc822-headers or
 * message/rfc822 part), else from the report's own In-Reply-To/References, which some servers set.
 */
export function readDeliveryReport(email: InboundEmail): DeliveryReport {
    const part = (type: string) => email.attachments.find((attachment) => attachment.contentType.toLowerCase() === type)?.content.toString('utf8');
    const recipients: Array<FailedRecipient & { action: string }> = [];
    for (const [name, value] of fields(part('message/delivery-status') ?? email.text ?? '')) {
        if (name === 'final-recipient') recipients.push({ address: addressOf(value), status: '', diagnostic: '', action: '' });
        const current = recipients.at(-1);
        if (!current) continue;
        if (name === 'action') current.action = value.toLowerCase();
        if (name === 'status') current.status = value;
        if (name === 'diagnostic-code') current.diagnostic = value;
    }
    const failed = recipients.filter((recipient) => recipient.action === 'failed').map(({ address, status, diagnostic }) => ({ address, status, diagnostic }));
    const returned = part('text/rfc822-headers') ?? part('message/rfc822') ?? '';
    const headerBlock = returned.replace(/\r\n/g, '\n').split(/\n\n/)[0];
    const returnedHeaders = new Map(fields(headerBlock));
    const returnedId = returnedHeaders.get('message-id');
    const originalMessageId = returnedId ? normalizeMessageId(returnedId) : (email.inReplyTo ?? email.references.at(-1));
    return { originalMessageId: originalMessageId || undefined, originalSubject: returnedHeaders.get('subject'), failed };
}
