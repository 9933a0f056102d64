import { simpleParser } from 'mailparser';

import { classifyConnectionError } from './domain/classifyConnectionError';
import type { MailServer } from './domain/MailServer';
import { closeImapClient, createImapClient } from './createImapClient';
import { serverSecrets } from './domain/MailServer';

export interface ImapProbeResult {
    folders: string[];
    folder: string;
    messageCount: number;
    uidValidity: string;
    uidNext: number;
    /** The newest message, fetched and parsed: proves FETCH and MIME parsing work here. */
    newest?: { uid: number; subject: string; from: string; textLength: number; attachmentCount: number };
}

/**
 * Logs in, lists the folders, opens `folder` read-only and fetches and parses its newest
 * message. Throws a ConnectionError (classified, secrets removed) on any failure.
 */
export async function probeImap(server: MailServer, folder = 'INBOX'): Promise<ImapProbeResult> {
    const client = createImapClient(server);
    try {
        await client.connect();
        const folders = (await client.list()).map((entry) => entry.path);
        const mailbox = await client.mailboxOpen(folder, { readOnly: true });
        const result: ImapProbeResult = {
            folders,
            folder: mailbox.path,
            messageCount: mailbox.exists,
            uidValidity: String(mailbox.uidValidity),
            uidNext: mailbox.uidNext,
        };
        if (mailbox.exists > 0) {
            const message = await client.fetchOne('*', { uid: true, source: true });
            if (message && message.source) {
                const parsed = await simpleParser(message.source);
                result.newest = {
                    uid: message.uid,
                    subject: parsed.subject ?? '',
                    from: parsed.from?.value[0]?.address ?? '',
                    textLength: (parsed.text ?? '').length,
                    attachmentCount: parsed.attachments.length,
                };
            }
        }
        return result;
    } catch (error) {
        throw classifyConnectionError(error, serverSecrets(server));
    } finally {
        await closeImapClient(client);
    }
}
