import type { QuotedMail } from '../../mail/domain/quotedMail';
import type { ReplyBody } from './renderReplyBody';
import { escapeHtml, wrapHtml } from './renderReplyBody';

/** The mail a reply quotes, with the words around it in the customer's language. */
export interface ReplyQuote {
    mail: QuotedMail;
    /** "On <date>, <from> wrote:" */
    header: string;
    /** Said under a quote that was cut at QUOTE_LIMIT. */
    cutNote: string;
}

/** The date in a quote's header: the mail's Date in UTC, as RFC 5322 writes it. */
export function quoteDate(iso: string): string {
    return new Date(iso).toUTCString().replace(/ GMT$/, ' UTC');
}

/**
 * The reply's parts with the inbox's signature and the quoted mail under the agent's text, in
 * the order mail clients use for a reply written above the quote (Gmail, Outlook, Apple Mail):
 * text, signature, quote. The signature goes in once: in text/plain after the RFC 3676 separator
 * line "-- ", in HTML as its own block; not at all when the agent's message has it already.
 * The quote is "> " lines under "On <date>, <name> wrote:" in text/plain, a blockquote in HTML.
 */
export function signAndQuote(body: { text: string; content: string }, options: { typed: string; signature?: string; quote?: ReplyQuote }): ReplyBody {
    const signature = options.signature?.trim() ? options.signature.trim() : undefined;
    const sign = signature !== undefined && !alreadySigned([options.typed, body.text], signature);
    let text = body.text.trimEnd() + '\n';
    let html = body.content;
    if (sign) {
        text += `\n-- \n${signature}\n`;
        html += `<div class="email-inboxes-signature" style="margin-top:16px;color:#6c727a">-- <br>${lines(signature)}</div>`;
    }
    if (options.quote) {
        const { mail, header, cutNote } = options.quote;
        const quoted = mail.text
            .split('\n')
            .map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`))
            .join('\n');
        text += `\n${header}\n${quoted}\n${mail.cut ? `\n${cutNote}\n` : ''}`;
        html +=
            `<div class="email-inboxes-quote" style="margin-top:16px"><div>${escapeHtml(header)}</div>` +
            `<blockquote type="cite" style="margin:0 0 0 .8ex;padding-left:1ex;border-left:1px solid #cbced1">${lines(mail.text)}</blockquote>` +
            `${mail.cut ? `<div>${escapeHtml(cutNote)}</div>` : ''}</div>`;
    }
    return { text, html: wrapHtml(html) };
}

function lines(text: string): string {
    return escapeHtml(text).replace(/\n/g, '<br>');
}

/** Compared without case, spacing and the marks of bold, italics and strike, as an agent may have typed it. */
function comparable(text: string): string {
    return text.replace(/[*_~]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Whether the agent's message already ends with, or holds, the signature (typed or pasted). */
export function alreadySigned(texts: string[], signature: string): boolean {
    const wanted = comparable(signature);
    return wanted.length > 0 && texts.some((text) => comparable(text).includes(wanted));
}
