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
import type { HostForm } from '../support/engine/HostForm';
import { letClaimsExpire, restartAppWhenStored, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, saveForm, testInboxValues } from '../support/inboxes';
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

/** The text/plain part of a raw email, its transfer encoding undone, line ends as sent (CRLF). */
function textPart(raw: Buffer): string {
    const source = raw.toString('latin1');
    const part = /Content-Type: text\/plain[^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n([\s\S]*?)\r\n--(?!\s)/i.exec(source);
    assert.ok(part, 'the email has a text/plain part');
    const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(part[1])?.[1].toLowerCase();
    if (encoding === 'base64') return Buffer.from(part[2], 'base64').toString('utf8');
    const bytes =
        encoding === 'quoted-printable'
            ? part[2].replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)))
            : part[2];
    return Buffer.from(bytes, 'latin1').toString('utf8');
}

const headerIds = (value: unknown): string[] => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : []).filter(Boolean);

describe(`outbound mail (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let roomId: string;
    /** Sam's conversation (the signature tests open it; New email uses it as a room with a composer). */
    let samRoom: string;

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
        const delivered = host.messages(roomId).filter((message) => /was delivered at/.test(message.text ?? ''));
        assert.equal(delivered.length, 1, 'one note, for the reply that waited; none for the one sent at its first attempt');
        assert.match(
            delivered[0].text ?? '',
            /^✅ The email reply by Jane Doe to carla@example\.net \("Re: Printer on fire"\) was delivered at \d{4}-\d\d-\d\d \d\d:\d\d UTC after 2 attempts\.$/,
        );
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

    describe('signature, quoted mail and late delivery', () => {
        const SIGNATURE = '{agent}\n{inbox}\n{department}';
        const editInbox = async (values: Record<string, string>) => {
            await host.runCommand('email-inbox', 'edit support', { user: 'admin' });
            return saveForm(host, 'admin', values, 'the edit form');
        };
        const samMail = (id: string, body: string, inReplyTo?: string) =>
            customerMail({ id, from: 'Sam Sender <sam@example.net>', subject: inReplyTo ? 'Re: Paper jam' : 'Paper jam', body, inReplyTo });

        before(async () => {
            const billing = host.departments.add({ name: 'Billing' });
            host.users.add({ username: 'bill', name: 'Bill', roles: ['livechat-agent'], departments: [billing.id] });
            await editInbox({ signature: SIGNATURE, department: 'Billing' });
            await dovecot.appendMessage(MAILBOX.user, samMail('sam-1@example.net', 'The paper is stuck.'));
            await poll();
            samRoom = host.rooms().find((room) => room.visitor.visitorEmails?.[0]?.address === 'sam@example.net')?.id ?? '';
            assert.ok(samRoom);
        });

        it('keeps the signature and quoting in the inbox form, shown again on edit', async () => {
            await host.runCommand('email-inbox', 'edit support', { user: 'admin' });
            const form = host.form('admin');
            const inputs = form.client.inputs();
            assert.equal(inputs[inputs.indexOf('senderInfo') + 1], 'signature');
            assert.equal(form.client.shown('signature'), SIGNATURE);
            assert.equal(form.client.shown('quoteLastEmail'), 'false');
            await form.fill({ signature: '{agent} {team}' });
            const answer = await form.submit();
            assert.equal(answer.errors.signature, 'Unknown placeholder {team}: use {agent}, {inbox}, {department}.');
            await form.close();
        });

        it('signs a reply once: the text part ends with "-- " and the signature filled in, the HTML has it as one block', async () => {
            const before = smtp.messages.length;
            await host.postAgentMessage(samRoom, 'jane', 'Open the *back* door.');
            await received(before);
            const raw = smtp.messages[before].raw;
            const text = textPart(raw);
            assert.ok(text.endsWith('Open the *back* door.\r\n\r\n-- \r\nJane Doe\r\nACME Support\r\nBilling\r\n'), JSON.stringify(text.slice(-80)));
            assert.equal(text.split('-- \r\n').length, 2);
            const html = String((await received(before)).html);
            assert.equal(html.split('class="email-inboxes-signature"').length, 2);
            assert.match(html, /<div class="email-inboxes-signature"[^>]*>-- <br>Jane Doe<br>ACME Support<br>Billing<\/div>/);
        });

        it('adds no second signature when the agent typed it', async () => {
            const before = smtp.messages.length;
            await host.postAgentMessage(samRoom, 'jane', 'Done.\n\nJane Doe\nACME Support\nBilling');
            await received(before);
            const text = textPart(smtp.messages[before].raw);
            assert.equal(text.split('Jane Doe').length, 2);
            assert.doesNotMatch(text, /^-- $/m);
            assert.equal(String((await received(before)).html).includes('email-inboxes-signature'), false);
        });

        it("puts the customer's answer quoting the signature (Gmail, its attribution wrapped) into the room without it", async () => {
            const ours = (await received(smtp.messages.length - 1)).messageId?.replace(/[<>]/g, '') ?? '';
            const body = [
                'Thanks, it works now.',
                '',
                'On Mon, 2 Mar 2026 at 10:15, Jane Doe via ACME Support <',
                'support@example.test> wrote:',
                '',
                '> Open the *back* door.',
                '>',
                '> --',
                '> Jane Doe',
                '> ACME Support',
                '> Billing',
                '>',
            ].join('\r\n');
            const before = host.messages(samRoom).length;
            await dovecot.appendMessage(MAILBOX.user, samMail('sam-2@example.net', body, ours));
            await poll();
            const posted = host.messages(samRoom).slice(before);
            // The mail's whole text follows as a file, as for any mail whose quote was cut.
            assert.deepEqual(posted.map((message) => message.text).filter(Boolean), ['Thanks, it works now.']);
        });

        it("with quoting on, quotes the customer's last email (not an earlier one) under the signature, escaped in HTML", async () => {
            await editInbox({ quoteLastEmail: 'true' });
            await dovecot.appendMessage(MAILBOX.user, samMail('sam-3@example.net', 'First: the tray squeaks.', 'sam-2@example.net'));
            await poll();
            await dovecot.appendMessage(
                MAILBOX.user,
                [
                    'From: Sam Sender <sam@example.net>',
                    `To: ${MAILBOX.user}`,
                    'Subject: Re: Paper jam',
                    'Message-ID: <sam-4@example.net>',
                    'In-Reply-To: <sam-3@example.net>',
                    'Date: Tue, 03 Mar 2026 08:05:00 +0000',
                    'Content-Type: text/plain; charset=utf-8',
                    '',
                    'Second: it prints <b>only</b> blank pages & smudges.',
                    '',
                ].join('\r\n'),
            );
            await poll();
            const before = smtp.messages.length;
            await host.postAgentMessage(samRoom, 'jane', 'Replace the toner.');
            const email = await received(before);
            const text = textPart(smtp.messages[before].raw);
            assert.ok(
                text.endsWith(
                    'Replace the toner.\r\n\r\n-- \r\nJane Doe\r\nACME Support\r\nBilling\r\n\r\n' +
                        'On Tue, 03 Mar 2026 08:05:00 UTC, Sam Sender <sam@example.net> wrote:\r\n> Second: it prints <b>only</b> blank pages & smudges.\r\n',
                ),
                JSON.stringify(text),
            );
            assert.doesNotMatch(text, /tray squeaks/);
            assert.equal(email.inReplyTo, '<sam-4@example.net>');
            assert.match(
                String(email.html),
                /<blockquote type="cite"[^>]*>Second: it prints &lt;b&gt;only&lt;\/b&gt; blank pages &amp; smudges\.<\/blockquote>/,
            );
            assert.doesNotMatch(String(email.html), /tray squeaks/);
        });

        it('says once in the room that a reply that waited went out, after how many attempts; nothing for one sent at once', async () => {
            const notes = () => host.messages(samRoom).filter((message) => /was delivered at/.test(message.text ?? ''));
            const before = smtp.messages.length;
            smtp.failNext({ code: 451, message: '4.3.0 Try again later', stage: 'data' });
            await host.postAgentMessage(samRoom, 'jane', 'One more thing.');
            assert.match(noticesTo('jane').at(-1) ?? '', /could not be sent yet/);
            assert.equal(notes().length, 0);
            await host.runCommand('email-inbox', ['retry', 'support'], { user: 'admin' });
            await received(before);
            await host.postAgentMessage(samRoom, 'jane', 'And sent at once.');
            await received(before + 1);
            await runOutbox();
            assert.equal(notes().length, 1);
            assert.match(
                notes()[0].text ?? '',
                /^✅ The email reply by Jane Doe to sam@example\.net \("Re: Paper jam"\) was delivered at .+ UTC after 2 attempts\.$/,
            );
        });
    });

    describe("a conversation's Email panel", () => {
        const BUTTON = 'email-inboxes-email-panel';
        let room: string;
        const addresses = (panel: HostForm) => panel.client.inputs().find((id) => id.startsWith('email-panel-addresses:')) ?? '';
        const shown = (panel: HostForm) => panel.client.texts().join('\n');
        const openPanel = async (username: string) => {
            const click = await host.clickButton(username, BUTTON, { room });
            assert.equal(click.shown, true, 'the panel opens within the trigger window');
            const panel = host.form(username);
            assert.equal(panel.client.surface, 'contextualBar');
            return panel;
        };
        const typeAddresses = async (panel: HostForm, text: string) => {
            await panel.type(addresses(panel), text);
            await panel.idle(); // the client sends the text 700 ms after the last key
        };

        before(async () => {
            host.users.add({ username: 'mona', roles: ['livechat-manager'] });
            host.users.add({ username: 'nora', roles: ['user'] });
            await dovecot.appendMessage(
                MAILBOX.user,
                [
                    'From: Paula <paula@example.net>',
                    `To: ${MAILBOX.user}`,
                    'Cc: colleague2@example.net',
                    'Subject: Toner order',
                    'Message-ID: <paula-1@example.net>',
                    'Date: Wed, 04 Mar 2026 09:30:00 +0000',
                    'Content-Type: multipart/mixed; boundary="b"',
                    '',
                    '--b',
                    'Content-Type: text/plain; charset=utf-8',
                    '',
                    'Two cartridges, please.',
                    '--b',
                    'Content-Type: application/pdf; name="order.pdf"',
                    'Content-Disposition: attachment; filename="order.pdf"',
                    '',
                    '%PDF-1.4 order',
                    '--b--',
                    '',
                ].join('\r\n'),
            );
            await poll();
            room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'paula@example.net')?.id ?? '';
            assert.ok(room);
        });

        it("is offered in livechat rooms to agents and managers, and shows the conversation to its inbox's agent", async () => {
            assert.ok((await host.buttonsFor('bill', { room })).some((button) => button.actionId === BUTTON));
            assert.ok(!(await host.buttonsFor('bill', { room: host.generalRoom().id })).some((button) => button.actionId === BUTTON));
            assert.ok(!(await host.buttonsFor('nora', { room })).some((button) => button.actionId === BUTTON));
            const panel = await openPanel('bill');
            const text = shown(panel);
            assert.match(text, /Inbox: support \(support@example\.test\)\nCustomer: Paula \(paula@example\.net\)\nSubject: Toner order/);
            assert.match(text, /To: paula@example\.net\nCC: colleague2@example\.net/);
            assert.match(text, /📥 From Paula <paula@example\.net> · 2026-03-04 09:30 UTC\nCC: colleague2@example\.net\nFiles: order\.pdf/);
            assert.match(shown(await openPanel('mona')), /Subject: Toner order/, 'managers see every conversation');
        });

        it('gives no data to a user who may not see the room: an agent of another department, or a forged click of a user', async () => {
            for (const [username, forged] of [
                ['jane', false],
                ['nora', true],
            ] as const) {
                const click = await host.clickButton(username, BUTTON, { room, forged });
                assert.equal(click.shown, true);
                const text = JSON.stringify(host.lastView(username));
                assert.match(text, /You may not see this conversation's emails/);
                assert.doesNotMatch(text, /paula|Toner|support@example/i);
            }
        });

        it('adds a CC and a BCC as an agent does, and the next reply goes to them; an invalid address is shown as such', async () => {
            const panel = await openPanel('bill');
            const field = addresses(panel);
            await typeAddresses(panel, 'bob@, dora@example.org');
            assert.match(shown(panel), /⚠️ Not an email address: bob@\./);
            assert.throws(() => panel.client.shown('email-panel-add-cc'), /no element/, 'nothing to add while an address is wrong');
            await typeAddresses(panel, 'Dora <dora@example.org>');
            assert.match(shown(panel), /Add dora@example\.org to the next reply as:/);
            await panel.press('email-panel-add-cc');
            assert.match(shown(panel), /Added dora@example\.org as CC\.\nCC: |CC: colleague2@example\.net\nCC: dora@example\.org/);
            assert.notEqual(addresses(panel), field, 'the field starts empty again');
            await typeAddresses(panel, 'audit@example.org');
            await panel.press('email-panel-add-bcc');

            const before = smtp.messages.length;
            await host.postAgentMessage(room, 'bill', 'Two are on their way.');
            const email = await received(before);
            assert.deepEqual(smtp.messages[before].envelope.to, ['paula@example.net', 'colleague2@example.net', 'dora@example.org', 'audit@example.org']);
            assert.equal(email.cc && !Array.isArray(email.cc) ? email.cc.text : '', 'colleague2@example.net, dora@example.org');
            assert.equal(email.headers.get('bcc'), undefined, 'a blind copy is in the envelope only');
            assert.doesNotMatch(smtp.messages[before].raw.toString(), /audit@example\.org/);
        });

        it("turns reply all off for this conversation: the copies of the customer's mail go, the added CC stays", async () => {
            const panel = await openPanel('bill');
            await panel.press('email-panel-reply-all');
            assert.match(shown(panel), /To: paula@example\.net\nCC: dora@example\.org\nBCC: audit@example\.org\nReply all is off/);
            const before = smtp.messages.length;
            await host.postAgentMessage(room, 'bill', 'Only to you two.');
            await received(before);
            assert.deepEqual(smtp.messages[before].envelope.to, ['paula@example.net', 'dora@example.org', 'audit@example.org']);
        });

        it('shows each reply\'s delivery state, and "Send again" delivers a failed or waiting reply once', async () => {
            const panel = await openPanel('bill');
            assert.match(
                shown(panel),
                /📤 Reply by Bill · .+\nTo: paula@example\.net\nCC: dora@example\.org\nBCC: audit@example\.org\n✅ Sent \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
            );
            const before = smtp.messages.length;
            smtp.failNext({ code: 554, message: '5.7.1 Message rejected as spam', stage: 'data' });
            await host.postAgentMessage(room, 'bill', 'Rejected the first time.');
            await panel.press('email-panel-refresh');
            assert.match(shown(panel), /❌ Not delivered \(attempts: 1\)\. The server said: .*5\.7\.1 Message rejected as spam/);
            const again = () =>
                (panel.client.view.blocks as Array<{ accessory?: { actionId?: string } }>).flatMap((block) =>
                    block.accessory?.actionId?.startsWith('email-panel-send-again:') ? [block.accessory.actionId] : [],
                );
            const [sendAgain] = again();
            assert.ok(sendAgain, 'the failed reply offers Send again');
            await panel.press(sendAgain);
            assert.match(shown(panel), /Sending the reply to paula@example\.net again now/);
            await host.settle();
            assert.match((await received(before)).text ?? '', /Rejected the first time\./);
            await panel.press('email-panel-refresh');
            assert.deepEqual(again(), []);
            // A second panel left open from before (another tab) clicks it once more: nothing is sent twice.
            await host.sendFromClient('bill', { type: 'blockAction', viewId: panel.client.id, actionId: sendAgain, blockId: sendAgain, value: '' });
            assert.match(JSON.stringify(host.lastView('bill')), /That reply was sent already/);
            await runOutbox();
            await host.settle();
            assert.equal(smtp.messages.length, before + 1);

            // The server is down: the reply waits, with the server's words, and goes out on Send again once it is back.
            await smtp.stop();
            await host.postAgentMessage(room, 'bill', 'Sent while the server was down.');
            await panel.press('email-panel-refresh');
            assert.match(shown(panel), /⏳ Waiting to be sent again at .+ UTC \(attempts so far: 1\)\. The server said: /);
            await smtp.start();
            const [waiting] = again();
            await panel.press(waiting);
            await host.settle();
            assert.match((await received(before + 1)).text ?? '', /Sent while the server was down\./);
            await panel.press('email-panel-refresh');
            assert.doesNotMatch(shown(panel), /⏳|❌/);
            assert.equal(smtp.messages.length, before + 2);
        });

        it('opened every panel inside the trigger window', () => {
            assert.deepEqual(
                host.state.droppedUiInteractions.map((dropped) => `${dropped.type}: ${dropped.reason}`),
                [],
            );
        });
    });

    describe('acknowledgement of new conversations', () => {
        const TEXT = 'Hello {customer},\nwe received “{subject}” and answer soon.\n{inbox}';
        const isAck = (index: number) => /^Auto-Submitted: auto-replied\r$/im.test(smtp.messages[index].raw.toString('latin1'));
        const acksSince = (from: number) => smtp.messages.slice(from).filter((_message, offset) => isAck(from + offset)).length;
        const roomsOf = (address: string) => host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === address);
        const ackNotes = (roomId: string) => host.messages(roomId).filter((message) => /^✉️ The acknowledgement went out/.test(message.text ?? ''));
        let annaRoom: string;
        let ackId: string;

        before(async () => {
            await host.runCommand('email-inbox', 'edit support', { user: 'admin' });
            const form = host.form('admin');
            assert.equal(form.client.shown('acknowledgement.enabled'), 'false', 'off until chosen');
            await saveForm(
                host,
                'admin',
                { 'acknowledgement.enabled': 'true', 'acknowledgement.text': TEXT, 'acknowledgement.perSenderDays': '7' },
                'the edit form',
            );
        });

        it('acknowledges a mail that opens a new conversation, once, as an automatic reply threaded to it (RFC 3834), and says so in the room', async () => {
            const before = smtp.messages.length;
            await dovecot.appendMessage(
                MAILBOX.user,
                customerMail({ id: 'anna-1@example.net', from: 'Anna Ames <anna@example.net>', subject: 'Broken screen', body: 'My screen is broken.' }),
            );
            await poll();
            assert.equal(smtp.messages.length, before + 1, 'the acknowledgement, and nothing else');
            const email = await received(before);
            ackId = email.messageId?.replace(/[<>]/g, '') ?? '';
            assert.deepEqual(smtp.messages[before].envelope.to, ['anna@example.net']);
            assert.deepEqual(email.from?.value, [{ name: 'ACME Support', address: MAILBOX.user }]);
            assert.equal(email.subject, 'Re: Broken screen');
            assert.equal(email.headers.get('auto-submitted'), 'auto-replied');
            assert.equal(email.headers.get('x-auto-response-suppress'), 'All');
            assert.equal(email.inReplyTo, '<anna-1@example.net>');
            assert.deepEqual(headerIds(email.references), ['<anna-1@example.net>']);
            assert.equal(textPart(smtp.messages[before].raw), 'Hello Anna Ames,\r\nwe received “Broken screen” and answer soon.\r\nACME Support\r\n');
            [{ id: annaRoom }] = roomsOf('anna@example.net');
            assert.deepEqual(
                ackNotes(annaRoom).map((message) => message.text),
                ['✉️ The acknowledgement went out to anna@example.net ("Re: Broken screen"), as the inbox sends one for each new conversation.'],
            );
            assert.equal(host.messages(annaRoom).filter((message) => message.text?.endsWith('My screen is broken.')).length, 1);
            assert.match(await status(), /^Acknowledgements sent: 1\.$/m);
            await host.runCommand('email-inbox', 'show support', { user: 'admin' });
            const shown = host.notifications('admin').at(-1)?.text ?? '';
            assert.match(shown, /^Signature: \{agent\} ⏎ \{inbox\} ⏎ \{department\}$/m);
            assert.match(shown, /^Replies quote the customer's last email\.$/m);
            assert.match(
                shown,
                /^Acknowledgement: on, at most once per sender every 7 days; subject “Re: \{subject\}”; text: Hello \{customer\}, ⏎ we received/m,
            );
        });

        it("sends none for mail into the open conversation, the sender's next conversation within the days, automated mail or a mailing list; the answer to it comes back into its room without it", async () => {
            const before = smtp.messages.length;
            const quoted = [
                'Here is a photo of it.',
                '',
                'On Mon, 2 Mar 2026 at 10:15, ACME Support <support@example.test> wrote:',
                '> Hello Anna Ames,',
                '> we received “Broken screen” and answer soon.',
                '> ACME Support',
            ].join('\r\n');
            await dovecot.appendMessage(
                MAILBOX.user,
                customerMail({
                    id: 'anna-2@example.net',
                    from: 'anna@example.net',
                    subject: 'Re: Broken screen',
                    inReplyTo: ackId,
                    references: ['anna-1@example.net', ackId],
                    body: quoted,
                }),
            );
            await dovecot.appendMessage(
                MAILBOX.user,
                rawMail({
                    from: 'Lena <lena@lists.example.org>',
                    to: MAILBOX.user,
                    subject: 'Weekly digest',
                    messageId: 'digest-1@lists.example.org',
                    headers: ['List-Id: <users.lists.example.org>'],
                    body: 'News.',
                }),
            );
            await dovecot.appendMessage(
                MAILBOX.user,
                rawMail({
                    from: 'Otto <otto@example.net>',
                    to: MAILBOX.user,
                    subject: 'Out of office',
                    messageId: 'ooo-1@example.net',
                    headers: ['Auto-Submitted: auto-replied'],
                    body: 'Away.',
                }),
            );
            await poll();
            assert.equal(roomsOf('anna@example.net').length, 1, "the answer to the acknowledgement is in Anna's room");
            // (The mail's whole text follows as a file, as for any mail whose quote was cut.)
            assert.equal(
                host
                    .messages(annaRoom)
                    .filter((message) => message.text)
                    .at(-1)?.text,
                'Here is a photo of it.',
                'without the quoted acknowledgement',
            );
            assert.equal(roomsOf('lena@lists.example.org').length, 1, "the list's mail opens a conversation");
            assert.equal(roomsOf('otto@example.net').length, 0, 'the auto-reply opens none');
            // Anna's conversation closes, and she writes again within the days: a new room, no second acknowledgement.
            await host.closeRoom(annaRoom, 'jane');
            await dovecot.appendMessage(MAILBOX.user, customerMail({ id: 'anna-3@example.net', from: 'anna@example.net', subject: 'Another question' }));
            await poll();
            assert.equal(roomsOf('anna@example.net').length, 2);
            assert.equal(acksSince(before), 0);
            assert.equal(ackNotes(roomsOf('anna@example.net')[1].id).length, 0);
        });

        it('sends it once when the app process dies while its mail is posted, and keeps it for another attempt when the server cannot take it', async () => {
            const before = smtp.messages.length;
            await dovecot.appendMessage(MAILBOX.user, customerMail({ id: 'kai-1@example.net', from: 'Kai <kai@example.net>', subject: 'Cracked case' }));
            // Killed before core's answer reaches the app: the restart goes on while the bridge returns into nothing.
            await restartAppWhenStored(host, (message) => (message.text ?? '').includes('*Cracked case*'));
            letClaimsExpire(host);
            smtp.failNext({ code: 451, message: '4.3.0 Try again later', stage: 'data' });
            await poll(); // finishes the mail; its acknowledgement meets the failing server and waits
            assert.equal(acksSince(before), 0);
            await host.runCommand('email-inbox', ['retry', 'support'], { user: 'admin' });
            await host.settle();
            await poll();
            await runOutbox();
            assert.equal(acksSince(before), 1, 'one acknowledgement for Kai, after all');
            const [room] = roomsOf('kai@example.net');
            assert.equal(host.messages(room.id).filter((message) => (message.text ?? '').includes('*Cracked case*')).length, 1);
            assert.equal(ackNotes(room.id).length, 1);
        });
    });

    describe('an agent starts an email conversation (New email)', () => {
        // Carried over from the describe above: the inbox is Billing's, signs replies and quotes mail; Bill serves Billing's room.
        const NEW_EMAIL = 'email-inboxes-new-email';
        const ours = { id: '', roomId: '' };
        const roomOf = (address: string) => host.rooms().find((room) => room.visitor.visitorEmails?.[0]?.address === address);

        it('from the Marketplace menu: the form, the email as the SMTP server got it, the room served by the agent with the text, one email only', async () => {
            assert.ok((await host.buttonsFor('bill')).some((button) => button.actionId === NEW_EMAIL));
            assert.equal((await host.clickButton('bill', NEW_EMAIL)).shown, true);
            const form = host.form('bill');
            assert.equal(form.client.shown('inbox') !== '', true, 'the one inbox Bill may use is chosen for him');
            await form.fill({
                to: 'Nora Doe <Nora@Example.org>',
                cc: 'boss@example.org, nora@example.org',
                subject: 'Your quote 42',
                message: 'Hello Nora,\n\nhere is *your* quote.',
            });
            const before = smtp.messages.length;
            const answer = await form.submit();
            assert.deepEqual(
                { closed: answer.closed, timedOut: answer.timedOut },
                { closed: true, timedOut: false },
                'answered within the 5 s the client waits',
            );
            await host.settle();
            assert.equal(smtp.messages.length, before + 1, 'one email: the posted text is not emailed again as a reply');
            const sent = smtp.messages[before];
            assert.deepEqual(sent.envelope.to, ['nora@example.org', 'boss@example.org']);
            const email = await simpleParser(sent.raw);
            assert.deepEqual(email.from?.value, [{ name: 'Bill via ACME Support', address: MAILBOX.user }]);
            assert.deepEqual(email.to && !Array.isArray(email.to) ? email.to.value : [], [{ name: '', address: 'nora@example.org' }]);
            assert.deepEqual(email.cc && !Array.isArray(email.cc) ? email.cc.value : [], [{ name: '', address: 'boss@example.org' }]);
            assert.equal(email.subject, 'Your quote 42');
            assert.match(email.messageId ?? '', /^<[0-9a-f-]{36}@example\.test>$/);
            assert.equal(email.inReplyTo, undefined);
            assert.equal(email.references, undefined);
            assert.equal(textPart(sent.raw), 'Hello Nora,\r\n\r\nhere is *your* quote.\r\n\r\n-- \r\nBill\r\nACME Support\r\nBilling\r\n');
            const room = roomOf('nora@example.org');
            assert.ok(room, 'a room for the customer');
            assert.equal(room.servedBy?.username, 'bill');
            assert.equal(room.visitor.name, 'Nora Doe');
            assert.equal(room.department?.name, 'Billing');
            assert.deepEqual(
                host.messages(room.id).map((message) => [message.sender.username, message.text]),
                [['bill', 'Hello Nora,\n\nhere is *your* quote.']],
            );
            assert.match(
                noticesTo('bill').at(-1) ?? '',
                new RegExp(
                    `^✉️ Your email to nora@example\\.org \\("Your quote 42"\\) was sent\\. Its conversation: https://chat\\.example\\.test/live/${room.id}$`,
                ),
            );
            Object.assign(ours, { id: (email.messageId ?? '').replace(/[<>]/g, ''), roomId: room.id });
        });

        it("threads the customer's answer into that room, and the agent's next message replies to it", async () => {
            const rooms = host.rooms().length;
            await dovecot.appendMessage(
                MAILBOX.user,
                customerMail({
                    id: 'nora-1@example.org',
                    from: 'Nora Doe <nora@example.org>',
                    subject: 'Re: Your quote 42',
                    body: 'Thanks, accepted.',
                    inReplyTo: ours.id,
                    references: [ours.id],
                }),
            );
            await poll();
            assert.equal(host.rooms().length, rooms, 'no new room');
            assert.equal(host.messages(ours.roomId).at(-1)?.text, 'Thanks, accepted.');
            const before = smtp.messages.length;
            await host.postAgentMessage(ours.roomId, 'bill', 'Great, shipping tomorrow.');
            const reply = await received(before);
            assert.equal(reply.subject, 'Re: Your quote 42');
            assert.equal(reply.inReplyTo, '<nora-1@example.org>');
            assert.deepEqual(headerIds(reply.references), [`<${ours.id}>`, '<nora-1@example.org>']);
        });

        it('from the composer the form starts with its text; a bad address shows under its field; an agent of another department is refused on the server', async () => {
            assert.equal((await host.clickButton('bill', 'email-inboxes-new-email-composer', { room: samRoom, composerText: 'Draft typed here' })).shown, true);
            const form = host.form('bill');
            assert.equal(form.client.shown('message'), 'Draft typed here');
            await form.fill({ to: 'nora(at)example.org', cc: 'boss@example', subject: 'Hi' });
            const refused = await form.submit();
            assert.equal(refused.closed, false);
            assert.match(refused.errors.to ?? '', /"nora\(at\)example\.org" is not an email address/);
            assert.match(refused.errors.cc ?? '', /"boss@example" is not an email address/);
            await form.fill({ to: 'nora@example.org', cc: '' });
            // Jane is an agent, but not of Billing: the client shows her the button; the server offers her no inbox and refuses her submission.
            assert.equal((await host.clickButton('jane', NEW_EMAIL)).shown, true);
            assert.match(host.form('jane').client.texts().join('\n'), /None of the inboxes is yours to send from/);
            const forged = await form.submitAs('jane');
            assert.match(forged.errors.inbox ?? '', /You may not send from this inbox/);
            await form.close();
        });

        it("with Manual Selection the room waits in the agent's queue, and where Rocket.Chat lets the agent not write, the text is the app's note; the email goes either way", async () => {
            host.state.setSetting('Livechat_Routing_Method', 'Manual_Selection');
            const start = async (to: string) => {
                await host.clickButton('bill', NEW_EMAIL);
                const form = host.form('bill');
                await form.fill({ to, subject: 'Routing', message: 'Hello from Bill.' });
                assert.equal((await form.submit()).closed, true);
                await host.settle();
                return roomOf(to);
            };
            try {
                const queued = await start('queue@example.org');
                assert.equal(queued?.servedBy, undefined);
                assert.deepEqual(
                    host.messages(queued?.id ?? '').map((message) => message.sender.username),
                    ['bill'],
                    'he may write in a room queued for him',
                );
                assert.match(noticesTo('bill').at(-1) ?? '', /was sent[\s\S]*Nobody serves the conversation yet[\s\S]*your queue/);
                host.state.setSetting('Livechat_Routing_Method', 'Auto_Selection');
                host.state.statusLivechat.set(host.users.get('bill').id, 'not-available');
                const before = smtp.messages.length;
                const unserved = await start('unserved@example.org');
                assert.equal(unserved?.servedBy, undefined, 'no available agent in Billing');
                assert.match(
                    host.messages(unserved?.id ?? '')[0]?.text ?? '',
                    /^✉️ Bill started this conversation with an email to unserved@example\.org \("Routing"\):\n\nHello from Bill\.$/,
                );
                assert.match(noticesTo('bill').at(-1) ?? '', /was sent[\s\S]*Nobody serves[\s\S]*as a note of the app/);
                assert.equal(smtp.messages.length, before + 1);
            } finally {
                host.state.setSetting('Livechat_Routing_Method', 'Auto_Selection');
                host.state.statusLivechat.delete(host.users.get('bill').id);
            }
        });
    });

    it('never shows the SMTP password', () => {
        assert.equal(host.allRecordedText().includes(MAILBOX.password), false);
    });
});
