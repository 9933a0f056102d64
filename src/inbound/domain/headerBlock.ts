import { sanitizeText } from './sanitizeText';

/** How much of a mail's header an agent can read afterwards ("Original headers"): Gmail's run to 6-12 kB, a hop adds ~1 kB. */
export const MAX_HEADERS_KEPT = 16_384;

/** A mail's header block as it arrived, for people to read. */
export interface HeaderBlock {
    /** The header lines, folding kept, LF line ends, control characters removed; at most `MAX_HEADERS_KEPT` bytes of them. */
    text: string;
    /** The whole header block's size in bytes. */
    size: number;
    /** Whether lines at the end were left out. */
    cut: boolean;
}

/** A first line that is a header field (`Name: value`, RFC 5322 2.2): otherwise the mail has no header block. */
const FIELD_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * The header block of a raw mail, up to the first empty line, bounded: whole lines within
 * `limit` bytes, decoded as UTF-8 (raw 8-bit headers in another charset show as �, as nothing
 * names their charset). Undefined for a mail without headers.
 */
export function headerBlock(raw: Buffer, limit = MAX_HEADERS_KEPT): HeaderBlock | undefined {
    const ends = [raw.indexOf('\r\n\r\n'), raw.indexOf('\n\n')].filter((index) => index >= 0);
    const size = ends.length > 0 ? Math.min(...ends) : raw.length;
    const head = raw.subarray(0, Math.min(size, limit)).toString('utf8');
    if (!FIELD_START.test(head)) return undefined;
    const cut = size > limit;
    // A cut ends inside a line (perhaps inside a character): that line goes.
    const whole = cut ? head.slice(0, Math.max(0, head.lastIndexOf('\n'))) : head;
    return { text: sanitizeText(whole).replace(/\n+$/, ''), size, cut };
}
