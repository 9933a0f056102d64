export interface EmailAddress {
    address: string;
    name: string;
}

export interface InboundAttachment {
    filename: string;
    contentType: string;
    size: number;
    content: Buffer;
    contentId?: string;
    inline: boolean;
}

/** One received email, as the rest of the app sees it: plain data, no library types. */
export interface InboundEmail {
    /** Without angle brackets; compared case-insensitively (see normalizeMessageId). */
    messageId: string;
    /** True when the mail had no Message-ID and one was derived from its content. */
    synthesizedMessageId: boolean;
    from?: EmailAddress;
    replyTo: EmailAddress[];
    to: EmailAddress[];
    cc: EmailAddress[];
    subject: string;
    date?: Date;
    inReplyTo?: string;
    references: string[];
    text?: string;
    html?: string;
    attachments: InboundAttachment[];
    /** Lower-cased header names → raw values, for loop detection. */
    headers: Record<string, string>;
    /** Content type of the top-level part (multipart/report marks a bounce). */
    contentType: string;
    rawSize: number;
    /** What could not be read cleanly (shown to agents, never hidden). */
    parseWarnings: string[];
    /** The header block as it arrived, bounded (inbound/domain/headerBlock), for agents who read a mail's original headers. */
    originalHeaders?: { text: string; size: number; cut: boolean };
    /** Set when the mail was too large to read whole: only its first `readBytes` of `size` were read, its files not. */
    partlyRead?: { size: number; readBytes: number };
}

/** `<ABC@Example.com>` and `abc@example.com` are the same Message-ID for threading and dedupe. */
export function normalizeMessageId(id: string): string {
    return id.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}
