// The app's own code, running in Rocket.Chat's app runtime (Deno 2.3 or Node 22), talks to real
// mail servers: IMAP over implicit TLS, STARTTLS and plain (list, fetch, parse), SMTP over
// implicit TLS, STARTTLS and plain (delivered intact), a certificate from an unknown CA refused unless
// that CA is pasted as trusted, and "allow untrusted" honoured only where the runtime can.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EngineHost } from '../support/engine';
import { startMailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';
import type { MailTestBed } from '../support/mailTestBed';
import type { DovecotServer, SmtpTestServer } from '../support/mail';

const USER = { user: 'support@example.test', password: 'imap-Pa55word!' };
const SMTP_USER = { user: 'support@example.test', password: 'smtp-Pa55word!' };
const SAMPLE = rawMail({
    from: 'Customer <customer@example.net>',
    to: 'support@example.test',
    subject: 'Printer on fire',
    messageId: 'sample-1@example.net',
    body: 'Hello, my printer is on fire.',
    files: [{ name: 'log.txt', content: 'smoke detected' }],
});

const runtime = process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3';

function url(scheme: string, user: string, port: number, query = ''): string {
    return `${scheme}://${encodeURIComponent(user)}@localhost:${port}${query}`;
}

describe(`sandbox proof (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;

    before(async () => {
        bed = await startMailTestBed({ imapUsers: [USER], smtpUsers: [SMTP_USER] });
        ({ host, dovecot, smtp } = bed);
        await dovecot.appendMessage(USER.user, SAMPLE);
    });

    after(() => bed?.stop());

    /** `/email-inbox selftest <url> [recipient]`, then the password (and the CA to trust) typed into the form it opens. */
    async function selftest(target: string, password: string, recipient = '', certificate: string = dovecot.ca.caPem): Promise<string> {
        const before = host.notifications('admin').length;
        await host.runCommand('email-inbox', ['selftest', target, ...(recipient ? [recipient] : [])], { user: 'admin' });
        const view = host.lastView('admin');
        assert.match(view.id, /^email-inboxes:selftest:/);
        const form = host.form('admin');
        await form.fill({ 'selftest-url': target, 'selftest-password': password, 'selftest-recipient': recipient, 'selftest-certificate': certificate });
        const answer = await form.submit();
        assert.equal(answer.closed, true, JSON.stringify(answer.errors));
        assert.equal(answer.timedOut, false, 'the form answers at once; a job runs the test');
        await host.settle();
        const fresh = host.notifications('admin').slice(before);
        assert.equal(fresh.length, 2, 'a private answer that the test started, then its result');
        assert.match(fresh[0].text, /now: the result follows/);
        return fresh[1].text;
    }

    for (const [name, scheme, port] of [
        ['implicit TLS', 'imaps', () => dovecot.tlsPort],
        ['STARTTLS', 'imap+starttls', () => dovecot.plainPort],
        ['plain', 'imap', () => dovecot.plainPort],
    ] as const) {
        it(`IMAP over ${name}: logs in, lists, fetches and parses the newest mail`, async () => {
            const text = await selftest(url(scheme, USER.user, port()), USER.password);
            assert.match(text, /^IMAP OK/);
            assert.match(text, /INBOX holds 1 messages/);
            assert.match(text, /"Printer on fire" from customer@example\.net/);
            assert.match(text, /1 attachments/);
            assert.ok(!text.includes(USER.password));
        });
    }

    it('IMAP refuses a certificate from an unknown CA unless the CA is trusted', async () => {
        const refused = await selftest(url('imaps', USER.user, dovecot.tlsPort), USER.password, '', '');
        assert.match(refused, /IMAP test of localhost:\d+ \(ssl\) failed \(tls_untrusted\)/);
        const starttlsRefused = await selftest(url('imap+starttls', USER.user, dovecot.plainPort), USER.password, '', '');
        assert.match(starttlsRefused, /IMAP test of localhost:\d+ \(starttls\) failed \(tls_untrusted\)/);
    });

    it(`"allow untrusted" ${runtime === 'node' ? 'is honoured on Node' : 'cannot skip verification on Deno 2.3'}`, async () => {
        const text = await selftest(url('imaps', USER.user, dovecot.tlsPort, '?allowUntrusted=1'), USER.password, '', '');
        if (runtime === 'node') assert.match(text, /^IMAP OK/);
        else assert.match(text, /IMAP test of localhost:\d+ \(ssl\) failed \(tls_untrusted\)/);
    });

    it('IMAP names a wrong password without repeating it', async () => {
        const text = await selftest(url('imaps', USER.user, dovecot.tlsPort), 'wrong-secret-123');
        assert.match(text, /failed \(auth_failed\)/);
        assert.ok(!text.includes('wrong-secret-123'));
    });

    for (const [name, scheme, port] of [
        ['implicit TLS', 'smtps', () => smtp.tlsPort],
        ['STARTTLS', 'smtp+starttls', () => smtp.plainPort],
        ['plain', 'smtp', () => smtp.plainPort],
    ] as const) {
        it(`SMTP over ${name}: the server receives the message intact`, async () => {
            smtp.clear();
            const text = await selftest(url(scheme, SMTP_USER.user, port()), SMTP_USER.password, 'someone@example.org');
            assert.match(text, /^SMTP OK: sent through localhost/);
            const [received] = await smtp.waitForMessages(1);
            assert.deepEqual(received.envelope.to, ['someone@example.org']);
            assert.equal(received.authUser, SMTP_USER.user);
            assert.equal(received.secure, scheme !== 'smtp');
            const raw = received.raw.toString('utf8');
            assert.match(raw, /^Subject: Email Inboxes self-test$/m);
            assert.match(raw, /This message was sent by the Email Inboxes app self-test\./);
        });
    }

    it('SMTP refuses a certificate from an unknown CA unless the CA is trusted', async () => {
        const text = await selftest(url('smtps', SMTP_USER.user, smtp.tlsPort), SMTP_USER.password, 'someone@example.org', '');
        assert.match(text, /SMTP test of localhost:\d+ \(ssl\) failed \(tls_untrusted\)/);
    });

    it('refuses a password typed into the command, which Rocket.Chat would log', async () => {
        const before = host.notifications('admin').length;
        await host.runCommand('email-inbox', ['selftest', `imaps://someone:typed-in-secret@localhost:${dovecot.tlsPort}`], { user: 'admin' });
        const [answer] = host.notifications('admin').slice(before);
        assert.match(answer.text, /Do not type passwords in commands/);
    });

    it('no secret reached any bridge or log', () => {
        const everything = host.allRecordedText();
        for (const secret of [USER.password, SMTP_USER.password]) assert.ok(!everything.includes(secret), 'a password leaked');
    });
});
