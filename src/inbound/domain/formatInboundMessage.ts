import { formatSize } from '../../i18n/formatSize';
import type { InboundEmail } from '../../mail/domain/InboundEmail';
import { neutralizeMentions } from '../../mail/domain/neutralizeMentions';
import { shorten } from './shorten';
import { trimQuotedReply } from './trimQuotedReply';

export interface InboundMessageLabels {
    cc: string;
    noText: string;
    continues: (roomId: string) => string;
    unreadable: (warnings: string) => string;
    /** A file over the size limit; sizes already formatted for people. */
    skippedFile: (name: string, size: string, limit: string) => string;
    /** Files beyond the most a mail brings into its room; `names` already shortened. */
    overCount: (count: number, names: string) => string;
    sentAt: (utc: string) => string;
    /** Said where a mail too long for one chat message was cut. */
    truncated: string;
    /** Said of a mail too large to read whole. */
    partlyRead: (sizeMb: string) => string;
    /** Names who wrote a mail that is posted as the customer's (someone they copied). */
    writtenBy: (who: string) => string;
}

/** Mail that reaches the room later than this after it was sent says when it was sent (imports, outages). */
export const LATE_MAIL_MS = 60 * 60_000;

/** Below this a message could hold little more than its labels; admins who set less still get this much. */
export const MIN_MESSAGE_LENGTH = 1_000;

export interface FormattedInbound {
    text: string;
    /** Part of the mail's text is not in `text` (quoted history hidden, or too long): keep the full text as a file. */
    fullTextAsFile: boolean;
}

/** Parts of a mail the message shows in full only up to a point: a hostile mail must not fill the room. */
const MAX_SUBJECT_SHOWN = 300;
const MAX_LISTED = 20;
/** Longest name, address or file name in a list (CC, files); longer ones are cut with "…". */
const MAX_ITEM_SHOWN = 100;
/** Longest "written by" and "could not be read" notes. */
const MAX_NOTE_PART = 500;
/** Share of the message each list may take at most (CC, files too large, files over the count). */
const LIST_SHARE = 1 / 8;
/**
 * Room left at a cut for what neutralizing the cut text again may add (a zero-width joiner after
 * the `@` of an address cut in half): one or two characters, kept well apart from the limit.
 */
const CUT_SLACK = 8;

/** Items from a mail, neutralized and cut, as they are listed: only the first MAX_LISTED are looked at. */
function listed(items: string[]): string[] {
    return items.slice(0, MAX_LISTED).map((item) => neutralizeMentions(shorten(item, MAX_ITEM_SHOWN)));
}

/** The first of `total` items (already `listed`) that fit in `budget` characters (one at least), then how many more. */
function shortList(items: string[], total: number, budget: number): string {
    const shown: string[] = [];
    let length = 0;
    for (const item of items) {
        if (shown.length > 0 && length + item.length + 2 > budget) break;
        shown.push(item);
        length += item.length + 2;
    }
    return shown.length < total ? `${shown.join(', ')} … (+${total - shown.length})` : shown.join(', ');
}

/** Cuts text to at most `max` characters at a line end or, failing that, a space. */
function cutAt(text: string, max: number): string {
    const head = text.slice(0, Math.max(0, max)).replace(/[\uD800-\uDBFF]$/, '');
    const lineEnd = head.lastIndexOf('\n');
    if (lineEnd > max * 0.6) return head.slice(0, lineEnd).trimEnd();
    const space = head.lastIndexOf(' ');
    return (space > max * 0.6 ? head.slice(0, space) : head).trimEnd();
}

/**
 * The room message for one email: a warning when the receiving server doubts its sender, the subject on a conversation's first message, who else
 * was in CC, the text (quoted history hidden when asked), what could not be read and which
 * files were too large. Every part from the mail is neutralised: it is content, not commands.
 * A mail longer than a chat message is cut at a line end, saying so, and its full text kept.
 * The message never exceeds `maxLength` (or MIN_MESSAGE_LENGTH), however long the mail's names,
 * lists and text: lists are cut to a share of it, and only as much text as can be shown is
 * read (a mail's text may be megabytes; the full text goes into the file).
 */
