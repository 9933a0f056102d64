// Agents' messages in the real Apps-Engine become threaded emails through a real SMTP server;
// replies that cannot be sent wait in the outbox and are never lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';
import type { EngineHost } from '../support/engine';
import { runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import type { DovecotServer, SmtpTestServer } from '../support/mail';

const MAILBOX = { user: 'support@example.test', password: 'Smtp-Secret-5678' };
/** The first retry of an unsent reply comes this long after the failed attempt (deliveryPolicy's FIRST_RETRY_MS). */
const FIRST_RETRY_MS = 30_000;

function customerMail(options: { id: string; from?: string; subject?: string; body?: string; inReplyTo?: string; references?: string[] }): string {
    return rawMail({
        from: options.from ?? 'Carla Customer <carla@example.net>',
        to: MAILBOX.user,
        subject: options.subject ?? 'Printer on fire',
        messageId: options.id,
        headers: [
            ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`] : []),
            ...(options.references ? [`References: ${options.references.map((id) => `<${id}>`).join(' ')}`] : []),
        ],
        body: options.body ?? 'Hello, my printer is on fire.',
    });
}

const headerIds = (value: unknown): string[] => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : []).filter(Boolean);

describe(`outbound mail (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let roomId: string;

    const poll = () => runJobToEnd(host, 'email-inboxes-poll');
    const runOutbox = () => runJobToEnd(host, 'email-inboxes-outbox');
    const received = async (index: number): Promise<ParsedMail> => simpleParser((await smtp.waitForMessages(index + 1))[index].raw);
    const noticesTo = (username: string) => host.notifications(username).map((notification) => notification.text);
    const status = async () => {
        await host.runCommand('email-inbox', ['status', 'support'], { user: 'admin' });
        return host.notifications('admin').at(-1)?.text ?? '';
    };

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => {
                workspace.users.add({ username: 'jane', name: 'Jane Doe', roles: ['livechat-agent'] });
                workspace.state.setSetting('Site_Url', 'https://chat.example.test/');
            },
        });
        ({ host, dovecot, smtp } = bed);
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX }));
        await poll(); // the first poll starts at the mailbox's current end
        await dovecot.appendMessage(MAILBOX.user, customerMail({ id: 'first@example.net' }));
        await poll();
        roomId = host.rooms()[0]?.id;
        assert.ok(roomId, 'the customer mail opened a room');
    });

    after(() => bed?.stop());

    it('emails nothing for the imported customer mail itself', () => {
        assert.equal(smtp.messages.length, 0);
    });

    it("sends an agent's message as a threaded email with text and HTML parts", async () => {
        await host.postAgentMessage(
            roomId,
            'jane',
            'Hi Carla, *please* unplug it:\n- switch off\n- wait :thumbsup:\nSee [the guide](https://help.example.test/fire)',
        );
        const email = await received(0);
        assert.equal(smtp.messages[0].envelope.to[0], 'carla@example.net');
        assert.equal(smtp.messages[0].authUser, MAILBOX.user);
        assert.deepEqual(email.from?.value, [{ name: 'Jane Doe via ACME Support', address: MAILBOX.user }]);
        assert.equal(email.to && !Array.isArray(email.to) ? email.to.text : '', 'carla@example.net');
        assert.equal(email.subject, 'Re: Printer on fire');
        assert.equal(email.inReplyTo, '<first@example.net>');
        assert.deepEqual(headerIds(email.references), ['<first@example.net>']);
        assert.match(email.messageId ?? '', /^<[0-9a-f-]{36}@example\.test>$/);
        assert.equal(email.headers.get('auto-submitted'), undefined);
        assert.match(email.text ?? '', /Hi Carla, \*please\* unplug it:\n- switch off\n- wait 👍\nSee the guide \(https:\/\/help\.example\.test\/fire\)/);
        assert.match(String(email.html), /<strong>please<\/strong>/);
        assert.match(String(email.html), /<ul><li>switch off<\/li><li>wait 👍<\/li><\/ul>/);
        assert.match(String(email.html), /<a href="https:\/\/help\.example\.test\/fire">the guide<\/a>/);
    });

    it("files a copy of the reply in the mailbox's Sent folder, read, as a mail client would", async () => {
        const sent = (await received(0)).messageId;
        await host.settle();
        const imap = await dovecot.client(MAILBOX.user);
        try {
            await imap.mailboxOpen('Sent');
            const copies = await imap.fetchAll('1:*', { envelope: true, flags: true, source: true });
            assert.deepEqual(
                copies.map((copy) => copy.envelope?.messageId),
                [sent],
            );
            assert.ok(copies[0].flags?.has('\\Seen'));
            assert.match(copies[0].source?.toString() ?? '', /Hi Carla, \*please\* unplug it/);
        } finally {
            await imap.logout();
        }
        await host.runCommand('email-inbox', 'show support', { user: 'admin' });
        assert.match(host.notifications('admin').at(-1)?.text ?? '', /Replies are also filed in the mailbox's Sent folder\./);
    });

    it("tells the room when the customer's server bounces a reply it had accepted, once", async () => {
        const ours = (await received(0)).messageId ?? '';
        const bounce = [
            'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
            `To: ${MAILBOX.user}`,
            'Subject: Undelivered Mail Returned to Sender',
            'Message-ID: <bounce-1@mx.example.net>',
            `Date: ${new Date().toUTCString()}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
            '',
            '--r',
            'Content-Type: text/plain',
            '',
            'Your message could not be delivered.',
            '--r',
            'Content-Type: message/delivery-status',
            '',
            'Reporting-MTA: dns; mx.example.net',
            '',
            'Final-Recipient: rfc822; carla@example.net',
            'Action: failed',
            'Status: 5.2.2',
            'Diagnostic-Code: smtp; 552 5.2.2 mailbox full',
            '--r',
            'Content-Type: text/rfc822-headers',
            '',
            `From: ACME Support <${MAILBOX.user}>`,
            'Subject: Re: Printer on fire',
            `Message-ID: ${ours}`,
            '--r--',
            '',
        ].join('\r\n');
        const before = host.messages(roomId).length;
        await dovecot.appendMessage(MAILBOX.user, bounce);
        await dovecot.appendMessage(MAILBOX.user, bounce); // delivered twice
        await poll();
        const notes = host.messages(roomId).slice(before);
        assert.equal(notes.length, 1, 'one note, for the bounce delivered twice');
        assert.equal(
            notes[0].text,
            '⚠️ An email reply to carla@example.net (“Re: Printer on fire”) bounced: 5.2.2 smtp; 552 5.2.2 mailbox full. The customer did not receive it; check the address with them another way.',
        );
        assert.equal(smtp.messages.length, 1, 'the note is not emailed');
    });

    it("threads the customer's answer to that email back into the same room", async () => {
        const ours = (await received(0)).messageId?.replace(/[<>]/g, '') ?? '';
        await dovecot.appendMessage(
            MAILBOX.user,
            customerMail({ id: 'answer@example.net', subject: 'Re: Printer on fire', inReplyTo: ours, references: [ours], body: 'Done, thanks!' }),
        );
        await poll();
        assert.equal(host.rooms().length, 1);
        assert.equal(host.messages(roomId).at(-1)?.text, 'Done, thanks!');
    });

    it('replies to everyone the customer wrote to or copied (reply all), unless the setting says the customer only', async () => {
        await dovecot.appendMessage(
            MAILBOX.user,
            [
                'From: Dora <dora@example.net>',
                `To: ${MAILBOX.user}, Colleague <colleague@example.net>`,
                'Cc: boss@example.net',
                'Subject: Invoice question',
                'Message-ID: <dora-1@example.net>',
                `Date: ${new Date().toUTCString()}`,
                'Content-Type: text/plain; charset=utf-8',
                '',
                'Which invoice is this?',
                '',
            ].join('\r\n'),
        );
        await poll();
        const doraRoom = host.rooms().find((room) => room.visitor.visitorEmails?.[0]?.address === 'dora@example.net');
        assert.ok(doraRoom);
        assert.match(host.messages(doraRoom.id)[0].text ?? '', /CC: boss@example\.net/);
        const before = smtp.messages.length;
        await host.postAgentMessage(doraRoom.id, 'jane', 'Invoice 42.');
        const email = await received(before);
        assert.deepEqual(smtp.messages[before].envelope.to, ['dora@example.net', 'colleague@example.net', 'boss@example.net']);
        assert.equal(email.to && !Array.isArray(email.to) ? email.to.text : '', 'dora@example.net');
        assert.equal(email.cc && !Array.isArray(email.cc) ? email.cc.text : '', 'colleague@example.net, boss@example.net');

        // The colleague answers all: their mail joins Dora's conversation, saying who wrote it.
        await dovecot.appendMessage(
            MAILBOX.user,
            [
                'From: Colleague <colleague@example.net>',
                `To: ${MAILBOX.user}, dora@example.net`,
                'Cc: boss@example.net',
                'Subject: Re: Invoice question',
                'Message-ID: <colleague-1@example.net>',
                `In-Reply-To: ${email.messageId}`,
                `Date: ${new Date().toUTCString()}`,
                'Content-Type: text/plain; charset=utf-8',
                '',
                'It is the March one.',
                '',
            ].join('\r\n'),
        );
        await poll();
        assert.equal(host.rooms().filter((room) => room.id === doraRoom.id || room.visitor.visitorEmails?.[0]?.address === 'colleague@example.net').length, 1);
        assert.equal(
            host.messages(doraRoom.id).at(-1)?.text,
            '✉️ Written by Colleague <colleague@example.net>\n\nCC: boss@example.net\n\nIt is the March one.',
        );
        await host.postAgentMessage(doraRoom.id, 'jane', 'Thanks, both.');
        const toAll = await received(before + 1);
        assert.equal(toAll.to && !Array.isArray(toAll.to) ? toAll.to.text : '', 'dora@example.net', 'the conversation stays the customer’s');
        assert.deepEqual(smtp.messages[before + 1].envelope.to, ['dora@example.net', 'colleague@example.net', 'boss@example.net']);

        await host.setAppSetting('reply_to_all', false);
        await host.postAgentMessage(doraRoom.id, 'jane', 'Only to you.');
        const second = await received(before + 2);
        assert.deepEqual(smtp.messages[before + 2].envelope.to, ['dora@example.net']);
        assert.equal(second.cc, undefined);
        await host.setAppSetting('reply_to_all', true);
    });

    it("attaches the agent's file", async () => {
        const before = smtp.messages.length;
        await host.postAgentMessage(roomId, 'jane', 'The manual is attached.', {
            file: { name: 'manual.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 manual') },
        });
        const email = await received(before);
        assert.equal(email.inReplyTo, '<answer@example.net>');
        assert.deepEqual(
            email.attachments.map((file) => [file.filename, file.contentType, file.content.toString()]),
            [['manual.pdf', 'application/pdf', '%PDF-1.4 manual']],
        );
    });

    it('withholds a file over the size limit while Rocket.Chat protects its files (its default), and tells the agent: no link the customer could not open', async () => {
        const before = smtp.messages.length;
        await host.setAppSetting('max_attachment_size_mb', 0.001);
        try {
            await host.postAgentMessage(roomId, 'jane', 'Here is the photo.', {
                file: { name: 'photo.png', type: 'image/png', content: Buffer.alloc(4096, 1) },
            });
        } finally {
            await host.setAppSetting('max_attachment_size_mb', 20);
        }
        const email = await received(before);
        assert.equal(email.attachments.length, 0);
        assert.match(email.text ?? '', /Here is the photo\./);
        assert.doesNotMatch(email.text ?? '', /photo\.png|file-upload/);
        assert.match(
            noticesTo('jane').at(-1) ?? '',
            /photo\.png \(4 KB\) was not emailed: it is larger than the 0\.001 MB attachment limit, and this workspace lets only signed-in users open its files/,
        );
    });

    it('sends a link instead of a file over the size limit when the workspace lets anyone open its files, and tells the agent', async () => {
        const before = smtp.messages.length;
        host.state.setSetting('FileUpload_ProtectFiles', false);
        await host.setAppSetting('max_attachment_size_mb', 0.001);
        try {
            await host.postAgentMessage(roomId, 'jane', '', { file: { name: 'photo.png', type: 'image/png', content: Buffer.alloc(4096, 1) } });
        } finally {
            await host.setAppSetting('max_attachment_size_mb', 20);
            host.state.setSetting('FileUpload_ProtectFiles', true);
        }
        const email = await received(before);
        assert.equal(email.attachments.length, 0);
        assert.match(email.text ?? '', /photo\.png \(too large to attach\): https:\/\/chat\.example\.test\/file-upload\/[^/]+\/photo\.png/);
        assert.match(noticesTo('jane').at(-1) ?? '', /photo\.png is larger than the 0\.001 MB attachment limit/);
    });

    it("emails nothing for visitor messages, thread replies (internal notes) or the app's own messages", async () => {
        const before = smtp.messages.length;
        await host.postVisitorMessage(roomId, 'typed in the widget');
        const note = await host.postAgentMessage(roomId, 'jane', 'Internal: customer is a VIP');
        await smtp.waitForMessages(before + 1); // the top-level message above is a reply
        await host.postAgentMessage(roomId, 'jane', 'Note in a thread: check the warranty', { threadId: note.id });
        await host.settle();
        await runOutbox();
        assert.equal(smtp.messages.length, before + 1);
    });

    it('keeps replies while the SMTP server is down, tells the agent, and delivers them in order, exactly once, when it is back', async () => {
        const before = smtp.messages.length;
        await smtp.stop();
        await host.postAgentMessage(roomId, 'jane', 'Sent while the server is down');
        assert.match(noticesTo('jane').at(-1) ?? '', /could not be sent yet: .*retried automatically/);
        const failedAt = Date.now();
        await host.postAgentMessage(roomId, 'jane', 'And a second one');
        assert.match(noticesTo('jane').at(-1) ?? '', /waits behind an earlier reply/);
        assert.match(await status(), /waiting to be sent: 2/);

        await smtp.start();
        await runOutbox(); // too early: the retry waits for its backoff
        assert.equal(smtp.messages.length, before);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, failedAt + FIRST_RETRY_MS + 500 - Date.now())));
        await runOutbox();
        await runOutbox();
        assert.match((await received(before)).text ?? '', /Sent while the server is down/);
        assert.match((await received(before + 1)).text ?? '', /And a second one/);
        assert.equal(smtp.messages.length, before + 2);
        assert.ok(noticesTo('jane').some((text) => /has now been delivered \(attempt 2\)/.test(text)));
        assert.match(await status(), /waiting to be sent: 0; failed: 0/);
    });

    it('tells the agent and the room when the server rejects a reply, retries nothing, and sends it on `retry`', async () => {
        const before = smtp.messages.length;
        smtp.failNext({ code: 550, message: '5.1.1 <carla@example.net>: mailbox unavailable', stage: 'rcptTo' });
        await host.postAgentMessage(roomId, 'jane', 'This one bounces');
        assert.match(noticesTo('jane').at(-1) ?? '', /was not delivered: .*5\.1\.1 <carla@example\.net>: mailbox unavailable/);
        const note = host.messages(roomId).at(-1);
        assert.match(note?.text ?? '', /An email reply by Jane Doe to carla@example\.net .* was not delivered/);
        assert.notEqual(note?.sender.username, 'jane');
        assert.match(await status(), /failed: 1/);
        assert.match(
            host.logs().join('\n'),
            /inbox support: reply to carla@example\.net \(Re: Printer on fire\) failed \(recipient_rejected\): .*mailbox unavailable/,
        );

        await runOutbox();
        assert.equal(smtp.messages.length, before);

        await host.runCommand('email-inbox', ['retry', 'support'], { user: 'admin' });
        assert.match(host.notifications('admin').at(-1)?.text ?? '', /support: 1 replies sent; 0 still waiting; 0 failed/);
        assert.match((await received(before)).text ?? '', /This one bounces/);
        assert.match(await status(), /failed: 0/);
    });

    it('emails the closing message when the setting asks for it, marked as automatic so auto-responders stay quiet', async () => {
        const before = smtp.messages.length;
        await host.setAppSetting('send_closing_message', true);
        await host.setAppSetting('closing_message', 'Thanks for writing to *ACME*!');
        await host.closeRoom(roomId, 'jane');
        const email = await received(before);
        assert.equal(email.subject, 'Re: Printer on fire');
        assert.match(email.text ?? '', /Thanks for writing to \*ACME\*!/);
        assert.match(String(email.html), /<strong>ACME<\/strong>/);
        assert.equal(email.headers.get('auto-submitted'), 'auto-generated');
        assert.equal(email.headers.get('x-auto-response-suppress'), 'All');
    });

    it("carries a customer's answer to a conversation an agent closed, and to one Rocket.Chat closed for inactivity, into a room whose agent replies are emailed", async () => {
        const closings = [
            { name: 'by an agent', close: (id: string) => host.closeRoom(id, 'jane') },
            { name: 'for inactivity', close: (id: string) => host.closeRoomForInactivity(id) },
        ];
        for (const [index, { name, close }] of closings.entries()) {
            const customer = `closed${index}@example.net`;
            const roomsOf = () => host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === customer);
            await dovecot.appendMessage(MAILBOX.user, customerMail({ id: `case${index}-1@example.net`, from: customer, subject: `Case ${index}` }));
            await poll();
            const [first] = roomsOf();
            await close(first.id);
            await dovecot.appendMessage(
                MAILBOX.user,
                customerMail({
                    id: `case${index}-2@example.net`,
                    from: customer,
                    subject: `Re: Case ${index}`,
                    inReplyTo: `case${index}-1@example.net`,
                    body: 'Still broken.',
                }),
            );
            await poll();
            const newer = roomsOf().find((room) => room.id !== first.id);
            assert.ok(newer?.isOpen, `a new, open room after the room was closed ${name}`);
            assert.match(
                host
                    .messages(newer.id)
                    .map((message) => message.text)
                    .join('\n'),
                /Still broken\./,
            );
            const before = smtp.messages.length;
            await host.postAgentMessage(newer.id, 'jane', 'On it.');
            const email = await received(before);
            assert.equal(smtp.messages[before].envelope.to[0], customer, `the reply in the new room (closed ${name}) is emailed`);
            assert.equal(email.inReplyTo, `<case${index}-2@example.net>`);
        }
    });

    it('sends each reply once when outbox runs, the retry command and a message hook all send at once, and nothing sent comes back', async () => {
        const before = smtp.messages.length;
        await smtp.stop();
        for (let index = 0; index < 3; index++) await host.postAgentMessage(roomId, 'jane', `Queued reply ${index}`);
        await smtp.start();
        const overlap = { overlap: true };
        await Promise.all([
            host.runJob('email-inboxes-outbox', {}, overlap),
            host.runJob('email-inboxes-outbox', {}, overlap),
            host.runCommand('email-inbox', 'retry support', { user: 'admin' }),
            host.postAgentMessage(roomId, 'jane', 'Fresh reply'),
        ]);
        await host.settle();
        // Whatever waited behind a reply another sender had at that moment goes with the next run.
        await runOutbox();
        const texts = (await smtp.waitForMessages(before + 4)).slice(before).map((message) => message.raw.toString());
        for (const text of ['Queued reply 0', 'Queued reply 1', 'Queued reply 2', 'Fresh reply']) {
            assert.equal(texts.filter((raw) => raw.includes(text)).length, 1, `${text}: sent exactly once`);
        }
        await runOutbox();
        assert.equal(smtp.messages.length, before + 4, 'nothing sent twice later either');
        assert.match(await status(), /waiting to be sent: 0; failed: 0/);
        assert.equal(
            host.persistence().filter((record) => JSON.stringify(record.associations).includes('email-inboxes:outbox:')).length,
            0,
            'no outbox entry came back',
        );
    });

    it('never shows the SMTP password', () => {
        assert.equal(host.allRecordedText().includes(MAILBOX.password), false);
    });
});
