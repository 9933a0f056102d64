/* eslint-disable no-control-regex -- matching control characters is the point of this file */
/** Terminal colour and cursor sequences (ESC [ ... letter), as pasted from consoles. */
const ANSI_SEQUENCE = /\u001b\[[0-9;]*[A-Za-z]/g;
/** C0 controls and DEL, except tab and line feed. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/**
 * Bidirectional embeddings, overrides and isolates: they reorder what follows them, so that
 * "invoice\u202Efdp.exe" shows as "invoiceexe.pdf". Right-to-left text needs none of them.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Control characters (NUL, escape sequences, backspaces, direction overrides...) from a mail:
 * invisible or deceptive in a chat message, a name or a file name, never meaningful. Tabs and
 * line breaks stay; CRLF becomes LF.
 */
export function sanitizeText(text: string): string {
    return text.replace(/\r\n?/g, '\n').replace(ANSI_SEQUENCE, '').replace(CONTROL, '').replace(BIDI_CONTROL, '');
}

/** A name (a sender's, a file's) on one line, without what sanitizeText removes. */
export function sanitizeName(name: string): string {
    return sanitizeText(name)
        .replace(/[\n\t]+/g, ' ')
        .trim();
}

/** A mail address as the app uses it (visitor, replies, lists): lower case, without blanks or what sanitizeText removes. */
export function sanitizeAddress(address: string): string {
    return sanitizeText(address).replace(/\s+/g, '').toLowerCase();
}
