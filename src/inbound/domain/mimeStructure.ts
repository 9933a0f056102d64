import { splitHeaderBlock } from './repairRawMessage';

/** The top-level multipart boundary, if the mail declares one. */
function topLevelBoundary(contentType: string): string | undefined {
    if (!/^\s*multipart\//i.test(contentType)) return undefined;
    return /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType)?.slice(1).find(Boolean);
}

/**
 * Structural damage that MIME parsers recover from silently, described for the agents: a
 * multipart mail without a boundary, or one that ends before its closing boundary (cut off in
 * transfer: its last part, often an attachment, is then incomplete).
 */
export function describeBrokenStructure(raw: Buffer, contentType: string): string[] {
    if (!/^\s*multipart\//i.test(contentType)) return [];
    const boundary = topLevelBoundary(contentType);
    if (!boundary) return ['multipart mail without a boundary'];
    const body = raw.subarray(splitHeaderBlock(raw).bodyStart);
    if (body.indexOf(`--${boundary}`) < 0) return ['multipart mail without any of its parts'];
    if (body.indexOf(`--${boundary}--`) < 0) return ['the mail ends before its last part is complete (cut off in transfer?)'];
    return [];
}

/** The text after the headers, for a mail whose parts could not be found at all. */
export function rawBodyText(raw: Buffer): string {
    return raw.subarray(splitHeaderBlock(raw).bodyStart).toString('utf8').trim();
}
