// Networks and servers that misbehave, against the real engine: a connection cut in the middle
// of an answer ends the step it was in, says so in status, and the next check or send recovers,
// losing and repeating nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { simpleParser } from 'mailparser';

import type { EngineHost } from '../support/engine';
import { commandAnswer, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import { startFaultProxy } from '../support/mail';
import type { FaultProxy, DovecotServer, SmtpTestServer } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';

const MAILBOX = { user: 'support@example.test', password: 'Fault-Secret-4242' };

describe(`faults (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let imapCut: FaultProxy;
    let imapTlsCut: FaultProxy;
    let smtpCut: FaultProxy;
    const TLS_MAILBOX = { user: 'tls@example.test', password: 'Fault-Secret-4343' };

    const poll = () => runJobToEnd(host, 'email-inboxes-poll');

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX, TLS_MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => workspace.users.add({ username: 'jane', roles: ['livechat-agent'] }),
        });
        ({ host, dovecot, smtp } = bed);
        imapCut = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort });
        imapTlsCut = await startFaultProxy({ host: '127.0.0.1', port: dovecot.tlsPort });
        smtpCut = await startFaultProxy({ host: '127.0.0.1', port: smtp.plainPort });
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX }),
            'imap.security': 'none',
            'imap.port': String(imapCut.port),
            'smtp.security': 'none',
            'smtp.port': String(smtpCut.port),
        });
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: TLS_MAILBOX, smtpUser: MAILBOX, name: 'tls' }),
            'imap.port': String(imapTlsCut.port),
        });
        await poll(); // the inboxes meet their folders
    });

    after(async () => {
        await imapCut?.close();
        await imapTlsCut?.close();
        await smtpCut?.close();
        await bed?.stop();
    });

    it('records a connection cut in the middle of a FETCH, and imports the mail once at the next check', async () => {
        const body = 'y'.repeat(300_000);
        await dovecot.appendMessage(MAILBOX.user, `From: Cora <cora@example.net>\r\nSubject: Cut\r\nMessage-ID: <cut-1@example.net>\r\n\r\n${body}\r\n`);
        imapCut.cutNext(/\* \d+ FETCH \(/, 100_000);
        const started = Date.now();
        const run = await host.runJob('email-inboxes-poll');
        await host.settle();
        assert.equal(imapCut.cuts, 1, 'the connection was cut');
        assert.equal(run.error, undefined, 'the job itself ends normally');
        assert.ok(Date.now() - started < 25_000, `the check ended in its budget (${Date.now() - started} ms)`);
        assert.match(await commandAnswer(host, 'status support'), /Last error .*\(connection_lost\)/);
        await poll();
        const texts = host.posted().map((message) => message.text ?? '');
        assert.equal(texts.filter((text) => text.includes('*Cut*')).length, 1, 'imported once');
        assert.ok(
            texts.some((text) => text.includes('y'.repeat(1_000))),
            'with its text',
        );
    });

    it('does the same when the cut TLS connection is in the middle of a FETCH', async () => {
        await dovecot.appendMessage(
            TLS_MAILBOX.user,
            `From: Tim <tim@example.net>\r\nSubject: TLS cut\r\nMessage-ID: <cut-2@example.net>\r\n\r\n${'z'.repeat(400_000)}\r\n`,
        );
        // The bytes are encrypted: cut once well into the mail's 400 KB, past the greeting and login.
        imapTlsCut.cutNext(/[\s\S]/, 200_000);
        const started = Date.now();
        const run = await host.runJob('email-inboxes-poll');
        await host.settle();
        assert.equal(imapTlsCut.cuts, 1, 'the connection was cut');
        assert.equal(run.error, undefined);
        assert.ok(Date.now() - started < 25_000, `the check ended in its budget (${Date.now() - started} ms)`);
        assert.match(await commandAnswer(host, 'status tls'), /Last error /);
        await poll();
        assert.equal(host.posted().filter((message) => (message.text ?? '').includes('*TLS cut*')).length, 1, 'imported once');
    });

    it('ends a check in its budget when the server stops answering in the middle of a FETCH, and imports the mail at the next check', async () => {
        await dovecot.appendMessage(
            MAILBOX.user,
            `From: Sam <sam@example.net>\r\nSubject: Stall\r\nMessage-ID: <stall-1@example.net>\r\n\r\n${'s'.repeat(300_000)}\r\n`,
        );
        imapCut.stallNext(/\* \d+ FETCH \(/, 100_000);
        const started = Date.now();
        const run = await host.runJob('email-inboxes-poll');
        const tookMs = Date.now() - started;
        await host.settle();
        assert.equal(run.error, undefined, "the job ends by itself, not at the engine's timeout");
        assert.ok(tookMs < 28_000, `the check ended before the engine's 30 s (${tookMs} ms)`);
        assert.match(await commandAnswer(host, 'status support'), /Last error .*\((timeout|connection_lost)\)/);
        await poll();
        assert.equal(host.posted().filter((message) => (message.text ?? '').includes('*Stall*')).length, 1, 'imported once');
    });

    it('keeps a reply whose connection was cut in the middle of DATA, and sends it once later', async () => {
        const [room] = host.rooms();
        const before = smtp.messages.length;
        smtpCut.cutNext(/^354/m, 0);
        await host.postAgentMessage(room.id, 'jane', 'Sent through a cut connection');
        assert.equal(smtpCut.cuts, 1, 'the connection was cut');
        assert.equal(smtp.messages.length, before, 'nothing arrived');
        assert.match(host.notifications('jane').at(-1)?.text ?? '', /could not be sent yet/);
        await host.runCommand('email-inbox', 'retry support', { user: 'admin' });
        const [sent] = (await smtp.waitForMessages(before + 1)).slice(before);
        assert.match((await simpleParser(sent.raw)).text ?? '', /Sent through a cut connection/);
        await runJobToEnd(host, 'email-inboxes-outbox');
        assert.equal(smtp.messages.length, before + 1, 'sent once');
    });

    it('keeps a reply through a server that answers 421, then 451, then accepts, and sends it once', async () => {
        const [room] = host.rooms();
        const before = smtp.messages.length;
        smtp.failNext({ code: 421, message: '4.3.2 Service shutting down, try later', stage: 'mailFrom' });
        await host.postAgentMessage(room.id, 'jane', 'Through 421 and 451');
        assert.match(host.notifications('jane').at(-1)?.text ?? '', /could not be sent yet/);
        smtp.failNext({ code: 451, message: '4.7.1 Greylisted, try again later', stage: 'data' });
        await host.runCommand('email-inbox', 'retry support', { user: 'admin' });
        assert.equal(smtp.messages.length, before, 'still not accepted');
        assert.match(await commandAnswer(host, 'status support'), /waiting to be sent: 1;.*\n.*4\.7\.1 Greylisted/s);
        await host.runCommand('email-inbox', 'retry support', { user: 'admin' });
        const [sent] = (await smtp.waitForMessages(before + 1)).slice(before);
        assert.match((await simpleParser(sent.raw)).text ?? '', /Through 421 and 451/);
        await runJobToEnd(host, 'email-inboxes-outbox');
        assert.equal(smtp.messages.length, before + 1, 'accepted once');
        assert.match(await commandAnswer(host, 'status support'), /waiting to be sent: 0; failed: 0/);
    });
});
