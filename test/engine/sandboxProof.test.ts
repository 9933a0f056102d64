// The app's own code, running in Rocket.Chat's Deno runtime, talks to real mail servers:
// IMAP over implicit TLS, STARTTLS and plain (list, fetch, parse), SMTP over implicit TLS and
// STARTTLS (delivered intact), and an untrusted certificate refused unless explicitly allowed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEngineHost, viewState } from '../support/engine';
import type { EngineHost } from '../support/engine';
import { createTestCa, startDovecot, startSmtpServer } from '../support/mail';
import type { DovecotServer, SmtpTestServer } from '../support/mail';

const USER = { user: 'support@example.test', password: 'imap-Pa55word!' };
const SMTP_USER = { user: 'support@example.test', password: 'smtp-Pa55word!' };
const SAMPLE = [
    'From: Customer <customer@example.net>',
    'To: support@example.test',
    'Subject: Printer on fire',
    'Message-ID: <sample-1@example.net>',
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, my printer is on fire.',
    '--b1',
    'Content-Type: text/plain; name="log.txt"',
    'Content-Disposition: attachment; filename="log.txt"',
    '',
    'smoke detected',
    '--b1--',
    '',
].join('\r\n');

function url(scheme: string, user: string, port: number, query = '?allowUntrusted=1'): string {
    return `${scheme}://${encodeURIComponent(user)}@localhost:${port}${query}`;
}

describe(`sandbox proof (Deno ${process.env.EMAIL_INBOXES_DENO ?? '2.6'})`, () => {
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;

    before(async () => {
        const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-ca-')));
        // One after another, each assigned at once, so that after() stops whatever did start.
        dovecot = await startDovecot({ users: [USER], ca });
        smtp = await startSmtpServer({ users: [SMTP_USER], ca });
        host = await startEngineHost();
        await host.installApp();
        host.users.add({ username: 'admin', roles: ['admin'] });
        await dovecot.appendMessage(USER.user, SAMPLE);
    });

    after(async () => {
        await host?.stop();
        await dovecot?.stop();
        await smtp?.close();
    });

    /** `/email-inbox selftest <url> [recipient]`, then the password typed into the form it opens. */
    async function selftest(target: string, password: string, recipient = ''): Promise<string> {
        const before = host.notifications('admin').length;
        await host.runCommand('email-inbox', ['selftest', target, ...(recipient ? [recipient] : [])], { user: 'admin' });
        const view = host.lastView('admin');
        assert.match(view.id, /^email-inboxes:selftest:/);
        const response = await host.submitView({
            user: 'admin',
            view: { ...view, state: viewState({ 'selftest-url': target, 'selftest-password': password, 'selftest-recipient': recipient }) },
        });
        assert.equal((response as { success?: boolean } | undefined)?.success, true, JSON.stringify(response));
        const fresh = host.notifications('admin').slice(before);
        assert.equal(fresh.length, 1, 'one private answer');
        return fresh[0].text;
    }

    // Deno 2.6 cannot complete imapflow's STARTTLS upgrade safely (src/runtime/denoRuntime.ts).
    const imapStartTlsWorks = (process.env.EMAIL_INBOXES_DENO ?? '2.6') !== '2.6';

    for (const [name, scheme, port] of [
        ['implicit TLS', 'imaps', () => dovecot.tlsPort],
        ['STARTTLS', 'imap+starttls', () => dovecot.plainPort],
        ['plain', 'imap', () => dovecot.plainPort],
    ] as const) {
        it(`IMAP over ${name}: logs in, lists, fetches and parses the newest mail`, async () => {
            const text = await selftest(url(scheme, USER.user, port()), USER.password);
            if (scheme === 'imap+starttls' && !imapStartTlsWorks) {
                assert.match(
                    text,
                    /failed \(unsupported_by_runtime\): IMAP with STARTTLS does not work in this Rocket\.Chat server's app runtime \(Deno 2\.6\.\d+\)\. Use SSL\/TLS on port 993 instead/,
                );
                return;
            }
            assert.match(text, /^IMAP OK/);
            assert.match(text, /INBOX holds 1 messages/);
            assert.match(text, /"Printer on fire" from customer@example\.net/);
            assert.match(text, /1 attachments/);
            assert.ok(!text.includes(USER.password));
        });
    }

    it('IMAP refuses an untrusted certificate unless allowed', async () => {
        const refused = await selftest(url('imaps', USER.user, dovecot.tlsPort, ''), USER.password);
        assert.match(refused, /IMAP test of localhost:\d+ \(ssl\) failed \(tls_untrusted\)/);
        if (imapStartTlsWorks) {
            const starttlsRefused = await selftest(url('imap+starttls', USER.user, dovecot.plainPort, ''), USER.password);
            assert.match(starttlsRefused, /failed \(tls_untrusted\)/);
        }
    });

    it('IMAP names a wrong password without repeating it', async () => {
        const text = await selftest(url('imaps', USER.user, dovecot.tlsPort), 'wrong-secret-123');
        assert.match(text, /failed \(auth_failed\)/);
        assert.ok(!text.includes('wrong-secret-123'));
    });

    for (const [name, scheme, port] of [
        ['implicit TLS', 'smtps', () => smtp.tlsPort],
        ['STARTTLS', 'smtp+starttls', () => smtp.plainPort],
    ] as const) {
        it(`SMTP over ${name}: the server receives the message intact`, async () => {
            smtp.clear();
            const text = await selftest(url(scheme, SMTP_USER.user, port()), SMTP_USER.password, 'someone@example.org');
            assert.match(text, /^SMTP OK: sent through localhost/);
            const [received] = await smtp.waitForMessages(1);
            assert.deepEqual(received.envelope.to, ['someone@example.org']);
            assert.equal(received.authUser, SMTP_USER.user);
            assert.equal(received.secure, true);
            const raw = received.raw.toString('utf8');
            assert.match(raw, /^Subject: Email Inboxes self-test$/m);
            assert.match(raw, /This message was sent by the Email Inboxes app self-test\./);
        });
    }

    it('SMTP refuses an untrusted certificate unless allowed', async () => {
        const text = await selftest(url('smtps', SMTP_USER.user, smtp.tlsPort, ''), SMTP_USER.password, 'someone@example.org');
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