export function formatInboundMessage(
    email: InboundEmail,
    options: {
        firstInRoom: boolean;
        stripQuoted: boolean;
        continuesRoomId?: string;
        skipped: Array<{ filename: string; size: number }>;
        /** Files within the size limit that are beyond the number a mail brings into its room. */
        overCount?: Array<{ filename: string }>;
        /** The largest file that goes into the room, in bytes. */
        limitBytes: number;
        labels: InboundMessageLabels;
        now: Date;
        /** The workspace's longest message (Rocket.Chat's Message_MaxAllowedSize); a longer text is cut and kept as a file. */
        maxLength: number;
        /** Set when someone other than the room's customer wrote the mail: "Name <address>". */
        writtenBy?: string;
        /** Shown first, above everything from the mail: the receiving server doubts who sent it (domain/authenticationResults). */
        warning?: string;
    },
): FormattedInbound {
    const { labels } = options;
    const limit = Math.max(MIN_MESSAGE_LENGTH, options.maxLength);
    const listBudget = Math.floor(limit * LIST_SHARE);
    const parts: string[] = [];
    if (options.warning) parts.push(shorten(options.warning, MAX_NOTE_PART * 2));
    if (options.writtenBy) parts.push(labels.writtenBy(neutralizeMentions(shorten(options.writtenBy, MAX_NOTE_PART))));
    if (options.continuesRoomId) parts.push(labels.continues(options.continuesRoomId));
    if (options.firstInRoom && email.subject.trim()) parts.push(`*${neutralizeMentions(shorten(email.subject.trim(), MAX_SUBJECT_SHOWN))}*`);
    if (email.date && options.now.getTime() - email.date.getTime() > LATE_MAIL_MS) {
        parts.push(labels.sentAt(`${email.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
    }
    if (email.cc.length > 0) {
        const copied = listed(email.cc.slice(0, MAX_LISTED).map((entry) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address)));
        parts.push(`${labels.cc} ${shortList(copied, email.cc.length, listBudget)}`);
    }
    // Only what the message can show is read (four times the message, never less than a long mail): the rest is in the file.
    const readable = Math.max(limit * 4, 100_000);
    const body = (email.text ?? '').slice(0, readable).trim();
    const unread = (email.text ?? '').length > readable;
    const { visible, trimmed } = options.stripQuoted && body ? trimQuotedReply(body) : { visible: body, trimmed: undefined };
    const after: string[] = [];
    if (email.partlyRead) after.push(labels.partlyRead((email.partlyRead.size / 1_048_576).toFixed(1)));
    if (email.parseWarnings.length > 0) after.push(labels.unreadable(neutralizeMentions(shorten(email.parseWarnings.join('; '), MAX_NOTE_PART))));
    let skippedShown = 0;
    let skippedLength = 0;
    for (const file of options.skipped.slice(0, MAX_LISTED)) {
        const [name] = listed([file.filename]);
        const line = labels.skippedFile(name, formatSize(file.size), formatSize(options.limitBytes));
        if (skippedShown > 0 && skippedLength + line.length > listBudget) break;
        after.push(line);
        skippedShown++;
        skippedLength += line.length + 2;
    }
    const unlisted = [...options.skipped.slice(skippedShown, skippedShown + MAX_LISTED), ...(options.overCount ?? []).slice(0, MAX_LISTED)];
    const unlistedCount = options.skipped.length - skippedShown + (options.overCount?.length ?? 0);
    if (unlistedCount > 0) after.push(labels.overCount(unlistedCount, shortList(listed(unlisted.map((file) => file.filename)), unlistedCount, listBudget)));
    // Neutralizing is linear, and bounded by what can be shown: a little more than the room left, as it may shorten the text.
    const around = [...parts, ...after].reduce((length, part) => length + part.length + 2, 0);
    const room = limit - around;
    const shown = visible.slice(0, Math.max(0, room) * 2 + 1_000);
    let text = shown ? neutralizeMentions(shown) : labels.noText;
    const tooLong = unread || shown.length < visible.length || text.length > room;
    if (tooLong) text = `${cutAt(text, room - labels.truncated.length - 2 - CUT_SLACK)}\n\n${labels.truncated}`;
    // Once more as a whole: Rocket.Chat reads links across the parts (a `[` in the subject reaches a link
    // in the text), and a cut can leave half an address whose `@` then reads as a mention.
    let message = neutralizeMentions([...parts, text, ...after].join('\n\n'));
    // Labels and notes alone could still be too long in a workspace with a short message limit: cut the whole, saying so.
    const cutWhole = message.length > limit;
    if (cutWhole) message = neutralizeMentions(`${cutAt(message, limit - labels.truncated.length - 2 - CUT_SLACK)}\n\n${labels.truncated}`);
    // Never reached in the fuzzer's runs; what makes a message over the limit certain not to be posted.
    const bounded = message.length > limit ? message.slice(0, limit).replace(/[\uD800-\uDBFF]$/, '') : message;
    return { text: bounded, fullTextAsFile: Boolean(trimmed) || tooLong || cutWhole };
}
