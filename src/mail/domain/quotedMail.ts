import type { InboundEmail } from './InboundEmail';

/** Characters of a mail a reply quotes at most; the rest is left out, saying so. */
export const QUOTE_LIMIT = 20_000;

/** The last mail that came into a conversation, as a reply quotes it. */
export interface QuotedMail {
    /** The mail's Message-ID: a reply quotes it only while it is still the mail the reply answers. */
    messageId: string;
    /** "Name <address>", or the address alone. */
    from: string;
    /** ISO 8601: the mail's Date, else when it was read. */
    date: string;
    /** Its new text (the history it quoted itself left out), at most QUOTE_LIMIT characters. */
    text: string;
    /** Set when the text was longer than QUOTE_LIMIT and was cut. */
    cut: boolean;
}

/** What a reply to this mail would quote of it, given its new text (quoted history already taken out) and when it was read. */
export function quotableMail(email: Pick<InboundEmail, 'messageId' | 'from' | 'date'>, newText: string, readAt: Date): QuotedMail {
    const text = newText.replace(/\r\n?/g, '\n').trim();
    const from = email.from ? (email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address) : '';
    const cut = text.length > QUOTE_LIMIT;
    return {
        messageId: email.messageId,
        from,
        date: (email.date && !Number.isNaN(email.date.getTime()) ? email.date : readAt).toISOString(),
        // A cut never splits a surrogate pair.
        text: cut ? text.slice(0, QUOTE_LIMIT).replace(/[\uD800-\uDBFF]$/, '') : text,
        cut,
    };
}
