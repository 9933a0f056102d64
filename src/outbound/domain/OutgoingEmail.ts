import type { ReplyHeaders } from './composeReplyHeaders';

/** A file of the agent's message that goes out attached (read from Rocket.Chat when sent, never stored twice). */
export interface OutgoingAttachment {
    uploadId: string;
    name: string;
    type: string;
    size: number;
}

/**
 * An email waiting in the outbox: written before the first attempt, removed once the SMTP
 * server accepted it, so a reply survives a down server, a restart or a crash mid-send.
 */
export interface OutgoingEmail {
    /** Also the local part of the email's Message-ID: a retry sends the same Message-ID. */
    id: string;
    inboxId: string;
    roomId: string;
    /** An agent's reply, the closing message, the automatic acknowledgement of a new conversation (no agent), or 'new': an agent's new email, the first of its conversation. */
    kind: 'reply' | 'closing' | 'acknowledgement' | 'new';
    /** The Rocket.Chat message it was written from. */
    sourceMessageId?: string;
    /** Who is told when it is delayed, failed or finally delivered. */
    agent?: { id: string; username: string };
    headers: ReplyHeaders;
    text: string;
    html: string;
    attachments: OutgoingAttachment[];
    createdAt: string;
    /** Retries stop this long after this instant (the setting's hours); `retry` starts it again. */
    retryWindowFrom: string;
    /** Attempts in the current retry window (the backoff counts these). */
    attempts: number;
    /** Attempts before `retry` started a new window: with `attempts`, how often it was tried in all. */
    earlierAttempts?: number;
    state: 'waiting' | 'failed';
    nextAttemptAt: string;
    /** While one sender works on it, no other takes it (set before each attempt). */
    leaseUntil?: string;
    lastError?: { code: string; detail: string; at: string };
    /** Set once the agent was told the reply is delayed, so they are told once, not at every retry. */
    delayNoticeSent?: boolean;
}
