/**
 * Every UIKit id the app uses, in one place. View ids start with the app's prefix and the
 * form's name; what follows the second colon is context the form needs (never a secret).
 */
export const VIEW_PREFIX = 'email-inboxes';

export enum ViewName {
    Selftest = 'selftest',
    InboxForm = 'inbox-form',
    RemoveInbox = 'remove-inbox',
    InboxPanel = 'inbox-panel',
    ImportMail = 'import-mail',
    /** A conversation's Email panel (a contextual bar); the context is the room id. */
    EmailPanel = 'email-panel',
    OriginalHeaders = 'original-headers',
    NewEmail = 'new-email',
}

export function viewId(name: ViewName, context: string): string {
    return `${VIEW_PREFIX}:${name}:${context}`;
}

export function parseViewId(id: string): { name: string; context: string } | undefined {
    const [prefix, name, ...rest] = id.split(':');
    if (prefix !== VIEW_PREFIX || !name) return undefined;
    return { name, context: rest.join(':') };
}

/** The self-test form's inputs: each id is both the block's and the element's (see blocks/formBlocks). */
export enum SelftestBlock {
    Url = 'selftest-url',
    Password = 'selftest-password',
    Recipient = 'selftest-recipient',
    TrustedCertificate = 'selftest-certificate',
}
