// The outbox's SMTP edge (run here in Node) against a real SMTP server: what it sends, and how
// each kind of failure is classified, since that decides between retrying and telling the agent.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { simpleParser } from 'mailparser';

import type { Inbox } from '../../src/configuration/domain/Inbox';
import { ConnectionError } from '../../src/connection/domain/ConnectionError';
import type { ConnectionSecurity } from '../../src/connection/domain/MailServer';
import { composeOutgoingEmail } from '../../src/outbound/domain/composeOutgoingEmail';
import { failureKind } from '../../src/outbound/domain/deliveryPolicy';
import type { OutgoingEmail } from '../../src/outbound/domain/OutgoingEmail';
import { SmtpMailSender } from '../../src/outbound/SmtpMailSender';
import { Deadline } from '../../src/runtime/Deadline';
import { inboxRecord } from '../support/inboxes';
import { createTestCa, freePort, startSmtpServer } from '../support/mail';
import type { SmtpTestServer } from '../support/mail';
import { ErrorCode } from '../../src/errors/ErrorCode';

const USER = { user: 'support@example.test', password: 'smtp-Secret-77' };

function inboxOn(port: number, security: ConnectionSecurity, password = USER.password): Inbox {
    return inboxRecord(USER.user, { host: 'localhost', port, security, username: USER.user, password, allowUntrustedCertificate: true });
}

function reply(markdown: string): OutgoingEmail {
    return composeOutgoingEmail({
        id: `id-${Math.random().toString(36).slice(2)}`,
        now: new Date(),
        kind: 'reply',
        replyToAll: true,
        inbox: { id: 'inbox-1', email: USER.user, senderInfo: 'ACME Support', name: 'support' },
        thread: {
            roomId: 'r1',
            subject: 'Printer on fire',
            visitorEmail: 'carla@example.net',
            lastInboundMessageId: 'c1@example.net',
            references: ['c1@example.net'],
        },
        agent: { id: 'u1', username: 'jane', name: 'Jane Doe' },
        nameStyle: 'agent_via_inbox',
        markdown,
        attachments: [],
        linkedFiles: [],
        linkedFileLine: () => '',
    });
}

async function failure(promise: Promise<unknown>): Promise<ConnectionError> {
    const error = await promise.then(
        () => assert.fail('expected the send to fail'),
        (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ConnectionError, String(error));
    assert.ok(!error.message.includes(USER.password));
    return error;
}

describe('SmtpMailSender against a real SMTP server', () => {
    let smtp: SmtpTestServer;

    before(async () => {
        smtp = await startSmtpServer({ users: [USER], ca: await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-ca-'))) });
    });

    after(async () => {
        await smtp?.close();
    });

    for (const [security, port] of [
        ['ssl', () => smtp.tlsPort],
        ['starttls', () => smtp.plainPort],
    ] as const) {
        it(`sends the composed email with its file over ${security}`, async () => {
            smtp.clear();
            const sender = new SmtpMailSender(inboxOn(port(), security));
            const email = reply('Hello *Carla*');
            try {
                await sender.send(email, [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('file body') }], Deadline.after(10_000));
            } finally {
                sender.close();
            }
            const [received] = await smtp.waitForMessages(1);
            assert.equal(received.secure, true);
            const parsed = await simpleParser(received.raw);
            assert.equal(parsed.messageId, `<${email.headers.messageId}>`);
            assert.equal(parsed.inReplyTo, '<c1@example.net>');
            assert.equal(parsed.subject, 'Re: Printer on fire');
            assert.match(parsed.text ?? '', /Hello \*Carla\*/);
            assert.match(String(parsed.html), /<strong>Carla<\/strong>/);
            assert.equal(parsed.attachments[0]?.content.toString(), 'file body');
        });
    }

    it('reports a rejected recipient as permanent, with the server words', async () => {
        smtp.failNext({ code: 550, message: '5.1.1 User unknown', stage: 'rcptTo' });
        const error = await failure(new SmtpMailSender(inboxOn(smtp.tlsPort, 'ssl')).send(reply('x'), [], Deadline.after(10_000)));
        assert.equal(error.code, ErrorCode.RecipientRejected);
        assert.match(error.detail, /5\.1\.1 User unknown/);
        assert.equal(failureKind(error.code), 'permanent');
    });

    it('reports a 4xx answer as temporary', async () => {
        smtp.failNext({ code: 451, message: '4.3.0 Try again later', stage: 'data' });
        const error = await failure(new SmtpMailSender(inboxOn(smtp.tlsPort, 'ssl')).send(reply('x'), [], Deadline.after(10_000)));
        assert.equal(error.code, ErrorCode.TemporaryFailure);
        assert.equal(failureKind(error.code), 'temporary');
    });

    it('reports a refused login as permanent, without the password', async () => {
        const error = await failure(new SmtpMailSender(inboxOn(smtp.tlsPort, 'ssl', 'wrong-password')).send(reply('x'), [], Deadline.after(10_000)));
        assert.equal(error.code, ErrorCode.AuthenticationFailed);
        assert.equal(failureKind(error.code), 'permanent');
    });

    it('reports a server that is not there as temporary', async () => {
        const error = await failure(new SmtpMailSender(inboxOn(await freePort(), 'ssl')).send(reply('x'), [], Deadline.after(10_000)));
        assert.equal(error.code, ErrorCode.ConnectionRefused);
        assert.equal(failureKind(error.code), 'temporary');
    });
});
