import { convert } from 'html-to-text';
import type { FormatCallback, HtmlToTextOptions } from 'html-to-text';

import { showsAnotherAddress } from '../../mail/domain/defuseLinks';

/** Longest text kept from an HTML-only mail; the rest is cut with a note (the mail stays on the server). */
export const MAX_CONVERTED_LENGTH = 20_000;

/**
 * Most HTML converted (after inline `data:` images are left out): well beyond what gives
 * MAX_CONVERTED_LENGTH of text, and what keeps one mail's conversion within a fraction of a
 * second and some tens of MB (30 MB of HTML took 3 s and 400 MB).
 */
export const MAX_HTML_INPUT = 4_000_000;

/**
 * Deepest element nesting converted as a tree. html-to-text walks the tree recursively and
 * overflows the call stack at a few thousand levels (and its parser is quadratic in the depth);
 * real mail stays far below this (browsers flatten nesting past 512). Deeper HTML has its tags
 * stripped instead.
 */
export const MAX_HTML_DEPTH = 256;

/** Longest link text read to decide how a link is shown. */
const MAX_LINK_TEXT = 1_000;

const SAFE_LINK = /^(https?:|mailto:)/i;

type Elem = Parameters<FormatCallback>[0];

function attribute(elem: Elem, name: string): string {
    return String((elem.attribs as Record<string, string | undefined> | undefined)?.[name] ?? '').trim();
}

/** The text inside an element, in order, up to MAX_LINK_TEXT; without recursion, whatever the nesting. */
function textOf(elem: Elem): string {
    let text = '';
    const pending = [...((elem.children ?? []) as Elem[])].reverse();
    while (pending.length > 0 && text.length < MAX_LINK_TEXT) {
        const node = pending.pop() as Elem;
        if (node.type === 'text') text += String((node as unknown as { data: string }).data);
        else for (const child of [...((node.children ?? []) as Elem[])].reverse()) pending.push(child);
    }
    return text.slice(0, MAX_LINK_TEXT);
}

/** Links keep their target only for web and mail links, and show the real target when the text pretends to be another one. */
const link: FormatCallback = (elem, walk, builder) => {
    const href = attribute(elem, 'href');
    const text = textOf(elem).trim();
    if (!SAFE_LINK.test(href)) {
        walk(elem.children, builder);
        return;
    }
    const target = href.replace(/^mailto:/i, '');
    if (!text || text === target || text === href) {
        builder.addInline(target);
    } else if (showsAnotherAddress(text, href)) {
        builder.addInline(`${text} (${target})`);
    } else {
        builder.addInline(`[${text.replace(/[[\]]/g, '')}](${href.replace(/\)/g, '%29')})`);
    }
};

const wrap =
    (mark: string): FormatCallback =>
    (elem, walk, builder) => {
        builder.addInline(mark, { noWordTransform: true });
        walk(elem.children, builder);
        builder.addInline(mark, { noWordTransform: true });
    };

const heading: FormatCallback = (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addInline('*', { noWordTransform: true });
    walk(elem.children, builder);
    builder.addInline('*', { noWordTransform: true });
    builder.closeBlock({ trailingLineBreaks: 2 });
};

/** Images are dropped (tracking pixels included); a described image leaves its description. */
const image: FormatCallback = (elem, _walk, builder) => {
    const alt = attribute(elem, 'alt');
    const tiny =
        ['0', '1'].includes(attribute(elem, 'width')) || ['0', '1'].includes(attribute(elem, 'height')) || /display\s*:\s*none/i.test(attribute(elem, 'style'));
    if (alt && !tiny) builder.addInline(`[${alt}]`);
};

function format(name: string, selectors: string[]): Array<{ selector: string; format: string }> {
    return selectors.map((selector) => ({ selector, format: name }));
}

