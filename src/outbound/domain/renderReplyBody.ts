import { parse } from '@rocket.chat/message-parser';
import type { Root, Types } from '@rocket.chat/message-parser';
import { get as emojiByName } from 'node-emoji';

/** The two parts of an email written from an agent's Rocket.Chat message. */
export interface ReplyBody {
    text: string;
    html: string;
}

/** Any node of Rocket.Chat's message AST. */
type MarkdownNode = Types[keyof Types];

/** Rocket.Chat (JoyPixels) short codes that the emoji library spells differently. */
const EMOJI_ALIASES: Record<string, string> = { thumbsup: '+1', thumbup: '+1', thumbsdown: '-1', thumbdown: '-1', slight_smile: 'slightly_smiling_face' };

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/**
 * The agent's message as the customer should read it, in both parts of the email. Parsed with
 * Rocket.Chat's own message parser, so what the agent saw in the room (single-asterisk bold,
 * lists, code, links, mentions, emoji short codes) is what the customer gets: readable text in
 * text/plain and the same formatting in HTML. Links are kept only for web, mail and phone
 * schemes; Rocket.Chat's invisible quote links (`[ ](…?msg=…)`) are dropped.
 */
export function renderReplyBody(markdown: string): ReplyBody {
    const { text, content } = renderReplyContent(markdown);
    return { text, html: wrapHtml(content) };
}

/** The text part and the HTML content (without the document around it: wrapHtml), for adding blocks under it. */
export function renderReplyContent(markdown: string): { text: string; content: string } {
    let root: Root;
    try {
        root = parse(markdown, { emoticons: true, colors: false });
    } catch {
        // The parser accepts anything Rocket.Chat shows; should it ever throw, send the words as typed.
        return { text: markdown, content: `<p style="margin:0">${escapeHtml(markdown).replace(/\n/g, '<br>')}</p>` };
    }
    const blocks = root as MarkdownNode[];
    return {
        text:
            textOfBlocks(blocks)
                .replace(/\n{3,}/g, '\n\n')
                .trim() + '\n',
        content: blocks.map(htmlOf).join('\n'),
    };
}

/** The HTML document of a reply around its content. */
export function wrapHtml(content: string): string {
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' +
        `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2329">${content}</div>` +
        '</body></html>'
    );
}

