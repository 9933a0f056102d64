// Networks and servers that misbehave, against the real engine: a connection cut in the middle
// of an answer, a server that stops answering or is stopped and started again, a folder deleted
// and created anew, a mailbox over its quota: each ends the step it was in, says so in status,
// and the next check or send recovers, losing and repeating nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { simpleParser } from 'mailparser';

import type { EngineHost } from '../support/engine';
import { commandAnswer, letRetriesBeDue, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, removeInboxThroughForm, testInboxValues } from '../support/inboxes';
import { startFaultProxy } from '../support/mail';
import type { FaultProxy, DovecotServer, SmtpTestServer } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';

const MAILBOX = { user: 'support@example.test', password: 'Fault-Secret-4242' };
/** Reads the folder "Shared", which is deleted and created again. */
const SHARED_MAILBOX = { user: 'shared@example.test', password: 'Fault-Secret-4444' };
/** A mailbox with little room left: Dovecot's quota refuses a copy of a long reply in Sent. */
const FULL_MAILBOX = { user: 'full@example.test', password: 'Fault-Secret-4545' };
const FULL_QUOTA_KIB = 6;
/** Reads its INBOX straight from Dovecot, with no proxy between: it sees Dovecot stop and start as any client does. */
const ORDERS_MAILBOX = { user: 'orders@example.test', password: 'Fault-Secret-4646' };
/** Removed by an admin while its mail is being checked. */
const LEAVING_MAILBOX = { user: 'leaving@example.test', password: 'Fault-Secret-4747' };

/** A customer's mail whose text in its room is `*<subject>*\n\n<body>` (a new room: one customer each). */
function customerMail(options: { from: string; to?: string; subject: string; id: string; body: string }): string {
    return rawMail({
        from: options.from,
        to: options.to ?? MAILBOX.user,
        subject: options.subject,
        messageId: `${options.id}@example.net`,
        body: options.body,
    });
}

