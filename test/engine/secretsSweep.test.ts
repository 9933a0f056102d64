// Passwords never leave the inbox's own record: inboxes with distinctive passwords go through
// every command, form, job and failure path (refused logins, untrusted certificates, refused
// connections, refused replies, the selftest form), then nothing Rocket.Chat recorded (messages,
// notices, views sent to clients, logs, other records) may hold a password, plain or encoded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EngineHost } from '../support/engine';
import { commandAnswer, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, saveForm, testInboxValues } from '../support/inboxes';
import { freePort } from '../support/mail';
import type { DovecotServer, SmtpTestServer } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';

const MAILBOX = { user: 'sweep@example.test', password: 'Sweep-Imap-Secret-9d1' };
const SENDER = { user: 'sweep-smtp@example.test', password: 'Sweep-Smtp-Secret-4f7' };
const WRONG = {
    imap: 'Wrong-Imap-Secret-77',
    smtp: 'Wrong-Smtp-Secret-88',
    tls: 'Tls-Inbox-Secret-55',
    nowhere: 'Nowhere-Secret-66',
    selftest: 'Selftest-Secret-31',
};

/** Every way a password could be written down: as typed, in base64 (AUTH LOGIN), and inside AUTH PLAIN's base64. */
function forms(user: string, password: string): string[] {
    return [password, Buffer.from(password).toString('base64'), Buffer.from(`\u0000${user}\u0000${password}`).toString('base64')];
}

describe(`no password anywhere (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    const poll = () => runJobToEnd(host, 'email-inboxes-poll');
    const command = (args: string) => commandAnswer(host, args);

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX],
            smtpUsers: [SENDER],
            workspace: (workspace) => workspace.users.add({ username: 'jane', roles: ['livechat-agent'] }),
        });
        ({ host, dovecot, smtp } = bed);
    });

    after(() => bed?.stop());

    it('goes through every command, form, job and failure path', async () => {
        const values = testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: SENDER, name: 'sweep' });
        await addInboxThroughForm(host, 'admin', values);
        for (const args of ['list', 'show sweep', 'status sweep', 'test sweep', 'test sweep send someone@example.net', 'help', 'version']) await command(args);
        await poll();
        await dovecot.appendMessage(MAILBOX.user, 'From: Cleo <cleo@example.net>\r\nSubject: Hi\r\nMessage-ID: <sweep-1@example.net>\r\n\r\nHello\r\n');
        await poll();
        const [room] = host.rooms();
        assert.ok(room, 'the mail came in');
        await host.postAgentMessage(room.id, 'jane', 'A reply that is sent');
        await smtp.waitForMessages(2);

        // Wrong passwords, typed into the edit form: refused logins everywhere.
        await host.runCommand('email-inbox', 'edit sweep', { user: 'admin' });
        await saveForm(host, 'admin', { ...values, 'imap.password': WRONG.imap, 'smtp.password': WRONG.smtp });
        await poll();
        await host.postAgentMessage(room.id, 'jane', 'A reply the server refuses');
        for (const args of ['retry sweep', 'status sweep', 'test sweep', 'test sweep send someone@example.net']) await command(args);

        // An untrusted certificate, and a server that refuses connections.
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: SENDER, name: 'tls' }),
            email: 'tls@example.test',
            'imap.password': WRONG.tls,
            'smtp.password': WRONG.tls,
            'imap.trustedCertificate': '',
            'smtp.trustedCertificate': '',
        }).catch(() => undefined);
        const closed = String(await freePort());
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: SENDER, name: 'nowhere' }),
            email: 'nowhere@example.test',
            'imap.port': closed,
            'smtp.port': closed,
            'imap.password': WRONG.nowhere,
            'smtp.password': WRONG.nowhere,
        }).catch(() => undefined);
        await poll();
        for (const args of ['test tls', 'test nowhere', 'status']) await command(args);

        // The selftest form, with a wrong password.
        await host.runCommand('email-inbox', ['selftest', `imaps://${encodeURIComponent(MAILBOX.user)}@localhost:${dovecot.tlsPort}`], { user: 'admin' });
        await saveForm(host, 'admin', { 'selftest-password': WRONG.selftest, 'selftest-certificate': dovecot.ca.caPem }, 'the self-test');
        await runJobToEnd(host, 'email-inboxes-outbox');
        await host.settle();
        assert.match(await command('status sweep'), /auth_failed/, 'the failure paths were taken');
    });

    it('left no password in anything Rocket.Chat recorded', () => {
        const recorded = host.allRecordedText();
        const secrets = [
            ...forms(MAILBOX.user, MAILBOX.password),
            ...forms(SENDER.user, SENDER.password),
            ...forms(MAILBOX.user, WRONG.imap),
            ...forms(SENDER.user, WRONG.smtp),
            ...forms(MAILBOX.user, WRONG.tls),
            ...forms(MAILBOX.user, WRONG.nowhere),
            ...forms(MAILBOX.user, WRONG.selftest),
        ];
        for (const secret of secrets) assert.ok(!recorded.includes(secret), `a password form was recorded: ${secret.slice(0, 4)}…`);
        assert.ok(recorded.length > 10_000, 'there was plenty recorded to look through');
    });
});
