import type { MailServer } from '../../connection/domain/MailServer';

/** One configured inbox, as stored in app persistence (passwords included: see publicView). */
export interface Inbox {
    id: string;
    name: string;
    email: string;
    description: string;
    /** The name customers see as the sender, e.g. "ACME Support". */
    senderInfo: string;
    departmentId?: string;
    active: boolean;
    smtp: MailServer;
    /** `saveSentCopy`: file a copy of every reply in the mailbox's Sent folder (absent on inboxes saved before it existed: no). */
    imap: MailServer & { folder: string; saveSentCopy?: boolean };
    createdAt: string;
    updatedAt: string;
    createdBy: string;
    updatedBy: string;
}

/** A server without its password, plus whether one is set. */
export type PublicServer = Omit<MailServer, 'password'> & { hasPassword: boolean };

/** The only shape of an inbox that command output and forms may render. */
export type PublicInbox = Omit<Inbox, 'smtp' | 'imap'> & { smtp: PublicServer; imap: PublicServer & { folder: string; saveSentCopy?: boolean } };

function publicServer<T extends MailServer>(server: T): Omit<T, 'password'> & { hasPassword: boolean } {
    const { password, ...rest } = server;
    return { ...rest, hasPassword: password.length > 0 };
}

export function publicView(inbox: Inbox): PublicInbox {
    return { ...inbox, smtp: publicServer(inbox.smtp), imap: publicServer(inbox.imap) };
}
