/** Targets a link in mail may keep: the web and mail. Everything else (script, data, files...) loses its target. */
const SAFE_TARGET = /^(https?:\/\/|mailto:)/i;
/** Link text that shows an address: a link behind it must show where it really goes. */
const LOOKS_LIKE_ADDRESS = /^(https?:\/\/|www\.|mailto:)|^[^\s@]+@[^\s@]+\.[^\s@]+$/i;

/** The index just after the bracket that closes the one at `open` (nesting counted), or -1. */
function closing(text: string, open: number, openChar: string, closeChar: string): number {
    let depth = 0;
    for (let index = open; index < text.length; index++) {
        if (text[index] === '\\') {
            index++;
            continue;
        }
        if (text[index] === openChar) depth++;
        else if (text[index] === closeChar && --depth === 0) return index + 1;
        else if (text[index] === '\n' && openChar === '(') return -1;
    }
    return -1;
}

/**
 * Markdown links in a mail's text, made honest: a link keeps its target only when that is a
 * web or mail address (whatever brackets its text holds, whatever parentheses its target nests,
 * whatever the letter case or blanks of its scheme); a link whose text shows one address and
 * whose target is another shows both, as the HTML path does. Text outside links is untouched.
 */
export function defuseLinks(text: string): string {
    let result = '';
    let at = 0;
    for (let open = text.indexOf('[', at); open >= 0; open = text.indexOf('[', at)) {
        const textEnd = closing(text, open, '[', ']');
        if (textEnd < 0 || text[textEnd] !== '(') {
            result += text.slice(at, open + 1);
            at = open + 1;
            continue;
        }
        const targetEnd = closing(text, textEnd, '(', ')');
        if (targetEnd < 0) {
            result += text.slice(at, open + 1);
            at = open + 1;
            continue;
        }
        const label = text.slice(open + 1, textEnd - 1);
        // Blanks and control characters inside a scheme ("java\tscript:") do not make it safe.
        // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
        const target = text.slice(textEnd + 1, targetEnd - 1).replace(/[\s\u0000-\u001f]+/g, '');
        result += text.slice(at, open) + honest(defuseLinks(label), target);
        at = targetEnd;
    }
    return result + text.slice(at);
}

function honest(label: string, target: string): string {
    if (!SAFE_TARGET.test(target)) return label;
    const shown = label.trim();
    const bare = target.replace(/^mailto:/i, '');
    if (LOOKS_LIKE_ADDRESS.test(shown) && shown !== target && shown !== bare) return `${shown} (${bare})`;
    return `[${label}](${target})`;
}
