import { splitHeaderBlock } from './repairRawMessage';

/**
 * mailparser's splitter refuses a mail with more than 1,000 MIME parts or a header block over
 * 1 MiB (counting at least 64 bytes a line), rejecting it whole (EMAXLEN): a mail with a thousand
 * tiny attachments or fifty thousand addresses in CC would then lose its sender, subject and text
 * alike. Such a mail is read again within these limits: its first MAX_PARTS_READ parts, and its
 * header fields cut to a size the parser takes, the ones the app needs first.
 */
export const MAX_PARTS_READ = 500;
/** Longest header field kept (an address list is cut after a whole address). */
export const MAX_HEADER_FIELD = 16 * 1024;
/** What the header fields kept may count for, as the splitter counts (at least 64 bytes a line). */
const MAX_HEADER_COST = 768 * 1024;
const LINE_MIN_COST = 64;

/** The fields the app reads (sender, threading, loop detection, structure): kept before any other. */
const NEEDED = new Set([
    'from',
    'sender',
    'reply-to',
    'to',
    'cc',
    'subject',
    'date',
    'message-id',
    'in-reply-to',
    'references',
    'mime-version',
    'content-type',
    'content-transfer-encoding',
    'content-disposition',
    'auto-submitted',
    'x-autoreply',
    'x-autorespond',
    'x-auto-response-suppress',
    'precedence',
    'return-path',
]);
const ADDRESS_LISTS = new Set(['from', 'sender', 'reply-to', 'to', 'cc', 'bcc']);

export interface ReducedMail {
    /** The mail within the parser's limits. */
    raw: Buffer;
    /** Its header block alone (ending with the empty line), for when even the reduced mail cannot be read. */
    header: Buffer;
    /** What was left out, for the agents. */
    notes: string[];
}

/** A header field's lines (folded ones included), as raw text. */
function headerFields(header: string): string[] {
    const fields: string[] = [];
    for (const line of header.split(/(?<=\n)/)) {
        if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += line;
        else if (line.trim()) fields.push(line);
    }
    return fields;
}

function cost(field: string): number {
    return field.split('\n').reduce((total, line) => total + Math.max(LINE_MIN_COST, line.length + 1), 0);
}

/** A field cut to MAX_HEADER_FIELD: an address list after its last whole address, anything else after a blank. */
function cutField(field: string, name: string): string {
    const head = field.slice(0, MAX_HEADER_FIELD);
    const at = ADDRESS_LISTS.has(name) ? head.lastIndexOf(',') : Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'));
    return `${(at > head.indexOf(':') ? head.slice(0, at) : head).trimEnd()}\r\n`;
}

/** The header block within the parser's limits: needed fields first (each once, cut to size), then others while they fit. */
function reducedHeader(header: string, notes: string[]): string {
    const fields = headerFields(header).map((field) => ({
        field,
        name: field
            .slice(0, Math.max(0, field.indexOf(':')))
            .trim()
            .toLowerCase(),
    }));
    const kept = new Set<number>();
    const seen = new Set<string>();
    let total = 0;
    let cut = false;
    const keep = (index: number, field: string) => {
        fields[index].field = field;
        kept.add(index);
        total += cost(field);
    };
    fields.forEach(({ field, name }, index) => {
        if (!NEEDED.has(name) || seen.has(name)) return;
        seen.add(name);
        const fitting = field.length > MAX_HEADER_FIELD ? cutField(field, name) : field;
        cut ||= fitting !== field;
        keep(index, fitting);
    });
    fields.forEach(({ field }, index) => {
        if (kept.has(index)) return;
        if (field.length <= MAX_HEADER_FIELD && total + cost(field) <= MAX_HEADER_COST) keep(index, field);
        else cut = true;
    });
    if (cut) notes.push('its headers are too large to read whole: some were cut or left out');
    return fields
        .filter((_, index) => kept.has(index))
        .map(({ field }) => field)
        .join('');
}

/** Where the body holds its (MAX_PARTS_READ + 1)th boundary line, or -1: the parts before it are read. */
function partsCutAt(body: Buffer): number {
    let parts = 0;
    for (let index = body.indexOf('--'); index >= 0; index = body.indexOf('\n--', index + 1)) {
        const lineStart = body[index] === 0x0a ? index + 1 : index;
        if (lineStart !== 0 && body[lineStart - 1] !== 0x0a) continue;
        if (++parts > MAX_PARTS_READ) return lineStart;
    }
    return -1;
}

/**
 * The mail within mailparser's limits: its header block reduced (see reducedHeader), its body cut
 * before the boundary line that starts part MAX_PARTS_READ + 1 (lines starting with `--` are
 * counted: a few that are not boundaries only cut earlier).
 */
export function reduceToParserLimits(raw: Buffer): ReducedMail {
    const notes: string[] = [];
    const { headerEnd, bodyStart } = splitHeaderBlock(raw);
    const header = Buffer.from(reducedHeader(raw.subarray(0, headerEnd).toString('latin1'), notes), 'latin1');
    const body = raw.subarray(bodyStart);
    const cutAt = partsCutAt(body);
    if (cutAt >= 0) notes.push(`it has more than ${MAX_PARTS_READ} parts: only the first ${MAX_PARTS_READ} were read`);
    const separator = Buffer.from('\r\n');
    return {
        raw: Buffer.concat([header, separator, cutAt >= 0 ? body.subarray(0, cutAt) : body]),
        header: Buffer.concat([header, separator]),
        notes,
    };
}
