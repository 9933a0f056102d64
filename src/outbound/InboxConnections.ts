import type { Inbox } from '../configuration/domain/Inbox';
import type { ConnectionError } from '../connection/domain/ConnectionError';
import type { Deadline } from '../runtime/Deadline';
import type { OutboundServices } from './OutboundServices';
import { SentFolderCopier } from './SentFolderCopier';
import { SmtpMailSender } from './SmtpMailSender';

/** An inbox's SMTP sender, with the inbox as it logs in (an OAuth2 inbox with its access token). */
export interface OpenSender {
    inbox: Inbox;
    sender: SmtpMailSender;
}

/**
 * The mail-server connections of one delivery run, one of each kind per inbox, reused by all its
 * emails and closed together by `close` in `finally`. Once an inbox's server failed in the run,
 * its later emails fail at once with the same error instead of trying the server again now.
 */
export class InboxConnections {
    private readonly senders = new Map<string, OpenSender>();
    private readonly copiers = new Map<string, SentFolderCopier>();
    private readonly unreachable = new Map<string, ConnectionError>();

    constructor(
        private readonly services: Pick<OutboundServices, 'connectable'>,
        private readonly deadline: Deadline,
    ) {}

    /** Throws the server's earlier failure in this run, or why the inbox cannot log in (a sign-in needed...). */
    public async senderFor(inbox: Inbox): Promise<OpenSender> {
        const failed = this.unreachable.get(inbox.id);
        if (failed) throw failed;
        let open = this.senders.get(inbox.id);
        if (!open) {
            const ready = await this.services.connectable(inbox, this.deadline);
            open = { inbox: ready, sender: new SmtpMailSender(ready) };
            this.senders.set(inbox.id, open);
        }
        return open;
    }

    /** `inbox` as `senderFor` gave it, so the copy logs in as the send did. */
    public copierFor(inbox: Inbox): SentFolderCopier {
        let copier = this.copiers.get(inbox.id);
        if (!copier) {
            copier = new SentFolderCopier(inbox);
            this.copiers.set(inbox.id, copier);
        }
        return copier;
    }

    /** The server of `inboxId` failed in a way that its other emails would meet too. */
    public markUnreachable(inboxId: string, failure: ConnectionError): void {
        this.unreachable.set(inboxId, failure);
    }

    public async close(): Promise<void> {
        for (const { sender } of this.senders.values()) sender.close();
        for (const copier of this.copiers.values()) await copier.close();
    }
}
