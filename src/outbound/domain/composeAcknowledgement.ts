import { replySubject } from '../../mail/domain/subject';
import { composeReplyHeaders } from './composeReplyHeaders';
import type { ReplyThread } from './composeReplyHeaders';
import type { OutgoingEmail } from './OutgoingEmail';
import { escapeHtml, wrapHtml } from './renderReplyBody';

/**
 * The outbox email acknowledging a customer's mail that opened a new conversation: from the
 * inbox (its sender info), to the customer alone (nobody they copied), threaded to their mail
 * (In-Reply-To it, References its chain: their answer comes back into the room), with the
 * inbox's subject and text already filled in (configuration/domain/acknowledgementTemplate).
 * The text is plain: what came from the customer's mail stays text in HTML too, never a link or
 * markup. SmtpMailSender marks it `Auto-Submitted: auto-replied` (RFC 3834).
 */
export function composeAcknowledgement(options: {
    id: string;
    now: Date;
    inbox: { id: string; email: string; senderInfo: string; name: string };
    thread: ReplyThread & { roomId: string };
    subject: string;
    text: string;
}): OutgoingEmail {
    const headers = composeReplyHeaders({
        thread: options.thread,
        inbox: options.inbox,
        agentName: '',
        nameStyle: 'inbox_sender_info',
        uniqueId: options.id,
        replyToAll: false,
    });
    const paragraphs = options.text.split(/\n{2,}/).map((paragraph) => `<p style="margin:0 0 1em">${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
    const createdAt = options.now.toISOString();
    return {
        id: options.id,
        inboxId: options.inbox.id,
        roomId: options.thread.roomId,
        kind: 'acknowledgement',
        headers: { ...headers, cc: [], subject: options.subject || replySubject(options.thread.subject) },
        text: `${options.text.trimEnd()}\n`,
        html: wrapHtml(paragraphs.join('')),
        attachments: [],
        createdAt,
        retryWindowFrom: createdAt,
        attempts: 0,
        state: 'waiting',
        nextAttemptAt: createdAt,
    };
}
