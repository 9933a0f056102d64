import { parse } from '@rocket.chat/message-parser';

/**
 * What Rocket.Chat makes of a message's text, read the way it reads it: its message parser
 * (the `md` that clients render: links, images, mentions) and the server's mention pattern
 * (apps/meteor/app/mentions/lib/MentionsParser.ts with the default UTF8_User_Names_Validation),
 * which decides who is notified. Tests ask it what an agent would see and what would act.
 */
export interface RoomMarkup {
    links: Array<{ src: string; label: string }>;
    images: string[];
    /** Users (and `all`/`here`) the parser shows as mentions. */
    mentions: string[];
    /** Names the server would notify. */
    notified: string[];
}

interface Node {
    type?: string;
    value?: unknown;
    label?: unknown;
    src?: unknown;
}

function plainText(value: unknown): string {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(plainText).join('');
    if (value && typeof value === 'object') {
        const node = value as Node;
        if (node.type === 'PLAIN_TEXT') return String(node.value);
        return plainText(node.value);
    }
    return '';
}

const SERVER_MENTION = /(^|\s|>)@([0-9a-zA-Z-_.]+(@([0-9a-zA-Z-_.]+))?(:([0-9a-zA-Z-_.]+))?)/gm;

export function roomMarkup(text: string): RoomMarkup {
    const markup: RoomMarkup = { links: [], images: [], mentions: [], notified: [] };
    const visit = (value: unknown): void => {
        if (Array.isArray(value)) {
            value.forEach(visit);
            return;
        }
        if (!value || typeof value !== 'object') return;
        const node = value as Node;
        if (node.type === 'LINK') {
            const link = node.value as { src: unknown; label: unknown };
            markup.links.push({ src: plainText(link.src), label: plainText(link.label) });
        }
        if (node.type === 'IMAGE') markup.images.push(plainText((node.value as { src: unknown }).src));
        if (node.type === 'MENTION_USER') markup.mentions.push(plainText(node.value));
        visit(node.value);
    };
    // Rocket.Chat keeps a message its parser cannot read without `md`: clients then show its plain text.
    let root: unknown;
    try {
        root = parse(text, { emoticons: true });
    } catch {
        root = [];
    }
    visit(root);
    for (const match of text.matchAll(SERVER_MENTION)) markup.notified.push(match[2]);
    return markup;
}

/** Schemes a click must never run, however the parser came to link them. */
const SCRIPT_SCHEME = /^[\s\u200D]*(javascript|vbscript|data|file|blob)[\s\u200D]*:/i;

/**
 * Where a link may lead from a mail: the web and mail (a bare `bank.example` is linked as
 * `//bank.example`). Rocket.Chat links some text by itself (a phone number as `tel:`, an
 * `a.b:c` run as what it reads): such a link shows exactly where it goes, and is safe unless its
 * scheme runs something.
 */
export function isSafeLink(link: { src: string; label: string }): boolean {
    if (SCRIPT_SCHEME.test(link.src)) return false;
    if (/^tel:/i.test(link.src)) return link.label.replace(/\D/g, '') === link.src.replace(/\D/g, '');
    if (link.label.replace(/\u200D/g, '') === link.src.replace(/\u200D/g, '')) return true;
    return /^(https?:\/\/|mailto:|\/\/)/i.test(link.src) || !/^[a-z0-9+.-]*:/i.test(link.src);
}

/**
 * A link whose text reads as an address (`https://bank.example`, `www.bank.example`,
 * `ceo@bank.example`, `bank.example`) must lead there, and nowhere else.
 */
export function isDeceptiveLink(link: { src: string; label: string }): boolean {
    const norm = (value: string) =>
        value
            .replace(/\u200D/g, '')
            .replace(/^(mailto:|\/\/)/i, '')
            .replace(/\/$/, '')
            .toLowerCase();
    if (norm(link.label) === norm(link.src)) return false;
    const shown = link.label.replace(/\u200D/g, '').replace(/^[\s*_~`]+|[\s*_~`]+$/g, '');
    if (!/(https?:\/\/|www\.|mailto:)\S|\S@\S+\.\S|(^|[^\w@.-])[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/i.test(shown)) return false;
    return norm(shown) !== norm(link.src);
}

// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * What must never reach an agent from a mail, in one message's text: a link to anything but the
 * web and mail, a link pretending to go elsewhere, an image (a tracking pixel), a mention of
 * anyone, a line that starts like a slash command, a direction override or a control character.
 * Returns what is wrong, in words (empty when nothing is).
 */
export function markupProblems(text: string): string[] {
    const problems: string[] = [];
    const markup = roomMarkup(text);
    for (const link of markup.links) {
        if (!isSafeLink(link)) problems.push(`a link to ${JSON.stringify(link.src)} (shown as ${JSON.stringify(link.label)})`);
        else if (isDeceptiveLink(link)) problems.push(`a deceptive link: ${JSON.stringify(link.label)} goes to ${JSON.stringify(link.src)}`);
    }
    for (const image of markup.images) problems.push(`an image from ${JSON.stringify(image)}`);
    // A mail address's domain may show as one where a phone number precedes it (`+123@example.com`): no one is called so.
    for (const mention of markup.mentions) if (/^(all|here)$/i.test(mention) || !/\.\p{L}{2,}\.?$/u.test(mention)) problems.push(`a mention of @${mention}`);
    for (const name of markup.notified) problems.push(`a notification of @${name}`);
    if (/^[ \t]*\//m.test(text)) problems.push('a line that starts like a slash command');
    if (BIDI_CONTROL.test(text)) problems.push('a direction override');
    if (CONTROL.test(text)) problems.push('a control character');
    return problems;
}

/** A name shown to agents (a visitor's, a file's): one line, no direction overrides, no controls. */
export function nameProblems(name: string): string[] {
    const problems: string[] = [];
    if (BIDI_CONTROL.test(name)) problems.push(`a direction override in ${JSON.stringify(name)}`);
    if (CONTROL.test(name) || /[\n\t]/.test(name)) problems.push(`a control character in ${JSON.stringify(name)}`);
    return problems;
}