describe(`faults (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let imapCut: FaultProxy;
    let imapTlsCut: FaultProxy;
    let smtpCut: FaultProxy;
    let leavingCut: FaultProxy;
    const TLS_MAILBOX = { user: 'tls@example.test', password: 'Fault-Secret-4343' };

    const poll = () => runJobToEnd(host, 'email-inboxes-poll');

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX, TLS_MAILBOX, SHARED_MAILBOX, FULL_MAILBOX, ORDERS_MAILBOX, LEAVING_MAILBOX],
            smtpUsers: [MAILBOX],
            quotaKiB: { [FULL_MAILBOX.user]: FULL_QUOTA_KIB },
            workspace: (workspace) => workspace.users.add({ username: 'jane', roles: ['livechat-agent'] }),
        });
        ({ host, dovecot, smtp } = bed);
        imapCut = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort });
        imapTlsCut = await startFaultProxy({ host: '127.0.0.1', port: dovecot.tlsPort });
        smtpCut = await startFaultProxy({ host: '127.0.0.1', port: smtp.plainPort });
        leavingCut = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort });
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
        await dovecot.createMailbox(SHARED_MAILBOX.user, 'Shared');
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: SHARED_MAILBOX, smtpUser: MAILBOX, name: 'shared' }),
            'imap.folder': 'Shared',
        });
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: FULL_MAILBOX, smtpUser: MAILBOX, name: 'full' }),
            'imap.saveSentCopy': 'true',
        });
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: ORDERS_MAILBOX, smtpUser: MAILBOX, name: 'orders' }));
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: LEAVING_MAILBOX, smtpUser: MAILBOX, name: 'leaving' }),
            'imap.security': 'none',
            'imap.port': String(leavingCut.port),
        });
        await poll(); // the inboxes meet their folders
    });

    /** The texts of the messages posted since `from` (an index into everything posted). */
    const postedSince = (from: number) =>
        host
            .posted()
            .slice(from)
            .map((message) => message.text ?? '');
    /** What `/email-inbox status` counts for an inbox: imported and already imported (delivered again). */
    const counts = async (name: string) => {
        const [, imported, duplicates] =
            /Emails imported: (\d+); already imported \(delivered again\): (\d+)/.exec(await commandAnswer(host, `status ${name}`)) ?? [];
        return { imported: Number(imported), duplicates: Number(duplicates) };
    };

    after(async () => {
        await imapCut?.close();
        await imapTlsCut?.close();
        await smtpCut?.close();
        await leavingCut?.close();
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

    it('leaves nothing behind of an inbox removed while its mail was being checked', async () => {
        const ownerAssociation = (id: string) => `email-inboxes:owner:${id}`;
        const inboxRecord = host.persistence().find((record) => (record.data as { name?: string }).name === 'leaving');
        const inboxId = (inboxRecord?.data as { id: string }).id;
        assert.ok(host.persistence().some((record) => record.associations.some((association) => association.id === ownerAssociation(inboxId))));
        await dovecot.appendMessage(
            LEAVING_MAILBOX.user,
            customerMail({ from: 'Lea <lea@example.net>', to: LEAVING_MAILBOX.user, subject: 'Leaving', id: 'leaving-1', body: 'l'.repeat(300_000) }),
        );
        leavingCut.stallNext(/\* \d+ FETCH \(/, 100_000);
        const running = host.runJob('email-inboxes-poll');
        while (leavingCut.cuts === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.match(await removeInboxThroughForm(host, 'admin', 'leaving'), /Inbox \*leaving\* removed/);
        // The check goes on after the removal, and ends with the connection lost.
        leavingCut.endStalled();
        assert.equal((await running).error, undefined);
        await host.settle();
        const left = host.persistence().filter((record) => record.associations.some((association) => association.id === ownerAssociation(inboxId)));
        assert.deepEqual(
            left.map((record) => record.associations[0].id),
            [],
            'no status, cursor or other record of the removed inbox',
        );
        assert.doesNotMatch(await commandAnswer(host, 'list'), /leaving/);
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

    it('imports only the new mails of a folder deleted and created again (new UIDVALIDITY), nothing twice', async () => {
        const mail = (id: string, name: string) =>
            rawMail({
                from: `${name} <${id}@example.net>`,
                to: SHARED_MAILBOX.user,
                subject: `Folder ${id}`,
                messageId: `folder-${id}@example.net`,
                body: `From ${name}.`,
            });
        const uidValidity = async () => {
            const imap = await dovecot.client(SHARED_MAILBOX.user);
            try {
                const status = await imap.status('Shared', { uidValidity: true });
                return status ? status.uidValidity : undefined;
            } finally {
                await imap.logout();
            }
        };
        const before = host.posted().length;
        const counted = await counts('shared');
        await dovecot.appendMessage(SHARED_MAILBOX.user, mail('a', 'Ann'), { mailbox: 'Shared' });
        await dovecot.appendMessage(SHARED_MAILBOX.user, mail('b', 'Bob'), { mailbox: 'Shared' });
        await poll();
        assert.deepEqual(postedSince(before), ['*Folder a*\n\nFrom Ann.', '*Folder b*\n\nFrom Bob.']);
        const oldValidity = await uidValidity();

        // The folder goes (a migration, a restore from backup): the check says so and imports nothing.
        await dovecot.deleteMailbox(SHARED_MAILBOX.user, 'Shared');
        await poll();
        assert.match(await commandAnswer(host, 'status shared'), /\n⚠️ Last error .* \(folder_not_found\): Mailbox doesn't exist: Shared$/);
        // It comes back renumbered, holding both imported mails among new ones: a new mail comes
        // first, at a UID the old cursor had passed.
        await dovecot.createMailbox(SHARED_MAILBOX.user, 'Shared');
        for (const [id, name] of [
            ['c', 'Cid'],
            ['a', 'Ann'],
            ['d', 'Dee'],
            ['b', 'Bob'],
        ]) {
            await dovecot.appendMessage(SHARED_MAILBOX.user, mail(id, name), { mailbox: 'Shared' });
        }
        assert.notEqual(await uidValidity(), oldValidity, 'the folder was renumbered');
        await poll();
        assert.deepEqual(postedSince(before), ['*Folder a*\n\nFrom Ann.', '*Folder b*\n\nFrom Bob.', '*Folder c*\n\nFrom Cid.', '*Folder d*\n\nFrom Dee.']);
        const status = await commandAnswer(host, 'status shared');
        assert.deepEqual(await counts('shared'), { imported: counted.imported + 4, duplicates: counted.duplicates + 2 }, status);
        assert.doesNotMatch(status, /Importing existing mail/, 'the rescan is done');
        await poll();
        assert.equal(host.posted().length - before, 4, 'nothing more at the next check');
    });

    it("sends a reply once when the mailbox is over its quota for the Sent copy, shows the server's words in status, and files the next reply after the quota was raised", async () => {
        await dovecot.appendMessage(
            FULL_MAILBOX.user,
            rawMail({ from: 'Quinn <quinn@example.net>', to: FULL_MAILBOX.user, subject: 'Quota', messageId: 'quota-1@example.net', body: 'Is there room?' }),
        );
        await poll();
        const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'quinn@example.net');
        assert.ok(room, 'the mail opened a room');
        const toQuinn = () => smtp.messages.filter((message) => message.envelope.to.includes('quinn@example.net'));
        const noticesBefore = host.notifications('jane').length;
        // Longer than the room left in the mailbox: Dovecot refuses its copy with NO [OVERQUOTA].
        const longReply = `Here is the whole story.\n${'All of it, line after line. '.repeat(300)}`;
        await host.postAgentMessage(room.id, 'jane', longReply);
        await host.settle();
        assert.equal(toQuinn().length, 1, 'the reply went out');
        assert.deepEqual(host.notifications('jane').slice(noticesBefore), [], 'the agent is told nothing: the customer got the reply');
        assert.deepEqual(
            host.messages(room.id).map((message) => message.text),
            ['*Quota*\n\nIs there room?', longReply],
            'no note in the room',
        );
        const status = await commandAnswer(host, 'status full');
        assert.match(status, /\nReplies sent: 1; waiting to be sent: 0; failed: 0\.\n/);
        assert.match(
            status,
            /\n⚠️ Filing replies in the Sent folder fails since .* \(message_rejected\): \[OVERQUOTA\] Quota exceeded \(mailbox for user is full\)\. The replies themselves were sent\.(\n|$)/,
        );
        await runJobToEnd(host, 'email-inboxes-outbox');
        assert.equal(toQuinn().length, 1, 'sent once: a failed copy is not a failed send');

        await dovecot.setQuota(FULL_MAILBOX.user, 10_000);
        await host.postAgentMessage(room.id, 'jane', 'And a short one.');
        await host.settle();
        assert.equal(toQuinn().length, 2);
        const imap = await dovecot.client(FULL_MAILBOX.user);
        try {
            await imap.mailboxOpen('Sent');
            const copies = await imap.fetchAll('1:*', { envelope: true });
            assert.deepEqual(
                copies.map((copy) => copy.envelope?.messageId),
                [(await simpleParser(toQuinn()[1].raw)).messageId],
                'the copy of the second reply only',
            );
        } finally {
            await imap.logout();
        }
        const after = await commandAnswer(host, 'status full');
        assert.match(after, /Replies sent: 2; waiting to be sent: 0; failed: 0\./);
        assert.doesNotMatch(after, /Sent folder fails/);
    });

    it('ends a check in its budget when the server stops answering after several mails of a batch, keeps what came in, and goes on from there at the next check', async () => {
        const total = 15; // a FETCH of 10 mails, then one of 5 that stops after two of them
        const text = (index: number) => `*Late ${index}*\n\n${`[late ${index}] `.repeat(400).trim()}`;
        for (let index = 0; index < total; index++) {
            await dovecot.appendMessage(
                MAILBOX.user,
                customerMail({
                    from: `Lee ${index} <lee${index}@example.net>`,
                    subject: `Late ${index}`,
                    id: `late-${index}`,
                    body: `[late ${index}] `.repeat(400).trim(),
                }),
            );
        }
        const before = host.posted().length;
        const counted = await counts('support');
        // Each mail is some 4.3 KB: 11 KB into the second FETCH's answer, the server falls silent.
        const cuts = imapCut.cuts;
        imapCut.stallNext(/\[late 10\]/, 11_000);
        const started = Date.now();
        const run = await host.runJob('email-inboxes-poll');
        const tookMs = Date.now() - started;
        await host.settle();
        assert.equal(imapCut.cuts, cuts + 1, 'the server fell silent');
        assert.equal(run.error, undefined, "the job ends by itself, not at the engine's timeout");
        assert.ok(tookMs < 28_000, `the check ended before the engine's 30 s (${tookMs} ms)`);
        assert.deepEqual(
            postedSince(before),
            Array.from({ length: 10 }, (_, index) => text(index)),
            'the first FETCH came in whole',
        );
        const stalled = await commandAnswer(host, 'status support');
        assert.match(stalled, /\n⚠️ Last error .* \(timeout\): localhost did not answer in time$/);
        await poll();
        assert.deepEqual(
            postedSince(before),
            Array.from({ length: total }, (_, index) => text(index)),
            'the rest at the next check, each mail once',
        );
        assert.deepEqual(await counts('support'), { imported: counted.imported + total, duplicates: counted.duplicates });
    });

    it('loses and repeats nothing when Dovecot stops in the middle of a check, says so, and imports the rest once it is back', async () => {
        // Three FETCHes of mail: when Dovecot stops, the later ones have not been asked for yet.
        const total = 25;
        const text = (index: number) => `*Restart ${index}*\n\nMail ${index} of the backlog.`;
        for (let index = 0; index < total; index++) {
            await dovecot.appendMessage(
                ORDERS_MAILBOX.user,
                customerMail({
                    to: ORDERS_MAILBOX.user,
                    from: `Rita ${index} <rita${index}@example.net>`,
                    subject: `Restart ${index}`,
                    id: `restart-${index}`,
                    body: `Mail ${index} of the backlog.`,
                }),
            );
        }
        const before = host.posted().length;
        const counted = await counts('orders');
        host.onceStored(
            (message) => message.text === text(0),
            () => dovecot.stopServer(),
        );
        const run = await host.runJob('email-inboxes-poll');
        await host.settle();
        assert.equal(run.error, undefined);
        const first = postedSince(before);
        assert.ok(first.length >= 1 && first.length < total, `the check stopped part way (${first.length} mails)`);
        assert.deepEqual(
            first,
            Array.from({ length: first.length }, (_, index) => text(index)),
            'in order, none twice',
        );
        const stopped = await commandAnswer(host, 'status orders');
        assert.match(stopped, /\n⚠️ Last error .* \(connection_lost\): the connection was closed( \(the server said: Server shutting down\.\))?$/);

        // Checks while it is down change nothing and say why.
        await poll();
        assert.equal(host.posted().length - before, first.length);
        const down = await commandAnswer(host, 'status orders');
        assert.match(down, /\nFailed 2 times in a row; next attempt .*\n⚠️ Last error .* \(connection_refused\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/);

        await dovecot.startServer();
        letRetriesBeDue(host);
        await poll();
        assert.deepEqual(
            postedSince(before),
            Array.from({ length: total }, (_, index) => text(index)),
            'every mail once',
        );
        const status = await commandAnswer(host, 'status orders');
        assert.deepEqual(await counts('orders'), { imported: counted.imported + total, duplicates: counted.duplicates }, status);
        assert.doesNotMatch(status, /times in a row/, 'the check succeeded: no more waiting between attempts');
    });
});
