import type { InboundEmail } from '../../inbound/domain/InboundEmail';
import { neutralizeMentions } from '../../inbound/domain/neutralizeMentions';
import { trimQuotedReply } from '../../inbound/domain/trimQuotedReply';

export interface InboundMessageLabels {
    cc: string;
    noText: string;
    continues: (roomId: string) => string;
    unreadable: (warnings: string) => string;
    skippedFile: (name: string, sizeMb: string, limitMb: number) => string;
    sentAt: (utc: string) => string;
}

/** Mail that reaches the room later than this after it was sent says when it was sent (imports, outages). */
export const LATE_MAIL_MS = 60 * 60_000;

export interface FormattedInbound {
    text: string;
    /** The quoted history and signature that were hidden, to keep as an attachment. */
    hidden?: string;
}

/**
 * The room message for one email: the subject on a conversation's first message, who else
 * was in CC, the text (quoted history hidden when asked), what could not be read and which
 * files were too large. Every part from the mail is neutralised: it is content, not commands.
 */
export function formatInboundMessage(
    email: InboundEmail,
    options: {
        firstInRoom: boolean;
        stripQuoted: boolean;
        continuesRoomId?: string;
        skipped: Array<{ filename: string; size: number }>;
        limitMb: number;
        labels: InboundMessageLabels;
        now: Date;
    },
): FormattedInbound {
    const { labels } = options;
    const parts: string[] = [];
    if (options.continuesRoomId) parts.push(labels.continues(options.continuesRoomId));
    if (options.firstInRoom && email.subject.trim()) parts.push(`*${neutralizeMentions(email.subject.trim())}*`);
    if (email.date && options.now.getTime() - email.date.getTime() > LATE_MAIL_MS) {
        parts.push(labels.sentAt(`${email.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
    }
    if (email.cc.length > 0)
        parts.push(`${labels.cc} ${email.cc.map((entry) => neutralizeMentions(entry.name ? `${entry.name} <${entry.address}>` : entry.address)).join(', ')}`);
    const body = (email.text ?? '').trim();
    const { visible, trimmed } = options.stripQuoted && body ? trimQuotedReply(body) : { visible: body, trimmed: undefined };
    parts.push(visible ? neutralizeMentions(visible) : labels.noText);
    if (email.parseWarnings.length > 0) parts.push(labels.unreadable(email.parseWarnings.join('; ')));
    for (const file of options.skipped) parts.push(labels.skippedFile(neutralizeMentions(file.filename), (file.size / 1_048_576).toFixed(1), options.limitMb));
    return { text: parts.join('\n\n'), ...(trimmed && { hidden: trimmed }) };
}
