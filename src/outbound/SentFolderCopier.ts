import type { ImapFlow } from 'imapflow';

import type { Inbox } from '../configuration/domain/Inbox';
import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { closeImapClient, createImapClient } from '../connection/createImapClient';
import type { Deadline } from '../runtime/Deadline';
import { pickSentFolder } from './domain/sentFolder';
import { ErrorCode } from '../errors/ErrorCode';
import { inboxSecrets } from '../configuration/domain/Inbox';

/**
 * Files a copy of each sent reply in the inbox's Sent folder over IMAP (marked as read), as a
 * mail client does, so the mailbox shows the whole conversation; creates "Sent" when the
 * mailbox has none yet, as mail clients do. One connection serves all
 * copies of a delivery run; `close` in `finally`. Throws a ConnectionError, secrets removed.
 */
export class SentFolderCopier {
    private client?: ImapFlow;
    private folder?: string;

    constructor(private readonly inbox: Inbox) {}

    /** Files the copy, or gives up at the deadline so the caller stays inside the engine's 30 s. */
    public async copy(raw: Buffer, deadline: Deadline): Promise<void> {
        const filing = (async () => {
            const { client, folder } = await this.open();
            await client.append(folder, raw, ['\\Seen'], new Date());
        })();
        try {
            await deadline.race(filing, () => new ConnectionError(ErrorCode.Timeout, `no time left to file the copy on ${this.inbox.imap.host}`));
        } catch (error) {
            await this.close();
            throw classifyConnectionError(error, inboxSecrets(this.inbox));
        }
    }

    public async close(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client) await closeImapClient(client);
    }

    private async open(): Promise<{ client: ImapFlow; folder: string }> {
        if (this.client && this.folder) return { client: this.client, folder: this.folder };
        const client = createImapClient(this.inbox.imap);
        this.client = client;
        await client.connect();
        this.folder ??= pickSentFolder(await client.list());
        if (!this.folder) {
            // As mail clients do on their first send: a Sent folder where the server keeps folders.
            const created = await client.mailboxCreate(`${client.namespace?.prefix ?? ''}Sent`);
            this.folder = created.path;
        }
        return { client, folder: this.folder };
    }
}
