import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';

import { htmlToMarkdown } from './domain/htmlToMarkdown';
import type { EmailAddress, InboundEmail } from './domain/InboundEmail';
import { normalizeMessageId } from './domain/InboundEmail';
import { syntheticMessageId } from './domain/syntheticMessageId';

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
    const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
    return objects
        .flatMap((object) => object.value)
        .flatMap((entry) => (entry.address ? [{ address: entry.address.toLowerCase(), name: entry.name ?? '' }] : []));
}

function ids(value: string | string[] | undefined): string[] {
    const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
    return list.map(normalizeMessageId).filter((id) => id.length > 0);
}

function headerMap(parsed: ParsedMail): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines ?? []) {
        if (!(key in headers)) headers[key] = line.slice(line.indexOf(':') + 1).trim();
    }
    return headers;
}

/**
 * Reads one raw RFC 822 message. Never throws: broken MIME gives what mailparser could
 * recover plus warnings, and a message it cannot parse at all becomes its raw text with a
 * warning, so that nothing is silently dropped.
 */
export async function parseInboundEmail(raw: Buffer): Promise<InboundEmail> {
    let parsed: ParsedMail;
    try {
        parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
    } catch (error) {
        const text = raw.toString('utf8');
        return {
            messageId: syntheticMessageId({ subject: '', body: text }),
            synthesizedMessageId: true,
            replyTo: [],
            to: [],
            cc: [],
            subject: '',
            references: [],
            text,
            attachments: [],
            headers: {},
            contentType: 'text/plain',
            rawSize: raw.length,
            parseWarnings: [`unreadable MIME: ${(error as Error).message}`],
        };
    }
    const warnings: string[] = [];
    const [from] = addresses(parsed.from);
    if (!from) warnings.push('no sender (From) address');
    const subject = parsed.subject ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : undefined;
    // Prefer the sender's own plain text; an HTML-only mail is converted keeping its structure.
    const text = parsed.text?.trim() ? parsed.text : html ? htmlToMarkdown(html) : undefined;
    const id = parsed.messageId ? normalizeMessageId(parsed.messageId) : '';
    const messageId = id || syntheticMessageId({ from: from?.address, date: parsed.date, subject, body: text ?? '' });
    const headers = headerMap(parsed);
    return {
        messageId,
        synthesizedMessageId: !id,
        from,
        replyTo: addresses(parsed.replyTo),
        to: addresses(parsed.to),
        cc: addresses(parsed.cc),
        subject,
        date: parsed.date,
        inReplyTo: ids(parsed.inReplyTo)[0],
        references: ids(parsed.references),
        text,
        html,
        attachments: parsed.attachments.map((attachment) => ({
            filename: attachment.filename ?? `attachment-${attachment.checksum.slice(0, 8)}`,
            contentType: attachment.contentType,
            size: attachment.size,
            content: attachment.content,
            contentId: attachment.cid,
            inline: attachment.contentDisposition === 'inline' || attachment.related === true,
        })),
        headers,
        contentType: (headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase(),
        rawSize: raw.length,
        parseWarnings: warnings,
    };
}
