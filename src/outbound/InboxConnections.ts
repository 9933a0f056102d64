import type { Inbox } from '../configuration/domain/Inbox';
import { inboxSecrets } from '../configuration/domain/Inbox';
import type { ConnectionError } from '../connection/domain/ConnectionError';
import type { Deadline } from '../runtime/Deadline';
import type { InboxLogin } from '../signin/InboxLogin';
import type { OutboundServices } from './OutboundServices';
import { SentFolderCopier } from './SentFolderCopier';
import { SmtpMailSender } from './SmtpMailSender';

/** A connection made for the inbox as it logged in (`inbox`: with the access token it used). */
interface Opened<T> {
    inbox: Inbox;
    connection: T;
}

/**
 * The mail-server connections of one delivery run, one of each kind per inbox, reused by all its
 * emails and closed together by `close` in `finally`. Each inbox logs in through one InboxLogin
 * for the run, so a send and the Sent copy after it use one access token, and a token a server
 * refuses is replaced once for both. Once an inbox's server failed in the run, its later emails
 * fail at once with the same error instead of trying the server again now.
 */
export class InboxConnections {
    private readonly logins = new Map<string, InboxLogin>();
    private readonly senders = new Map<string, Opened<SmtpMailSender>>();
    private readonly copiers = new Map<string, Opened<SentFolderCopier>>();
    private readonly unreachable = new Map<string, ConnectionError>();

    constructor(
        private readonly services: Pick<OutboundServices, 'login'>,
        private readonly deadline: Deadline,
    ) {}

    /**
     * Runs `send` with the inbox's SMTP sender (nothing reaches the server before the login, so a
     * send refused at AUTH may run again). Throws the server's earlier failure in this run, why the
     * inbox cannot log in (a sign-in needed...), or what `send` throws.
     */
    public async send<T>(inbox: Inbox, send: (sender: SmtpMailSender) => Promise<T>): Promise<T> {
        const failed = this.unreachable.get(inbox.id);
        if (failed) throw failed;
        const login = await this.loginOf(inbox);
        return login.run(async (ready) => send(await this.opened(this.senders, ready, () => new SmtpMailSender(ready))));
    }

    /** Files `raw` in the inbox's Sent folder, logged in as its send was. Throws a ConnectionError, secrets removed. */
    public async copy(inbox: Inbox, raw: Buffer, deadline: Deadline): Promise<void> {
        const login = await this.loginOf(inbox);
        await login.run(async (ready) => (await this.opened(this.copiers, ready, () => new SentFolderCopier(ready))).copy(raw, deadline));
    }

    /** Everything of the inbox an error must not show, the access token in use included. */
    public secretsOf(inbox: Inbox): string[] {
        return inboxSecrets(this.logins.get(inbox.id)?.inbox ?? inbox);
    }

    /** The server of `inboxId` failed in a way that its other emails would meet too. */
    public markUnreachable(inboxId: string, failure: ConnectionError): void {
        this.unreachable.set(inboxId, failure);
    }

    public async close(): Promise<void> {
        for (const { connection } of this.senders.values()) connection.close();
        for (const { connection } of this.copiers.values()) await connection.close();
    }

    private async loginOf(inbox: Inbox): Promise<InboxLogin> {
        let login = this.logins.get(inbox.id);
        if (!login) {
            login = await this.services.login(inbox, this.deadline);
            this.logins.set(inbox.id, login);
        }
        return login;
    }

    /** The inbox's connection for the way it logs in now; one opened with a replaced token is closed. */
    private async opened<T extends { close(): unknown }>(connections: Map<string, Opened<T>>, ready: Inbox, open: () => T): Promise<T> {
        const known = connections.get(ready.id);
        if (known?.inbox === ready) return known.connection;
        await known?.connection.close();
        const connection = open();
        connections.set(ready.id, { inbox: ready, connection });
        return connection;
    }
}
