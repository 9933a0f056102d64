/**
 * Repairs what old or careless mailers write and MIME parsers then mangle: raw 8-bit bytes
 * that are not UTF-8 where no charset says what they are. Headers must be ASCII (RFC 5322);
 * 8-bit header bytes that are not valid UTF-8 are, in practice, Windows-1252 (Latin-1 with
 * typographic quotes and €). The same holds for the body of a single-part text mail that
 * declares no charset. Other bodies are left alone: multipart ones carry their own charsets,
 * and any may hold binary data.
 */

/** Windows-1252's characters for the bytes 0x80–0x9F (where it differs from Latin-1); 0 = unused. */
const WINDOWS_1252_HIGH = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Latin-1 decoding (one character per byte, in native code), then the 0x80–0x9F range remapped: linear, also for a 64 MB body. */
export function decodeWindows1252(bytes: Uint8Array): string {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        .toString('latin1')
        .replace(/[\x80-\x9f]/g, (char) => String.fromCharCode(WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] || char.charCodeAt(0)));
}

function isAscii(bytes: Uint8Array): boolean {
    return bytes.every((byte) => byte < 0x80);
}

function isUtf8(bytes: Uint8Array): boolean {
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return true;
    } catch {
        return false;
    }
}

/** Windows-1252 bytes as UTF-8, when they are not UTF-8 already. */
function asUtf8(bytes: Uint8Array): Uint8Array {
    return isAscii(bytes) || isUtf8(bytes) ? bytes : Buffer.from(decodeWindows1252(bytes), 'utf8');
}

/** Where the header block ends (the empty line), and where the body starts. */
export function splitHeaderBlock(raw: Buffer): { headerEnd: number; bodyStart: number } {
    const crlf = raw.indexOf('\r\n\r\n');
    const lf = raw.indexOf('\n\n');
    if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf + 2, bodyStart: crlf + 4 };
    if (lf >= 0) return { headerEnd: lf + 1, bodyStart: lf + 2 };
    return { headerEnd: raw.length, bodyStart: raw.length };
}

/** The message with such bytes as UTF-8 (declared so); the same buffer when there was nothing to repair. */
export function repairRawMessage(raw: Buffer): Buffer {
    const { headerEnd, bodyStart } = splitHeaderBlock(raw);
    const header = raw.subarray(0, headerEnd);
    const separator = raw.subarray(headerEnd, bodyStart);
    const body = raw.subarray(bodyStart);
    const fixedHeader = asUtf8(header);
    const headerText = Buffer.from(fixedHeader).toString('utf8');
    const contentType = /^content-type:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(headerText)?.[1] ?? '';
    const textWithoutCharset = (!contentType.trim() || /^\s*text\//i.test(contentType)) && !/charset\s*=/i.test(contentType);
    const fixedBody = textWithoutCharset ? asUtf8(body) : body;
    if (fixedBody !== body) {
        // Say so in the headers too, or the parser would read the UTF-8 we wrote as ASCII.
        const declared = contentType
            ? headerText.replace(/^(content-type:[ \t]*)([^\r\n;]*)/im, (_, name: string, type: string) => `${name}${type}; charset=utf-8`)
            : `${headerText.replace(/\r?\n$/, '')}\r\nContent-Type: text/plain; charset=utf-8\r\n`;
        return Buffer.concat([Buffer.from(declared, 'utf8'), separator, fixedBody]);
    }
    return fixedHeader === header ? raw : Buffer.concat([fixedHeader, separator, body]);
}
