import { createHash } from 'crypto';

import { splitHeaderBlock } from './repairRawMessage';

/** The headers that say who wrote what to whom and when; trace headers added on the way (Received...) are left out. */
const IDENTIFYING_HEADERS = ['from', 'sender', 'to', 'cc', 'date', 'subject', 'in-reply-to', 'references'];

/**
 * A stable Message-ID for mail that has none, from everything that makes it this mail: its
 * identifying headers and its whole body as it arrived (text and files). A second delivery of
 * the same mail gets the same id, so it is recognised; two mails that differ anywhere in their
 * content never share one, so neither is taken for the other.
 */
export function syntheticMessageId(raw: Buffer): string {
    const { headers, body } = splitRawMessage(raw);
    const hash = createHash('sha256');
    for (const name of IDENTIFYING_HEADERS) hash.update(`${name}:${headers.get(name) ?? ''}\u0000`);
    hash.update(body);
    return `${hash.digest('hex').slice(0, 40)}@email-inboxes.invalid`;
}

/** The header block (unfolded, names lower-cased, first occurrence wins) and the bytes after it. */
function splitRawMessage(raw: Buffer): { headers: Map<string, string>; body: Buffer } {
    const { headerEnd, bodyStart } = splitHeaderBlock(raw);
    const headers = new Map<string, string>();
    for (const line of raw
        .subarray(0, headerEnd)
        .toString('latin1')
        .replace(/\r?\n[ \t]+/g, ' ')
        .split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
    // No blank line and nothing like a header: the whole message is its body.
    if (bodyStart >= raw.length && headers.size === 0) return { headers, body: raw };
    return { headers, body: raw.subarray(bodyStart) };
}
