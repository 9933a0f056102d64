import type { Inbox } from '../../src/configuration/domain/Inbox';
import type { MailServer } from '../../src/connection/domain/MailServer';
import type { EngineHost } from './engine';
import type { DovecotServer, MailUser, SmtpTestServer } from './mail';

/** The inbox form's values for an inbox on the test servers (implicit TLS, the test CA trusted as an admin would paste it). */
export function testInboxValues(options: {
    dovecot: DovecotServer;
    smtp: SmtpTestServer;
    imapUser: MailUser;
    smtpUser: MailUser;
    name?: string;
    department?: string;
}): Record<string, string> {
    return {
        name: options.name ?? 'support',
        email: options.imapUser.user,
        description: '',
        senderInfo: 'ACME Support',
        department: options.department ?? '-',
        active: 'true',
        'smtp.host': 'localhost',
        'smtp.port': String(options.smtp.tlsPort),
        'smtp.security': 'ssl',
        'smtp.username': options.smtpUser.user,
        'smtp.password': options.smtpUser.password,
        'smtp.allowUntrusted': 'false',
        'smtp.trustedCertificate': options.dovecot.ca.caPem,
        'imap.host': 'localhost',
        'imap.port': String(options.dovecot.tlsPort),
        'imap.security': 'ssl',
        'imap.username': options.imapUser.user,
        'imap.password': options.imapUser.password,
        'imap.folder': 'INBOX',
        'imap.allowUntrusted': 'false',
        'imap.trustedCertificate': options.dovecot.ca.caPem,
    };
}

/** What an admin does: `/email-inbox add`, fill in the form as the client lets them, save. Returns the app's private answer. */
export async function addInboxThroughForm(host: EngineHost, admin: string, values: Record<string, string>): Promise<string> {
    await host.runCommand('email-inbox', 'add', { user: admin });
    return saveForm(host, admin, values, 'the inbox form');
}

/**
 * Fills in the form the app showed last (the fields it shows after the choices made, in the
 * order given: put the sign-in method and security before what they decide) and saves it;
 * throws unless the client closes it without errors. Returns the app's private answer.
 */
export async function saveForm(host: EngineHost, admin: string, values: Record<string, string>, what = 'the form'): Promise<string> {
    const form = host.form(admin);
    await form.fill(values, { onlyShown: true });
    const before = host.notifications(admin).length;
    const answer = await form.submit();
    // The servers are tested by a job the submission starts: its answer follows.
    await host.settle();
    if (!answer.closed || answer.timedOut)
        throw new Error(`${what} was not saved: ${JSON.stringify({ errors: answer.errors, unshown: answer.unshownErrors, timedOut: answer.timedOut })}`);
    return host
        .notifications(admin)
        .slice(before)
        .map((notification) => notification.text)
        .join('\n');
}

/** `/email-inbox remove <name>` and the confirmation dialog's button. Returns the app's private answer. */
export async function removeInboxThroughForm(host: EngineHost, admin: string, name: string): Promise<string> {
    await host.runCommand('email-inbox', `remove ${name}`, { user: admin });
    return saveForm(host, admin, {}, 'the removal');
}

/** A stored inbox record whose IMAP and SMTP are the given server, for tests of the mail edges run in Node. */
export function inboxRecord(email: string, server: MailServer, imap: Partial<Inbox['imap']> = {}): Inbox {
    return {
        id: 'inbox-1',
        name: 'support',
        email,
        description: '',
        senderInfo: 'ACME Support',
        active: true,
        smtp: server,
        imap: { ...server, folder: 'INBOX', ...imap },
        createdAt: '',
        updatedAt: '',
        createdBy: 'admin',
        updatedBy: 'admin',
    };
}
