import type { MailServer } from '../../connection/domain/MailServer';
import { serverSecrets } from '../../connection/domain/MailServer';
import type { AcknowledgementSettings } from './acknowledgementTemplate';
import type { OAuthSettings } from './SignIn';

/** One configured inbox, as stored in app persistence (passwords included: see publicView). */
export interface Inbox {
    id: string;
    name: string;
    email: string;
    description: string;
    /** The name customers see as the sender, e.g. "ACME Support". */
    senderInfo: string;
    departmentId?: string;
    /**
     * Added under every reply (text after "-- ", HTML as its own block), with {agent}, {inbox} and
     * {department} filled in (outbound/domain/signature). Absent or '' on inboxes without one.
     */
    signature?: string;
    /** Replies quote the last email that came into the conversation (absent on inboxes saved before it existed: no). */
    quoteLastEmail?: boolean;
    /** The automatic acknowledgement of a customer's mail that opens a new conversation (absent on inboxes saved before it existed: off). */
    acknowledgement?: AcknowledgementSettings;
    active: boolean;
    smtp: MailServer;
    /** `saveSentCopy`: file a copy of every reply in the mailbox's Sent folder (absent on inboxes saved before it existed: no). */
    imap: MailServer & { folder: string; saveSentCopy?: boolean };
    /** Set when the inbox signs in with OAuth2 instead of passwords (its tokens are in signin/TokenStore). */
    oauth?: OAuthSettings;
    createdAt: string;
    updatedAt: string;
    createdBy: string;
    updatedBy: string;
}

/** A server without its password, plus whether one is set. */
export type PublicServer = Omit<MailServer, 'password' | 'accessToken'> & { hasPassword: boolean };

/** OAuth2 settings without the client secret, plus whether one is set. */
export type PublicOAuthSettings = Omit<OAuthSettings, 'clientSecret'> & { hasClientSecret: boolean };

/** The only shape of an inbox that command output and forms may render. */
export type PublicInbox = Omit<Inbox, 'smtp' | 'imap' | 'oauth'> & {
    smtp: PublicServer;
    imap: PublicServer & { folder: string; saveSentCopy?: boolean };
    oauth?: PublicOAuthSettings;
};

function publicServer<T extends MailServer>(server: T): Omit<T, 'password' | 'accessToken'> & { hasPassword: boolean } {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- taken out so that it cannot be shown
    const { password, accessToken, ...rest } = server;
    return { ...rest, hasPassword: password.length > 0 };
}

export function publicView(inbox: Inbox): PublicInbox {
    const { oauth, ...rest } = inbox;
    const view: PublicInbox = { ...rest, smtp: publicServer(inbox.smtp), imap: publicServer(inbox.imap) };
    if (oauth) {
        const { clientSecret, ...settings } = oauth;
        view.oauth = { ...settings, hasClientSecret: clientSecret.length > 0 };
    }
    return view;
}

/** Everything of an inbox that must never appear in a message, log line or error: passwords, client secret, access tokens in use. */
export function inboxSecrets(inbox: Inbox): string[] {
    return [...serverSecrets(inbox.imap), ...serverSecrets(inbox.smtp), ...(inbox.oauth?.clientSecret ? [inbox.oauth.clientSecret] : [])];
}
