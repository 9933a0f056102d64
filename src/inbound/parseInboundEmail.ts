import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';

import { attachmentName, isSignaturePart } from './domain/attachmentName';
import { htmlToMarkdown } from './domain/htmlToMarkdown';
import type { EmailAddress, InboundEmail } from '../mail/domain/InboundEmail';
import { normalizeMessageId } from '../mail/domain/InboundEmail';
import { describeBrokenStructure, rawBodyText } from './domain/mimeStructure';
import { repairRawMessage } from './domain/repairRawMessage';
import { sanitizeName, sanitizeText } from './domain/sanitizeText';
import { syntheticMessageId } from './domain/syntheticMessageId';

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
    const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
    return objects
        .flatMap((object) => object.value)
        .flatMap((entry) => (entry.address ? [{ address: entry.address.toLowerCase(), name: sanitizeName(entry.name ?? '') }] : []));
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
export async function parseInboundEmail(original: Buffer): Promise<InboundEmail> {
    const raw = repairRawMessage(original);
    let parsed: ParsedMail;
    try {
        parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
    } catch (error) {
        const text = sanitizeText(raw.toString('utf8'));
        return {
            messageId: syntheticMessageId(raw),
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
            rawSize: original.length,
            parseWarnings: [`unreadable MIME: ${(error as Error).message}`],
        };
    }
    const headers = headerMap(parsed);
    const contentType = headers['content-type'] ?? 'text/plain';
    const warnings = describeBrokenStructure(raw, contentType);
    const [from] = addresses(parsed.from);
    if (!from) warnings.push('no sender (From) address');
    const subject = sanitizeText(parsed.subject ?? '').replace(/\n/g, ' ');
    const html = typeof parsed.html === 'string' ? parsed.html : undefined;
    const attachments = parsed.attachments.filter((attachment) => !isSignaturePart(attachment.contentType));
    // Prefer the sender's own plain text; an HTML-only mail is converted keeping its structure.
    let text = parsed.text?.trim() ? parsed.text : html ? htmlToMarkdown(html) : undefined;
    if (!text?.trim() && attachments.length === 0 && warnings.length > 0) {
        // The parts were not found at all: the raw text is better than nothing.
        text = rawBodyText(raw) || undefined;
    }
    if (text !== undefined) text = sanitizeText(text);
    if (`${subject}${text ?? ''}`.includes('\ufffd')) warnings.push('some characters could not be decoded (shown as �)');
    const id = parsed.messageId ? normalizeMessageId(parsed.messageId) : '';
    const messageId = id || syntheticMessageId(raw);
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
        attachments: attachments.map((attachment) => ({
            filename: attachmentName(attachment.filename && sanitizeName(attachment.filename), attachment.contentType, attachment.checksum),
            contentType: attachment.contentType,
            size: attachment.size,
            content: attachment.content,
            contentId: attachment.cid,
            inline: attachment.contentDisposition === 'inline' || attachment.related === true,
        })),
        headers,
        contentType: contentType.split(';')[0].trim().toLowerCase(),
        rawSize: original.length,
        parseWarnings: warnings,
    };
}
