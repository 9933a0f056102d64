import { shorten } from './shorten';

/** File extensions for the types that arrive unnamed (calendar parts, inline images, forwarded mail). */
const EXTENSIONS: Record<string, string> = {
    'text/calendar': 'ics',
    'application/ics': 'ics',
    'text/plain': 'txt',
    'text/html': 'html',
    'text/csv': 'csv',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'image/heic': 'heic',
    'application/pdf': 'pdf',
    'application/zip': 'zip',
    'message/rfc822': 'eml',
    'message/delivery-status': 'txt',
    'text/rfc822-headers': 'txt',
};

/** Parts that only prove who signed the mail: noise in a chat room. */
const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);

export function isSignaturePart(contentType: string): boolean {
    return SIGNATURE_TYPES.has(contentType.toLowerCase());
}

/** Longest file name kept (file systems take 255 bytes); a longer one is cut before its extension. */
export const MAX_FILE_NAME_LENGTH = 150;

/** A name cut to MAX_FILE_NAME_LENGTH with "…", keeping its extension (up to 16 characters) so that the file still opens. */
function shortened(name: string): string {
    if (name.length <= MAX_FILE_NAME_LENGTH) return name;
    const extension = /\.[^.\s]{1,16}$/.exec(name)?.[0] ?? '';
    return shorten(name, MAX_FILE_NAME_LENGTH, extension);
}

/** The name to upload a part under: its own (cut when overlong), else "attachment-<hash>" with the extension its type implies. */
export function attachmentName(filename: string | undefined, contentType: string, checksum: string): string {
    const own = filename?.trim();
    if (own) return shortened(own);
    const extension = EXTENSIONS[contentType.toLowerCase()];
    return `attachment-${checksum.slice(0, 8)}${extension ? `.${extension}` : ''}`;
}