export function escapeHtml(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function emojiText(node: Types['EMOJI']): string {
    if (node.value === undefined) return node.unicode;
    const name = node.shortCode;
    return emojiByName(EMOJI_ALIASES[name] ?? name) ?? `:${name}:`;
}

function timestampText(node: Types['TIMESTAMP']): string {
    const date = new Date(Number(node.value.timestamp) * 1000);
    if (Number.isNaN(date.getTime())) return node.value.timestamp;
    return node.value.format === 't' || node.value.format === 'T' ? date.toISOString().slice(11, 16) + ' UTC' : date.toUTCString();
}

function isQuoteLink(node: Types['LINK']): boolean {
    const labels = Array.isArray(node.value.label) ? node.value.label : [node.value.label];
    return labels.every((label) => label.type === 'PLAIN_TEXT' && label.value.trim() === '') && /[?&]msg=/.test(node.value.src.value);
}

function children(node: MarkdownNode): MarkdownNode[] {
    const value: unknown = node.value;
    if (Array.isArray(value)) return value as MarkdownNode[];
    return value && typeof value === 'object' && 'type' in value ? [value as MarkdownNode] : [];
}

function htmlOf(node: MarkdownNode): string {
    const inner = () => children(node).map(htmlOf).join('');
    switch (node.type) {
        case 'PLAIN_TEXT':
            return escapeHtml(node.value);
        case 'PARAGRAPH':
            return `<p style="margin:0">${inner()}</p>`;
        case 'LINE_BREAK':
            return '<br>';
        case 'BOLD':
            return `<strong>${inner()}</strong>`;
        case 'ITALIC':
            return `<em>${inner()}</em>`;
        case 'STRIKE':
            return `<del>${inner()}</del>`;
        case 'SPOILER':
        case 'SPOILER_BLOCK':
            // Mail cannot hide text until clicked: show it.
            return inner();
        case 'INLINE_CODE':
            return `<code style="background:#f2f3f5;padding:0 3px;border-radius:3px">${escapeHtml(node.value.value)}</code>`;
        case 'CODE':
            return `<pre style="background:#f2f3f5;padding:8px;border-radius:4px;white-space:pre-wrap"><code>${node.value.map((line) => escapeHtml(line.value.value)).join('\n')}</code></pre>`;
        case 'CODE_LINE':
            return escapeHtml(node.value.value);
        case 'HEADING':
            return `<h${node.level}>${inner()}</h${node.level}>`;
        case 'QUOTE':
            return `<blockquote style="margin:0 0 0 4px;padding-left:8px;border-left:3px solid #cbced1;color:#6c727a">${inner()}</blockquote>`;
        case 'LINK': {
            if (isQuoteLink(node)) return '';
            const labels = Array.isArray(node.value.label) ? node.value.label : [node.value.label];
            const label = labels.map((label) => htmlOf(label)).join('');
            const href = node.value.src.value;
            return SAFE_LINK.test(href) ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
        }
        case 'IMAGE': {
            const src = node.value.src.value;
            const label = htmlOf(node.value.label) || escapeHtml(src);
            return SAFE_LINK.test(src) ? `<a href="${escapeHtml(src)}">${label}</a>` : label;
        }
        case 'MENTION_USER':
            return `<strong>@${escapeHtml(node.value.value)}</strong>`;
        case 'MENTION_CHANNEL':
            return `#${escapeHtml(node.value.value)}`;
        case 'EMOJI':
            return escapeHtml(emojiText(node));
        case 'BIG_EMOJI':
            return `<p style="margin:0;font-size:28px">${node.value.map((emoji) => escapeHtml(emojiText(emoji))).join('')}</p>`;
        case 'UNORDERED_LIST':
            return `<ul>${inner()}</ul>`;
        case 'ORDERED_LIST':
            return `<ol start="${node.value[0]?.number ?? 1}">${inner()}</ol>`;
        case 'LIST_ITEM':
            return `<li>${inner()}</li>`;
        case 'TASKS':
            return `<ul style="list-style:none;padding-left:8px">${inner()}</ul>`;
        case 'TASK':
            return `<li>${node.status ? '☑' : '☐'} ${inner()}</li>`;
        case 'TABLE': {
            const cell = (tag: 'th' | 'td') => (value: Types['TABLE_CELL']) =>
                `<${tag} style="border:1px solid #cbced1;padding:4px 8px">${value.value.map((part) => htmlOf(part)).join('')}</${tag}>`;
            const header = `<tr>${node.value.header.map(cell('th')).join('')}</tr>`;
            const rows = node.value.rows.map((row) => `<tr>${row.value.map(cell('td')).join('')}</tr>`).join('');
            return `<table style="border-collapse:collapse">${header}${rows}</table>`;
        }
        case 'TABLE_ROW':
        case 'TABLE_CELL':
            return inner();
        case 'HORIZONTAL_RULE':
            return '<hr>';
        case 'KATEX':
        case 'INLINE_KATEX':
            return `<code>${escapeHtml(node.value)}</code>`;
        case 'TIMESTAMP':
            return escapeHtml(timestampText(node));
        case 'COLOR': {
            const { r, g, b } = node.value;
            return `#${[r, g, b].map((part) => part.toString(16).padStart(2, '0')).join('')}`;
        }
    }
}

function textOfBlocks(blocks: MarkdownNode[]): string {
    return blocks.map((block) => textOf(block)).join('');
}

function textOf(node: MarkdownNode): string {
    const inner = () => children(node).map(textOf).join('');
    switch (node.type) {
        case 'PLAIN_TEXT':
            return node.value;
        case 'PARAGRAPH':
        case 'HEADING':
            return `${inner()}\n`;
        case 'LINE_BREAK':
            return '\n';
        case 'BOLD':
            return `*${inner()}*`;
        case 'ITALIC':
            return `_${inner()}_`;
        case 'STRIKE':
        case 'SPOILER':
        case 'TABLE_ROW':
        case 'TABLE_CELL':
            return inner();
        case 'SPOILER_BLOCK':
            return textOfBlocks(node.value);
        case 'INLINE_CODE':
            return node.value.value;
        case 'CODE':
            return `${node.value.map((line) => `    ${line.value.value}`).join('\n')}\n`;
        case 'CODE_LINE':
            return node.value.value;
        case 'QUOTE':
            return textOfBlocks(node.value)
                .replace(/\n$/, '')
                .split('\n')
                .map((line) => `> ${line}`)
                .join('\n')
                .concat('\n');
        case 'LINK': {
            if (isQuoteLink(node)) return '';
            const labels = Array.isArray(node.value.label) ? node.value.label : [node.value.label];
            const label = labels.map((label) => textOf(label)).join('');
            const href = node.value.src.value;
            return label && label !== href ? `${label} (${href})` : href;
        }
        case 'IMAGE': {
            const label = textOf(node.value.label);
            return label ? `${label} (${node.value.src.value})` : node.value.src.value;
        }
        case 'MENTION_USER':
            return `@${node.value.value}`;
        case 'MENTION_CHANNEL':
            return `#${node.value.value}`;
        case 'EMOJI':
            return emojiText(node);
        case 'BIG_EMOJI':
            return `${node.value.map(emojiText).join('')}\n`;
        case 'UNORDERED_LIST':
            return node.value.map((item) => `- ${textOf(item)}\n`).join('');
        case 'ORDERED_LIST':
            return node.value.map((item, index) => `${item.number ?? index + 1}. ${textOf(item)}\n`).join('');
        case 'LIST_ITEM':
            return inner();
        case 'TASKS':
            return node.value.map((task) => `[${task.status ? 'x' : ' '}] ${textOf(task)}\n`).join('');
        case 'TASK':
            return inner();
        case 'TABLE': {
            const row = (cells: Array<Types['TABLE_CELL']>) => cells.map((cell) => cell.value.map((part) => textOf(part)).join('')).join(' | ');
            return [row(node.value.header), ...node.value.rows.map((tableRow) => row(tableRow.value))].join('\n') + '\n';
        }
        case 'HORIZONTAL_RULE':
            return '----\n';
        case 'KATEX':
        case 'INLINE_KATEX':
            return node.value;
        case 'TIMESTAMP':
            return timestampText(node);
        case 'COLOR': {
            const { r, g, b } = node.value;
            return `#${[r, g, b].map((part) => part.toString(16).padStart(2, '0')).join('')}`;
        }
    }
}
