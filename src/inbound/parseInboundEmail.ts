import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';

import { attachmentName, isSignaturePart } from './domain/attachmentName';
import { displayName } from './domain/displayName';
import { htmlToMarkdown } from './domain/htmlToMarkdown';
import type { EmailAddress, InboundEmail } from '../mail/domain/InboundEmail';
import { normalizeMessageId } from '../mail/domain/InboundEmail';
import { describeBrokenStructure, rawBodyText } from './domain/mimeStructure';
import { headerBlock } from './domain/headerBlock';
import { reduceToParserLimits } from './domain/parserLimits';
import { repairRawMessage } from './domain/repairRawMessage';
import { sanitizeAddress, sanitizeName, sanitizeText } from './domain/sanitizeText';
import { syntheticMessageId } from './domain/syntheticMessageId';

/** Longest subject kept (shown cut shorter; it names the room and the replies' subject). */
export const MAX_SUBJECT_LENGTH = 1_000;
/** References kept: the first (the conversation's start) and the latest. Each one is a lookup when the mail is routed. */
export const MAX_REFERENCES = 50;

const PARSER_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true } as const;

/** Addresses as the app uses them: sanitized (no direction overrides, controls or blanks), with a name only when it is honest. */
function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
    const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
    return objects
        .flatMap((object) => object.value)
        .flatMap((entry) => {
            const address = sanitizeAddress(entry.address ?? '');
            return address ? [{ address, name: displayName(sanitizeName(entry.name ?? ''), address) }] : [];
        });
}

function ids(value: string | string[] | undefined): string[] {
    const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
    return list.map(normalizeMessageId).filter((id) => id.length > 0);
}

/** References within MAX_REFERENCES: the first and the latest ones. */
function boundedReferences(references: string[]): string[] {
    return references.length <= MAX_REFERENCES ? references : [references[0], ...references.slice(-(MAX_REFERENCES - 1))];
}

/**
 * mailparser's result for the mail, or for as much of it as mailparser can hold: a mail over its
 * limits (parts, header size) is read again reduced to them (domain/parserLimits), and when even
 * that fails, its headers alone are read so that the mail keeps its sender. `notes` says what was
 * left out; `bodyUnread` that the parts could not be read at all.
 */
async function parseWithinLimits(raw: Buffer): Promise<{ parsed: ParsedMail; notes: string[]; bodyUnread?: string } | { error: Error }> {
    let failure: Error;
    try {
        return { parsed: await simpleParser(raw, PARSER_OPTIONS), notes: [] };
    } catch (error) {
        failure = error as Error;
    }
    const reduced = reduceToParserLimits(raw);
    if (reduced.notes.length > 0) {
        try {
            return { parsed: await simpleParser(reduced.raw, PARSER_OPTIONS), notes: reduced.notes };
        } catch (error) {
            failure = error as Error;
        }
    }
    try {
        const headers = await simpleParser(reduced.header, PARSER_OPTIONS);
        return { parsed: { ...headers, text: undefined, html: false, attachments: [] }, notes: reduced.notes, bodyUnread: failure.message };
    } catch {
        return { error: failure };
    }
}

function headerMap(parsed: ParsedMail): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines ?? []) {
        if (!(key in headers)) headers[key] = line.slice(line.indexOf(':') + 1).trim();
    }
    return headers;
}

/** The mail's header block for agents to read later, when it has one. */
function withHeaderBlock(raw: Buffer): Pick<InboundEmail, 'originalHeaders'> {
    const block = headerBlock(raw);
    return block ? { originalHeaders: block } : {};
}

/** An HTML-only mail's text; conversion is bounded (htmlToMarkdown), and a failure of it still must not lose the mail. */
function htmlFallback(html: string, warnings: string[]): string | undefined {
    try {
        return htmlToMarkdown(html);
    } catch (error) {
        warnings.push(`its HTML could not be converted (${(error as Error).message})`);
        return undefined;
    }
}

/**
 * Reads one raw RFC 822 message. Never throws: broken MIME gives what mailparser could
 * recover plus warnings, and a message it cannot parse at all becomes its raw text with a
 * warning, so that nothing is silently dropped.
 */
export async function parseInboundEmail(original: Buffer): Promise<InboundEmail> {
    const raw = repairRawMessage(original);
    const result = await parseWithinLimits(raw);
    if ('error' in result) {
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
            parseWarnings: [`unreadable MIME: ${result.error.message}`],
            ...withHeaderBlock(original),
        };
    }
    const { parsed } = result;
    const headers = headerMap(parsed);
    const contentType = headers['content-type'] ?? 'text/plain';
    const warnings = [...describeBrokenStructure(raw, contentType), ...result.notes];
    if (result.bodyUnread) warnings.push(`unreadable MIME: ${result.bodyUnread}`);
    const [from] = addresses(parsed.from);
    if (!from) warnings.push('no sender (From) address');
    const subject = sanitizeText(parsed.subject ?? '')
        .replace(/\n/g, ' ')
        .slice(0, MAX_SUBJECT_LENGTH)
        .replace(/[\uD800-\uDBFF]$/, '');
    const html = typeof parsed.html === 'string' ? parsed.html : undefined;
    const attachments = parsed.attachments.filter((attachment) => !isSignaturePart(attachment.contentType));
    // Prefer the sender's own plain text; an HTML-only mail is converted keeping its structure.
    let text = parsed.text?.trim() ? parsed.text : html ? htmlFallback(html, warnings) : undefined;
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
        references: boundedReferences(ids(parsed.references)),
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
        ...withHeaderBlock(original),
    };
}
