import { classifyConnectionError } from './domain/classifyConnectionError';
import type { MailServer } from './domain/MailServer';
import { createSmtpTransport } from './createSmtpTransport';
import { serverSecrets } from './domain/MailServer';

export interface SmtpProbeMessage {
    from: string;
    to: string;
    subject: string;
    text: string;
}

export interface SmtpProbeResult {
    verified: true;
    /** Set when a message was sent: the server's reply and the Message-ID we gave it. */
    sent?: { messageId: string; response: string; accepted: string[] };
}

/**
 * Logs in to the SMTP server (EHLO, TLS as configured, AUTH) and, when `message` is given,
 * sends it. Throws a ConnectionError (classified, secrets removed) on any failure.
 */
export async function probeSmtp(server: MailServer, ehloName: string, message?: SmtpProbeMessage): Promise<SmtpProbeResult> {
    const transport = createSmtpTransport(server, ehloName);
    try {
        await transport.verify();
        if (!message) return { verified: true };
        const info = await transport.sendMail({ ...message });
        return {
            verified: true,
            sent: { messageId: info.messageId, response: info.response, accepted: info.accepted.map(addressText) },
        };
    } catch (error) {
        throw classifyConnectionError(error, serverSecrets(server));
    } finally {
        transport.close();
    }
}

function addressText(address: string | { address: string }): string {
    return typeof address === 'string' ? address : address.address;
}
