import { composeReplyHeaders } from './composeReplyHeaders';
import type { ReplyThread } from './composeReplyHeaders';
import type { OutgoingAttachment, OutgoingEmail } from './OutgoingEmail';
import type { RecipientChanges } from './replyRecipients';
import { renderReplyContent } from './renderReplyBody';
import { signAndQuote } from './signAndQuote';
import type { ReplyQuote } from './signAndQuote';

/** A file the agent sent that is too large to attach: the customer gets a link instead. */
export interface LinkedFile {
    name: string;
    url: string;
}

/**
 * The outbox email for an agent's message (or the closing message) in a conversation: threaded
 * headers, the markdown rendered as text and HTML, files within the limit attached and the
 * others listed as links under the text, then the inbox's signature and the quoted mail (signAndQuote).
 */
export function composeOutgoingEmail(options: {
    id: string;
    now: Date;
    kind: OutgoingEmail['kind'];
    inbox: { id: string; email: string; senderInfo: string; name: string };
    thread: ReplyThread & { roomId: string };
    agent?: { id: string; username: string; name: string };
    nameStyle: 'agent_via_inbox' | 'inbox_sender_info';
    replyToAll: boolean;
    /** What agents changed about the conversation's recipients (the Email panel). */
    recipientChanges?: RecipientChanges;
    markdown: string;
    attachments: OutgoingAttachment[];
    linkedFiles: LinkedFile[];
    /** "File too large to attach: {{name}}" in the customer's language, as a markdown line. */
    linkedFileLine: (file: LinkedFile) => string;
    sourceMessageId?: string;
    /** The inbox's signature with its placeholders filled in (configuration/domain/signatureTemplate); none when empty. */
    signature?: string;
    /** The mail the reply answers, when the inbox quotes it. */
    quote?: ReplyQuote;
}): OutgoingEmail {
    const links = options.linkedFiles.map((file) => options.linkedFileLine(file));
    const markdown = [options.markdown.trim(), ...links].filter(Boolean).join('\n\n');
    const body = signAndQuote(renderReplyContent(markdown), { typed: options.markdown, signature: options.signature, quote: options.quote });
    const createdAt = options.now.toISOString();
    return {
        id: options.id,
        inboxId: options.inbox.id,
        roomId: options.thread.roomId,
        kind: options.kind,
        sourceMessageId: options.sourceMessageId,
        agent: options.agent && { id: options.agent.id, username: options.agent.username },
        headers: composeReplyHeaders({
            thread: options.thread,
            inbox: options.inbox,
            agentName: options.agent?.name ?? '',
            nameStyle: options.nameStyle,
            uniqueId: options.id,
            replyToAll: options.replyToAll,
            changes: options.recipientChanges,
        }),
        text: body.text,
        html: body.html,
        attachments: options.attachments,
        createdAt,
        retryWindowFrom: createdAt,
        attempts: 0,
        state: 'waiting',
        nextAttemptAt: createdAt,
    };
}