const OPTIONS: HtmlToTextOptions = {
    wordwrap: false,
    limits: { maxDepth: MAX_HTML_DEPTH, maxInputLength: MAX_HTML_INPUT + 1 },
    formatters: { link, bold: wrap('*'), italic: wrap('_'), heading, image },
    selectors: [
        ...format('link', ['a']),
        ...format('image', ['img']),
        ...format('bold', ['b', 'strong']),
        ...format('italic', ['i', 'em']),
        ...format('heading', ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']),
        ...format('dataTable', ['table']),
        ...format('skip', ['head', 'style', 'script', 'hr']),
        { selector: 'ul', options: { itemPrefix: '- ' } },
    ],
};

/** Void elements never hold content; the ones the parser closes by themselves (p after p) do not nest either. */
const NOT_NESTING = new Set([
    ...['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'],
    ...['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rt', 'rp'],
]);

/** Whether elements nest deeper than `max` (one pass over the tags, as an HTML parser would open and close them). */
export function nestsDeeperThan(html: string, max: number): boolean {
    const open: string[] = [];
    const counts = new Map<string, number>();
    const tag = /<(\/?)([A-Za-z][A-Za-z0-9:_-]*)[^<>]*>/g;
    for (let match = tag.exec(html); match; match = tag.exec(html)) {
        const name = match[2].toLowerCase();
        if (NOT_NESTING.has(name)) continue;
        if (!match[1]) {
            if (match[0].endsWith('/>')) continue;
            open.push(name);
            counts.set(name, (counts.get(name) ?? 0) + 1);
            if (open.length > max) return true;
        } else if (counts.get(name)) {
            // A closing tag closes down to the nearest open element of its name; a stray one is ignored.
            let closed: string | undefined;
            do {
                closed = open.pop() as string;
                counts.set(closed, (counts.get(closed) ?? 1) - 1);
            } while (closed !== name);
        }
    }
    return false;
}

/** Inline `data:` images and files (`src="data:..."`) carry no text and can be megabytes: left out before converting. */
function withoutInlineData(html: string): string {
    const parts: string[] = [];
    let at = 0;
    for (let index = html.indexOf('data:', at); index >= 0; index = html.indexOf('data:', at)) {
        const quote = html[index - 1];
        const end = quote === '"' || quote === "'" ? html.indexOf(quote, index) : -1;
        if (end < 0) {
            parts.push(html.slice(at, index + 5));
            at = index + 5;
            continue;
        }
        parts.push(html.slice(at, index));
        at = end;
    }
    parts.push(html.slice(at));
    return parts.join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of HTML too deeply nested to convert as a tree: tags (and what scripts and styles hold) dropped, in one pass. */
function strippedTags(html: string): string {
    return html
        .replace(/<(script|style)\b[^<>]*>[^<]*/gi, '')
        .replace(/<\/?(p|div|br|li|tr|h[1-6]|blockquote)\b[^<>]*>/gi, '\n')
        .replace(/<[^<>]*>/g, '')
        .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
            if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
            const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
        })
        .replace(/[ \t]+/g, ' ')
        .replace(/ *\n[\n ]*/g, (breaks) => (breaks.split('\n').length > 2 ? '\n\n' : '\n'));
}

/**
 * An HTML-only email as readable Rocket.Chat markdown: paragraphs, lists, quotes, emphasis
 * and safe links kept; scripts, styles and images (tracking pixels) dropped. Bounded whatever
 * the HTML holds: inline data left out, at most MAX_HTML_INPUT characters of HTML read and
 * MAX_CONVERTED_LENGTH of text kept (`truncatedNote` says so), and markup nested too deeply
 * to walk read for its words only.
 */
export function htmlToMarkdown(html: string, truncatedNote = '…'): string {
    const lean = withoutInlineData(html);
    const input = lean.length > MAX_HTML_INPUT ? lean.slice(0, MAX_HTML_INPUT) : lean;
    const converted = nestsDeeperThan(input, MAX_HTML_DEPTH) ? strippedTags(input) : convert(input, OPTIONS);
    const text = converted.replace(/\n{3,}/g, '\n\n').trim();
    if (text.length > MAX_CONVERTED_LENGTH) return `${text.slice(0, MAX_CONVERTED_LENGTH)}\n${truncatedNote}`;
    return input.length < lean.length ? `${text}\n${truncatedNote}` : text;
}
