// The app's IMAP and SMTP edges (run here in Node) against a real Dovecot and SMTP server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ConnectionError } from '../../src/connection/domain/ConnectionError';
import type { MailServer } from '../../src/connection/domain/MailServer';
import { ImapMailbox } from '../../src/inbound/ImapMailbox';
import { Deadline } from '../../src/runtime/Deadline';
import { probeImap } from '../../src/connection/probeImap';
import { probeSmtp } from '../../src/connection/probeSmtp';
import { createTestCa, freePort, startDovecot, startSmtpServer } from '../support/mail';
import type { DovecotServer, SmtpTestServer, TestCa } from '../support/mail';
import { ErrorCode } from '../../src/errors/ErrorCode';

const USER = { user: 'support@example.test', password: 'imap-Secret-42' };

function message(subject: string): string {
    return `From: Customer <customer@example.net>\r\nTo: ${USER.user}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.net>\r\n\r\nBody of ${subject}\r\n`;
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, secret?: string): Promise<ConnectionError> {
    const error = await promise.then(
        () => assert.fail(`expected ${code}`),
        (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (secret) assert.ok(!error.message.includes(secret));
    return error;
}

describe('IMAP and SMTP edges against real servers', () => {
    let ca: TestCa;
    let dir: string | undefined;
    let untrusted: TestCa;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    const imap = (overrides: Partial<MailServer>): MailServer => ({
        host: 'localhost',
        port: dovecot.tlsPort,
        security: 'ssl',
        username: USER.user,
        password: USER.password,
        allowUntrustedCertificate: true,
        ...overrides,
    });
    const smtpServer = (overrides: Partial<MailServer>): MailServer => ({
        host: 'localhost',
        port: smtp.tlsPort,
        security: 'ssl',
        username: USER.user,
        password: USER.password,
        allowUntrustedCertificate: true,
        ...overrides,
    });

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'email-inboxes-ca-'));
        [ca, untrusted] = await Promise.all([createTestCa(join(dir, 'a')), createTestCa(join(dir, 'b'), 'Somebody Else CA')]);
        dovecot = await startDovecot({ users: [USER], ca });
        smtp = await startSmtpServer({ users: [USER], ca });
        for (const subject of ['first', 'second', 'third']) await dovecot.appendMessage(USER.user, message(subject));
    });

    after(async () => {
        await dovecot?.stop();
        await smtp?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const [name, security, port] of [
        ['implicit TLS', 'ssl', () => dovecot.tlsPort],
        ['STARTTLS', 'starttls', () => dovecot.plainPort],
        ['plain', 'none', () => dovecot.plainPort],
    ] as const) {
        it(`probes IMAP over ${name}`, async () => {
            const result = await probeImap(imap({ security, port: port() }));
            assert.equal(result.messageCount, 3);
            assert.equal(result.newest?.subject, 'third');
            assert.equal(result.newest?.from, 'customer@example.net');
        });
    }

    it('refuses an untrusted IMAP certificate unless allowed', async () => {
        await rejectsWith(probeImap(imap({ allowUntrustedCertificate: false })), ErrorCode.CertificateUntrusted);
        await rejectsWith(probeImap(imap({ security: 'starttls', port: dovecot.plainPort, allowUntrustedCertificate: false })), ErrorCode.CertificateUntrusted);
        void untrusted;
    });

    it('names IMAP failures: wrong password, missing folder, refused port, TLS on a plain port', async () => {
        await rejectsWith(probeImap(imap({ password: 'Wrong-Password-1' })), ErrorCode.AuthenticationFailed, 'Wrong-Password-1');
        await rejectsWith(probeImap(imap({}), 'Support'), ErrorCode.FolderNotFound);
        await rejectsWith(probeImap(imap({ port: await freePort() })), ErrorCode.ConnectionRefused);
        await rejectsWith(probeImap(imap({ port: dovecot.plainPort, security: 'ssl' })), ErrorCode.TlsHandshakeFailed);
    });

    it('reads a folder by UID without marking anything as read', async () => {
        const mailbox = await ImapMailbox.open(imap({}), 'INBOX', { writable: false, deadline: Deadline.after(20_000) });
        try {
            assert.deepEqual(await mailbox.nextUids(1, { limit: 10 }), { uids: [2, 3], searchedThrough: 3 });
            assert.deepEqual(await mailbox.nextUids(1, { limit: 1 }), { uids: [2], searchedThrough: 2 }, 'a page ends at its last UID when cut');
            assert.deepEqual(await mailbox.nextUids(3, { limit: 10 }), { uids: [], searchedThrough: 3 });
            assert.deepEqual(await mailbox.nextUids(0, { limit: 10, since: new Date(Date.now() + 2 * 86_400_000) }), { uids: [], searchedThrough: 3 });
            const [second] = await mailbox.fetch([2]);
            assert.match(second.source.toString(), /Subject: second/);
            assert.ok(!second.flags.includes('\\Seen'));
        } finally {
            await mailbox.close();
        }
        const check = await dovecot.client(USER.user);
        try {
            await check.mailboxOpen('INBOX');
            const flags = await check.fetchAll('1:*', { flags: true });
            assert.ok(flags.every((entry) => !entry.flags?.has('\\Seen')));
        } finally {
            await check.logout();
        }
    });

    it('pages through a large folder by UID windows, finding sparse recent mail without listing the whole folder', async () => {
        const old = new Date(Date.now() - 10 * 86_400_000);
        await dovecot.seedMaildir(USER.user, 12_000, (index) => message(`old ${index}`), { mailbox: 'Big', date: old });
        const big = await dovecot.client(USER.user);
        await big.mailboxOpen('Big'); // Dovecot numbers the seeded files
        await big.logout();
        const recent = [
            await dovecot.appendMessage(USER.user, message('new 1'), { mailbox: 'Big' }),
            await dovecot.appendMessage(USER.user, message('new 2'), { mailbox: 'Big' }),
        ];
        const mailbox = await ImapMailbox.open(imap({}), 'Big', { writable: false, deadline: Deadline.after(20_000) });
        try {
            assert.deepEqual(await mailbox.nextUids(0, { limit: 3 }), { uids: [1, 2, 3], searchedThrough: 3 });
            const since = new Date(Date.now() - 86_400_000);
            assert.deepEqual(await mailbox.nextUids(0, { limit: 50, since }), { uids: recent, searchedThrough: recent[1] }, 'across three windows');
            assert.deepEqual(await mailbox.nextUids(0, { limit: 1, since }), { uids: [recent[0]], searchedThrough: recent[0] });
        } finally {
            await mailbox.close();
        }
    });

    for (const [name, security, port] of [
        ['implicit TLS', 'ssl', () => smtp.tlsPort],
        ['STARTTLS', 'starttls', () => smtp.plainPort],
        ['plain', 'none', () => smtp.plainPort],
    ] as const) {
        it(`sends through SMTP over ${name}`, async () => {
            smtp.clear();
            const sent = await probeSmtp(smtpServer({ security, port: port() }), 'example.test', {
                from: USER.user,
                to: 'someone@example.org',
                subject: `over ${name}`,
                text: 'hello',
            });
            assert.deepEqual(sent.sent?.accepted, ['someone@example.org']);
            const [received] = await smtp.waitForMessages(1);
            assert.equal(received.secure, security !== 'none');
            assert.match(received.raw.toString(), new RegExp(`Subject: over ${name}`));
        });
    }

    it('names SMTP failures: untrusted certificate, wrong password, rejection, server down', async () => {
        await rejectsWith(probeSmtp(smtpServer({ allowUntrustedCertificate: false }), 'example.test'), ErrorCode.CertificateUntrusted);
        await rejectsWith(probeSmtp(smtpServer({ password: 'Wrong-Password-2' }), 'example.test'), ErrorCode.AuthenticationFailed, 'Wrong-Password-2');
        const mail = { from: USER.user, to: 'nobody@example.org', subject: 's', text: 't' };
        smtp.failNext({ code: 550, message: '5.1.1 No such user', stage: 'rcptTo' });
        const rejected = await rejectsWith(probeSmtp(smtpServer({}), 'example.test', mail), ErrorCode.RecipientRejected);
        assert.equal(rejected.responseCode, 550);
        smtp.failNext({ code: 451, message: '4.3.0 Try again later', stage: 'data' });
        const deferred = await rejectsWith(probeSmtp(smtpServer({}), 'example.test', mail), ErrorCode.TemporaryFailure);
        assert.equal(deferred.isTemporary, true);
        await smtp.stop();
        try {
            await rejectsWith(probeSmtp(smtpServer({}), 'example.test', mail), ErrorCode.ConnectionRefused);
        } finally {
            await smtp.start();
        }
        await probeSmtp(smtpServer({}), 'example.test', mail);
    });
});
