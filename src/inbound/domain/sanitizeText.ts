/* eslint-disable no-control-regex -- matching control characters is the point of this file */
/** Terminal colour and cursor sequences (ESC [ ... letter), as pasted from consoles. */
const ANSI_SEQUENCE = /\u001b\[[0-9;]*[A-Za-z]/g;
/** C0 controls and DEL, except tab and line feed. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Control characters (NUL, escape sequences, backspaces...) from a mail: invisible or harmful
 * in a chat message, never meaningful. Tabs and line breaks stay; CRLF becomes LF.
 */
export function sanitizeText(text: string): string {
    return text.replace(/\r\n?/g, '\n').replace(ANSI_SEQUENCE, '').replace(CONTROL, '');
}
