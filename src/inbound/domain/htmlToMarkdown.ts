import { convert } from 'html-to-text';
import type { FormatCallback, HtmlToTextOptions } from 'html-to-text';

/** Longest text kept from an HTML-only mail; the rest is cut with a note (the mail stays on the server). */
export const MAX_CONVERTED_LENGTH = 20_000;

const SAFE_LINK = /^(https?:|mailto:)/i;
const LOOKS_LIKE_ADDRESS = /^(https?:\/\/|www\.|mailto:)|^[^\s@]+@[^\s@]+\.[^\s@]+$/i;

type Elem = Parameters<FormatCallback>[0];

function attribute(elem: Elem, name: string): string {
    return String((elem.attribs as Record<string, string | undefined> | undefined)?.[name] ?? '').trim();
}

function textOf(elem: Elem): string {
    const children = (elem.children ?? []) as Elem[];
    return children.map((child) => (child.type === 'text' ? String((child as unknown as { data: string }).data) : textOf(child))).join('');
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
    } else if (LOOKS_LIKE_ADDRESS.test(text)) {
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

/**
 * An HTML-only email as readable Rocket.Chat markdown: paragraphs, lists, quotes, emphasis
 * and safe links kept; scripts, styles and images (tracking pixels) dropped.
 */
export function htmlToMarkdown(html: string, truncatedNote = '…'): string {
    const text = convert(html, OPTIONS)
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    return text.length > MAX_CONVERTED_LENGTH ? `${text.slice(0, MAX_CONVERTED_LENGTH)}\n${truncatedNote}` : text;
}
