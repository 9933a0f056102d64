import { formatSize } from '../../i18n/formatSize';
import type { InboundEmail } from '../../mail/domain/InboundEmail';
import { neutralizeMentions } from '../../mail/domain/neutralizeMentions';
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

function shorten(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** At most MAX_LISTED items, then how many more. */
function shortList(items: string[]): string {
    return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} … (+${items.length - MAX_LISTED})`;
}

/** Cuts text to at most `max` characters at a line end or, failing that, a space. */
function cutAt(text: string, max: number): string {
    const head = text.slice(0, max);
    const lineEnd = head.lastIndexOf('\n');
    if (lineEnd > max * 0.6) return head.slice(0, lineEnd).trimEnd();
    const space = head.lastIndexOf(' ');
    return (space > max * 0.6 ? head.slice(0, space) : head).trimEnd();
}

/**
 * The room message for one email: the subject on a conversation's first message, who else
 * was in CC, the text (quoted history hidden when asked), what could not be read and which
 * files were too large. Every part from the mail is neutralised: it is content, not commands.
 * A mail longer than a chat message is cut at a line end, saying so, and its full text kept.
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
    },
): FormattedInbound {
    const { labels } = options;
    const parts: string[] = [];
    if (options.writtenBy) parts.push(labels.writtenBy(neutralizeMentions(options.writtenBy)));
    if (options.continuesRoomId) parts.push(labels.continues(options.continuesRoomId));
    if (options.firstInRoom && email.subject.trim()) parts.push(`*${neutralizeMentions(shorten(email.subject.trim(), MAX_SUBJECT_SHOWN))}*`);
    if (email.date && options.now.getTime() - email.date.getTime() > LATE_MAIL_MS) {
        parts.push(labels.sentAt(`${email.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
    }
    if (email.cc.length > 0) {
        const copied = email.cc.map((entry) => neutralizeMentions(entry.name ? `${entry.name} <${entry.address}>` : entry.address));
        parts.push(`${labels.cc} ${shortList(copied)}`);
    }
    const body = (email.text ?? '').trim();
    const { visible, trimmed } = options.stripQuoted && body ? trimQuotedReply(body) : { visible: body, trimmed: undefined };
    const after: string[] = [];
    if (email.partlyRead) after.push(labels.partlyRead((email.partlyRead.size / 1_048_576).toFixed(1)));
    if (email.parseWarnings.length > 0) after.push(labels.unreadable(email.parseWarnings.join('; ')));
    for (const file of options.skipped.slice(0, MAX_LISTED))
        after.push(labels.skippedFile(neutralizeMentions(file.filename), formatSize(file.size), formatSize(options.limitBytes)));
    const unlisted = [...options.skipped.slice(MAX_LISTED), ...(options.overCount ?? [])];
    if (unlisted.length > 0) after.push(labels.overCount(unlisted.length, shortList(unlisted.map((file) => neutralizeMentions(file.filename)))));
    let text = visible ? neutralizeMentions(visible) : labels.noText;
    const around = [...parts, ...after].reduce((length, part) => length + part.length + 2, 0);
    const room = Math.max(MIN_MESSAGE_LENGTH, options.maxLength) - around;
    const tooLong = text.length > room;
    if (tooLong) text = `${cutAt(text, Math.max(0, room - labels.truncated.length - 2))}\n\n${labels.truncated}`;
    return { text: [...parts, text, ...after].join('\n\n'), fullTextAsFile: Boolean(trimmed) || tooLong };
}
