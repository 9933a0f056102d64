import type { Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import type { Inbox } from '../configuration/domain/Inbox';
import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { createSmtpTransport } from '../connection/createSmtpTransport';
import type { Deadline } from '../runtime/Deadline';
import type { OutgoingEmail } from './domain/OutgoingEmail';
import { ErrorCode } from '../errors/ErrorCode';
import { inboxSecrets } from '../configuration/domain/Inbox';

/** RFC 3834 5: an acknowledgement answers a mail (auto-replied); the closing message answers none (auto-generated). */
const AUTO_SUBMITTED = { closing: 'auto-generated', acknowledgement: 'auto-replied' } as const;

export interface FileContent {
    filename: string;
    contentType: string;
    content: Buffer;
}

/** What the server said when it accepted the email, and the email as sent (for the Sent folder). */
export interface SentReceipt {
    response: string;
    raw: Buffer;
}

/**
 * Sends outbox emails through one inbox's SMTP server (the transport is made on the first
 * send and released by `close`). Throws a ConnectionError, secrets removed, on any failure.
 */
export class SmtpMailSender {
    private transport?: Transporter<SMTPTransport.SentMessageInfo>;

    constructor(private readonly inbox: Inbox) {}

    /**
     * Sends exactly the headers and parts of the outbox email. A send (connect, TLS, AUTH, DATA)
     * that outlives the deadline is reported as a timeout even though the server may still accept
     * it: a retry then sends the same Message-ID, which mail clients show once.
     */
    public async send(email: OutgoingEmail, files: FileContent[], deadline: Deadline): Promise<SentReceipt> {
        const { headers } = email;
        // Composed once: the bytes the server accepts are the bytes filed in the Sent folder.
        const raw = await new MailComposer({
            from: { name: headers.from.name, address: headers.from.address },
            to: [headers.to, ...(headers.alsoTo ?? [])],
            cc: headers.cc?.length ? headers.cc : undefined,
            // Blind copies go in the envelope only (MailComposer leaves Bcc out of the headers).
            subject: headers.subject,
            messageId: `<${headers.messageId}>`,
            inReplyTo: headers.inReplyTo ? `<${headers.inReplyTo}>` : undefined,
            references: headers.references.length > 0 ? headers.references.map((id) => `<${id}>`) : undefined,
            date: new Date(),
            // RFC 3834: the closing message and the acknowledgement are sent by the app, not typed by a
            // person, so auto-responders must not answer them (Exchange reads X-Auto-Response-Suppress).
            ...((email.kind === 'closing' || email.kind === 'acknowledgement') && {
                headers: { 'Auto-Submitted': AUTO_SUBMITTED[email.kind], 'X-Auto-Response-Suppress': 'All' },
            }),
            text: email.text,
            html: email.html,
            attachments: files.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        })
            .compile()
            .build();
        this.transport ??= createSmtpTransport(this.inbox.smtp, this.inbox.email.split('@')[1] || 'localhost');
        const sending = this.transport.sendMail({ envelope: { from: headers.from.address, to: recipientsOf(email) }, raw });
        const waitedMs = deadline.remaining();
        try {
            const late = () => new ConnectionError(ErrorCode.Timeout, `no answer from ${this.inbox.smtp.host} within ${Math.round(waitedMs / 1000)} s`);
            const info = await deadline.race(sending, late);
            return { response: info.response, raw };
        } catch (error) {
            // A half-finished connection is of no use to the next email.
            this.close();
            throw classifyConnectionError(error, inboxSecrets(this.inbox));
        }
    }

    public close(): void {
        this.transport?.close();
        this.transport = undefined;
    }
}

/** Every address the email is delivered to (the SMTP envelope): To, CC and BCC. */
export function recipientsOf(email: Pick<OutgoingEmail, 'headers'>): string[] {
    const { headers } = email;
    return [headers.to, ...(headers.alsoTo ?? []), ...(headers.cc ?? []), ...(headers.bcc ?? [])];
}
