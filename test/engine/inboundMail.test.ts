// The poll job in the real Apps-Engine against a real Dovecot: email becomes livechat
// conversations, exactly once, threaded, without loops.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { parse } from '@rocket.chat/message-parser';

import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import type { EngineHost } from '../support/engine';
import { commandAnswer, letClaimsExpire, restartAppWhenStored, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import { CORPUS_DIR } from '../support/mimeCorpus';
import { rawMail } from '../support/rawMail';
import type { DovecotServer, SmtpTestServer } from '../support/mail';

/** The lines of the code blocks in a mrkdwn text, as Rocket.Chat's client renders them (message-parser `CODE`). */
function codeLines(text: string): string[] {
    return (parse(text) as Array<{ type: string; value: Array<{ value: { value: string } }> }>)
        .filter((node) => node.type === 'CODE')
        .flatMap((node) => node.value.map((line) => line.value.value));
}

const MAILBOX = { user: 'support@example.test', password: 'Imap-Secret-1234' };
const APP_ID = (JSON.parse(readFileSync(join(__dirname, '../../app.json'), 'utf8')) as { id: string }).id;

interface MailOptions {
    id: string;
    from?: string;
    subject?: string;
    body?: string;
    headers?: string[];
    inReplyTo?: string;
    attachment?: { name: string; content: string };
    /** When the customer sent it; now by default. */
    date?: Date;
}

function mail(options: MailOptions): string {
    return rawMail({
        from: options.from ?? 'Carla Customer <carla@example.net>',
        to: MAILBOX.user,
        subject: options.subject ?? 'Printer on fire',
        messageId: options.id,
        date: options.date,
        headers: [...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []), ...(options.headers ?? [])],
        body: options.body ?? 'Hello, my printer is on fire.',
        files: options.attachment ? [options.attachment] : [],
    });
}

describe(`inbound mail (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let salesId: string;

    const poll = () => runJobToEnd(host, 'email-inboxes-poll');
    const append = (options: MailOptions, flags?: string[], mailbox?: string) =>
        dovecot.appendMessage(MAILBOX.user, mail(options), { flags, mailbox, date: options.date });
    const texts = (roomId: string) => host.messages(roomId).map((message) => message.text ?? '');

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => {
                salesId = workspace.departments.add({ name: 'Sales' }).id;
                // A workspace as it runs: an agent of the inbox's department online (Rocket.Chat refuses new chats otherwise).
                workspace.users.add({ username: 'jane', roles: ['livechat-agent'], departments: [salesId] });
            },
        });
        ({ host, dovecot, smtp } = bed);
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, department: 'Sales' }));
    });

    after(() => bed?.stop());

    it('starts with new mail only: what was in the mailbox before stays there', async () => {
        await append({ id: 'old-1@example.net', subject: 'An old mail' });
        await poll();
        assert.equal(host.rooms().length, 0);
    });

    it('turns a new email into a room in the inbox department, with subject, text and attachment', async () => {
        await append({ id: 'first@example.net', attachment: { name: 'smoke.log', content: 'smoke detected at 09:00' } });
        await poll();
        const [room] = host.rooms();
        assert.ok(room, 'a room');
        assert.equal(room.department?.id, salesId);
        assert.deepEqual(
            { ...room.source, id: undefined },
            { type: 'app', id: undefined, alias: 'Email Inboxes', label: 'Email', sidebarIcon: 'mail', defaultIcon: 'mail' },
        );
        assert.equal(room.visitor.visitorEmails?.[0]?.address, 'carla@example.net');
        assert.equal(room.visitor.name, 'Carla Customer');
        const [first] = texts(room.id);
        assert.match(first, /^\*Printer on fire\*\n\nHello, my printer is on fire\.$/);
        const upload = host.uploads().find((file) => file.name === 'smoke.log');
        assert.equal(upload?.roomId, room.id);
        assert.equal(upload?.content.toString(), 'smoke detected at 09:00');
    });

    it('continues the room when the customer replies in the same thread, even after reading it elsewhere', async () => {
        await append({ id: 'second@example.net', subject: 'Re: Printer on fire', inReplyTo: 'first@example.net', body: 'It is out now.' }, ['\\Seen']);
        await poll();
        assert.equal(host.rooms().length, 1);
        assert.equal(texts(host.rooms()[0].id).at(-1), 'It is out now.');
    });

    it('never opens or continues a conversation for auto-replies, bounces or its own mail', async () => {
        const before = host.posted().length;
        await append({ id: 'ooo@example.net', subject: 'Out of office', headers: ['Auto-Submitted: auto-replied'], body: 'I am away.' });
        await append({ id: 'bounce@example.net', from: 'MAILER-DAEMON@example.net', subject: 'Undelivered Mail Returned to Sender' });
        await append({ id: 'self@example.test', from: `Support <${MAILBOX.user}>`, subject: 'Loop?' });
        await append({ id: 'normal@example.net', from: 'Dan <dan@example.net>', subject: 'Plain question', headers: ['Auto-Submitted: no'] });
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        assert.equal(fresh.length, 1, JSON.stringify(fresh));
        assert.match(fresh[0], /Plain question/);
        const status = await runStatus();
        assert.match(status, /Emails imported: 3; already imported \(delivered again\): 0; skipped \(auto-replies, bounces, loops\): 3/);
        assert.match(status, /Skipped: automatic replies \(Auto-Submitted\) 1, bounces 1, mail from an inbox address 1\./);
    });

    it('keeps a mail whose attachment Rocket.Chat refuses, and says which file is missing', async () => {
        const before = host.posted().length;
        await append({ id: 'svg@example.net', from: 'Gina <gina@example.net>', subject: 'Logo', attachment: { name: 'logo.svg', content: '<svg/>' } });
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        assert.match(fresh[0], /\*Logo\*/);
        assert.match(fresh[1], /logo\.svg could not be added to the room: Rocket\.Chat refused it \(File type is not accepted\. \[error-invalid-file-type\]\)/);
    });

    it('keeps a mail on the server, and says why, while Rocket.Chat refuses new chats; imports it once it accepts them', async () => {
        // Rocket.Chat's default: no new chats while no agent of the department is online.
        host.users.get('jane').status = 'offline';
        const before = host.posted().length;
        await append({ id: 'no-agent@example.net', from: 'Otto <otto@example.net>', subject: 'Anyone there?' });
        // Behind it, a reply that could go into its open room: it waits too, in order.
        await append({ id: 'behind-no-agent@example.net', subject: 'Re: Printer on fire', inReplyTo: 'first@example.net', body: 'Still burning.' });
        await poll();
        assert.equal(host.posted().length, before, 'nothing posted');
        assert.match(await runStatus(), /Last error .*no-agent-online/);
        for (let check = 0; check < 3; check++) await poll();
        assert.equal(host.posted().length, before, 'still waiting, not skipped');
        const waiting = await runStatus();
        assert.match(waiting, /Waiting at the mail UID \d+ from otto@example\.net \(“Anyone there\?”\) since .*: Rocket\.Chat does not take new chats now/);
        assert.doesNotMatch(waiting, /mails? set aside/, 'a workspace that refuses chats never gets mail set aside');
        host.users.get('jane').status = 'online';
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        assert.equal(fresh.length, 2);
        assert.match(fresh[0], /Anyone there\?/);
        assert.match(fresh[1], /Still burning\./);
    });

    it("holds mail, and says the inbox's department is unknown, while that department does not exist; imports it once it does", async () => {
        const sales = host.state.departments.get(salesId);
        assert.ok(sales);
        host.state.departments.delete(salesId);
        const before = host.posted().length;
        try {
            await append({ id: 'no-department@example.net', from: 'Quinn <quinn@example.net>', subject: 'Department?' });
            await poll();
            assert.equal(host.posted().length, before, 'nothing posted');
            assert.match(
                await runStatus(),
                /Waiting at the mail UID \d+ from quinn@example\.net .*Rocket\.Chat does not know the inbox's department .*`\/email-inbox edit support`/,
            );
        } finally {
            host.state.departments.set(salesId, sales);
        }
        await poll();
        assert.match(
            host
                .posted()
                .slice(before)
                .map((message) => message.text)
                .join('\n'),
            /\*Department\?\*/,
        );
    });

    it('skips and counts mail from a contact blocked in Rocket.Chat, without holding the mail behind it', async () => {
        host.state.blockedContacts.add('spam@example.net');
        const before = host.posted().length;
        await append({ id: 'spam-1@example.net', from: 'Spammer <spam@example.net>', subject: 'Buy now' });
        await append({ id: 'after-spam@example.net', from: 'Petra <petra@example.net>', subject: 'Real question' });
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        assert.deepEqual(fresh, ['*Real question*\n\nHello, my printer is on fire.']);
        assert.match(await runStatus(), /mail from contacts blocked in Rocket\.Chat 1/);
        assert.doesNotMatch(await runStatus(), /Held at|Waiting at/);
        host.state.blockedContacts.clear();
    });

    it('holds back new conversations beyond the per-sender hourly limit', async () => {
        await host.setAppSetting('new_conversations_per_sender_per_hour', 2);
        const before = host.rooms().length;
        for (let index = 0; index < 4; index++) {
            await append({ id: `flood-${index}@example.net`, from: 'Flood <flood@example.net>', subject: `Flood ${index}` });
            await poll();
            const flood = host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === 'flood@example.net');
            for (const room of flood) if (room.isOpen) await host.closeRoom(room.id, 'jane');
        }
        assert.equal(host.rooms().length - before, 2);
        await host.setAppSetting('new_conversations_per_sender_per_hour', 10);
    });

    it('marks imported mail as read only when asked to', async () => {
        const flagsOf = async (messageId: string) => {
            const client = await dovecot.client(MAILBOX.user);
            try {
                await client.mailboxOpen('INBOX', { readOnly: true });
                const [uid] = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
                const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
                return message ? [...(message.flags ?? [])] : [];
            } finally {
                await client.logout();
            }
        };
        await append({ id: 'leave-unread@example.net', from: 'Uma <uma@example.net>', subject: 'Leave me unread' });
        await poll();
        assert.ok(!(await flagsOf('leave-unread@example.net')).includes('\\Seen'));
        await host.setAppSetting('mark_as_seen_after_import', true);
        await append({ id: 'mark-read@example.net', from: 'Vic <vic@example.net>', subject: 'Mark me read' });
        await poll();
        assert.ok((await flagsOf('mark-read@example.net')).includes('\\Seen'));
        await host.setAppSetting('mark_as_seen_after_import', false);
    });

    it('imports a mail delivered twice only once', async () => {
        const before = host.posted().length;
        await append({ id: 'twice@example.net', from: 'Eve <eve@example.net>', subject: 'Twice' });
        await append({ id: 'twice@example.net', from: 'Eve <eve@example.net>', subject: 'Twice' });
        await poll();
        assert.equal(host.posted().length - before, 1);
        assert.match(await runStatus(), /already imported \(delivered again\): 1;/, 'the second delivery is counted, not lost from sight');
    });

    it('keeps mail content from acting inside Rocket.Chat', async () => {
        await append({
            id: 'mentions@example.net',
            from: 'Mallory <mallory@example.net>',
            subject: 'Hi @all',
            body: '@here look\n/leave\n[click](javascript:alert(1))',
        });
        await poll();
        const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'mallory@example.net');
        const [text] = texts(room!.id);
        assert.ok(!/(^|\s)@(all|here)\b/.test(text), text);
        assert.ok(!/^\/leave/m.test(text));
        assert.ok(!text.includes('javascript:'));
        assert.match(text, /look/);
    });

    it("warns in the room when the receiving server's DMARC check fails for the From domain, and shows the mail's original headers to who may see the room", async () => {
        // Gmail's verdict on top, as the receiving server prepends it; the sender's own forged "pass" below it changes nothing.
        const verdict = [
            'Authentication-Results: mx.google.com;',
            '       dkim=pass header.i=@bulk-sender.example header.s=s1 header.b=Qq9;',
            '       spf=pass (google.com: domain of bounce@bulk-sender.example designates 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@bulk-sender.example;',
            '       dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=bank.example',
            'Received: from mail.bulk-sender.example (mail.bulk-sender.example [203.0.113.5]) by mx.google.com with ESMTPS; Mon, 2 Mar 2026 10:15:00 +0000',
        ];
        const spoofed = mail({
            id: 'spoof-1@bulk-sender.example',
            from: 'Bank Security <security@bank.example>',
            subject: 'Your account',
            body: 'Please confirm your password.',
            headers: ['Authentication-Results: mx.google.com; dmarc=pass header.from=bank.example', 'X-Note: a ``` fence'],
        });
        await dovecot.appendMessage(MAILBOX.user, `${verdict.join('\r\n')}\r\n${spoofed}`);
        await poll();
        const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'security@bank.example');
        assert.ok(room);
        const [message] = host.messages(room.id);
        const [warning, subject, body] = (message.text ?? '').split('\n\n');
        assert.equal(
            warning,
            "⚠️ *This email may not be from security@bank.example*: the receiving mail server's DMARC check failed for bank.example. Check with the sender another way before acting on it (payments, passwords, files, links).",
        );
        assert.deepEqual([subject, body], ['*Your account*', 'Please confirm your password.'], 'the mail is shown whole under it');

        // The agent serving the room opens "Original email headers" from the message's menu.
        assert.equal(room.servedBy?.username, 'jane');
        assert.ok((await host.buttonsFor('jane', { room: room.id })).some((button) => button.actionId === 'email-inboxes-original-headers'));
        assert.equal((await host.clickButton('jane', 'email-inboxes-original-headers', { message: message.id })).shown, true);
        const shown = host.form('jane').client.texts();
        assert.equal(shown[0], 'From security@bank.example · sent ' + shown[0].split(' · sent ')[1]);
        assert.match(shown[0], / · Message-ID spoof-1@bulk-sender\.example$/);
        assert.equal(shown[1], warning, 'the warning, in a danger callout');
        assert.equal(shown[2], '*Receiving server* mx.google.com: SPF pass · DKIM pass · DMARC fail');
        // The header lines as they arrived, in code blocks the client renders verbatim (message-parser CODE lines).
        const lines = shown.slice(3).flatMap((text) => codeLines(text));
        assert.deepEqual(lines.slice(0, verdict.length), verdict);
        assert.ok(lines.includes('From: Bank Security <security@bank.example>'));
        assert.ok(lines.includes('X-Note: a `\u200b`\u200b` fence'), 'a fence inside cannot end the block');
        assert.ok(!lines.some((line) => line.includes('Please confirm')), 'the body is not a header');

        // Another agent, who does not serve the room, is refused by the app even when the request is forged.
        host.users.add({ username: 'olga', roles: ['livechat-agent'] });
        await host.clickButton('olga', 'email-inboxes-original-headers', { message: message.id, forged: true });
        assert.deepEqual(host.form('olga').client.texts(), [
            "Only the agent serving this conversation and omnichannel managers and monitors can read its emails' headers.",
        ]);
        // A message that is not an imported mail's text has no headers.
        await host.postAgentMessage(room.id, 'jane', 'We never ask for passwords.');
        await host.clickButton('jane', 'email-inboxes-original-headers', { message: host.messages(room.id).at(-1)!.id });
        assert.match(host.form('jane').client.texts()[0], /^There are no email headers for this message/);
    });

    it('opens a new room, pointing to the old one, when the customer writes again after the conversation was closed', async () => {
        const first = host.rooms()[0];
        await host.closeRoom(first.id);
        await append({ id: 'third@example.net', subject: 'Re: Printer on fire', inReplyTo: 'second@example.net', body: 'It is burning again!' });
        await poll();
        const carla = host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === 'carla@example.net');
        assert.equal(carla.length, 2);
        const newer = carla.find((room) => room.id !== first.id)!;
        assert.ok(newer.isOpen);
        assert.match(texts(newer.id)[0], new RegExp(`continues the earlier conversation ${first.id}`));
        assert.equal((host.room(first.id) as { isOpen?: boolean }).isOpen, undefined, 'the closed room stays closed');
    });

    it("names a file over Rocket.Chat's own upload limit (FileUpload_MaxFileSize) and keeps the mail", async () => {
        host.state.setSetting('FileUpload_MaxFileSize', 2048);
        try {
            const before = host.posted().length;
            await append({
                id: 'server-limit@example.net',
                from: 'Lena <lena@example.net>',
                subject: 'Big log',
                attachment: { name: 'big.log', content: 'x'.repeat(5000) },
            });
            await poll();
            const [text] = host
                .posted()
                .slice(before)
                .map((message) => message.text ?? '');
            assert.match(text, /\*Big log\*/);
            assert.match(text, /big\.log \([\d.]+ KB\) was not uploaded: it is larger than 2 KB\. It stays in the email on the mail server\./);
            assert.equal(host.uploads().filter((file) => file.name === 'big.log').length, 0);
        } finally {
            host.state.setSetting('FileUpload_MaxFileSize', 104_857_600);
        }
    });

    /** Waits for the SMTP server to receive a message to `to`, after `before` messages. */
    const emailedTo = async (to: string, before: number) => {
        const arrived = await smtp.waitForMessages(before + 1);
        return arrived.slice(before).find((message) => message.envelope.to.includes(to));
    };

    it('carries on in the new room Rocket.Chat opens when an agent closes the room just as a mail is posted into it', async () => {
        const roomsOf = () => host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === 'rita@example.net');
        await append({ id: 'race-1@example.net', from: 'Rita <rita@example.net>', subject: 'Race' });
        await poll();
        const [first] = roomsOf();
        host.beforeNextVisitorMessage((roomId) => host.closeRoom(roomId, 'jane'));
        await append({
            id: 'race-2@example.net',
            from: 'Rita <rita@example.net>',
            subject: 'Re: Race',
            inReplyTo: 'race-1@example.net',
            body: 'One more thing.',
        });
        await poll();
        const newer = roomsOf().find((room) => room.id !== first.id);
        assert.ok(newer?.isOpen, 'Rocket.Chat put the mail into a new room');
        const newerTexts = texts(newer.id);
        assert.ok(newerTexts.includes('One more thing.'), newerTexts.join(' | '));
        assert.ok(newerTexts.some((text) => text.includes(`continues the earlier conversation ${first.id}`)));
        const before = smtp.messages.length;
        await host.postAgentMessage(newer.id, 'jane', 'Answer from the new room');
        assert.ok(await emailedTo('rita@example.net', before), "the agent's reply in that room is emailed");
    });

    it("opens a new room when the customer's visitor token changed under an open room (they used the chat widget with the same address)", async () => {
        const roomsOf = () => host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === 'theo@example.net');
        await append({ id: 'token-1@example.net', from: 'Theo <theo@example.net>', subject: 'Token' });
        await poll();
        const [first] = roomsOf();
        // The widget's registerGuest finds Theo by his address and gives him the widget's token.
        const { modify } = host.appAccessors();
        await modify
            .getCreator()
            .getLivechatCreator()
            .createAndReturnVisitor({ token: 'widget-token', username: 'w', name: 'Theo', visitorEmails: [{ address: 'theo@example.net' }] } as never);
        await append({ id: 'token-2@example.net', from: 'Theo <theo@example.net>', subject: 'Re: Token', inReplyTo: 'token-1@example.net', body: 'Me again.' });
        await poll();
        const newer = roomsOf().find((room) => room.id !== first.id);
        assert.ok(newer?.isOpen, 'a new room');
        assert.match(texts(newer.id).join('\n'), /Me again\./);
        assert.match(await runStatus(), /Emails imported/);
        assert.doesNotMatch(await runStatus(), /Held at/);
    });

    it('rescans a renumbered folder (new UIDVALIDITY) without importing anything twice', async () => {
        await dovecot.createMailbox(MAILBOX.user, 'Renumbered');
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, name: 'renum' }),
            email: 'renum@example.test',
            'imap.folder': 'Renumbered',
        });
        await poll();
        const before = host.posted().length;
        await append({ id: 'renum-a@example.net', from: 'A <a@example.net>', subject: 'A' }, [], 'Renumbered');
        await append({ id: 'renum-b@example.net', from: 'B <b@example.net>', subject: 'B' }, [], 'Renumbered');
        await poll();
        assert.equal(host.posted().length - before, 2);

        await dovecot.deleteMailbox(MAILBOX.user, 'Renumbered');
        await new Promise((resolve) => setTimeout(resolve, 1100)); // Dovecot derives UIDVALIDITY from the clock
        await dovecot.createMailbox(MAILBOX.user, 'Renumbered');
        // C gets UID 1 in the new numbering, below the old cursor: only a rescan finds it.
        await append({ id: 'renum-c@example.net', from: 'C <c@example.net>', subject: 'C arrived after the migration' }, [], 'Renumbered');
        await append({ id: 'renum-a@example.net', from: 'A <a@example.net>', subject: 'A' }, [], 'Renumbered');
        await append({ id: 'renum-b@example.net', from: 'B <b@example.net>', subject: 'B' }, [], 'Renumbered');
        await poll();
        const fresh = host
            .posted()
            .slice(before + 2)
            .map((message) => message.text ?? '');
        assert.equal(fresh.length, 1, JSON.stringify(fresh));
        assert.match(fresh[0], /C arrived after the migration/);
        await append({ id: 'renum-d@example.net', from: 'D <d@example.net>', subject: 'D' }, [], 'Renumbered');
        await poll();
        assert.equal(host.posted().length - before, 4);
    });

    it('imports the mail already in a folder since a chosen day on request, each mail once', async () => {
        const sentOn = (day: string) => new Date(`${day}T10:00:00Z`);
        await dovecot.createMailbox(MAILBOX.user, 'Archive');
        await append(
            { id: 'archive-sep@example.net', from: 'Ottilie <ottilie@archive.example>', subject: 'September', date: sentOn('2026-09-01') },
            [],
            'Archive',
        );
        await append(
            { id: 'archive-oct@example.net', from: 'Ottilie <ottilie@archive.example>', subject: 'October', date: sentOn('2026-10-15') },
            [],
            'Archive',
        );
        await append(
            { id: 'archive-nov@example.net', from: 'Ottilie <ottilie@archive.example>', subject: 'November', date: sentOn('2026-11-02') },
            ['\\Seen'],
            'Archive',
        );
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, name: 'archive' }),
            email: 'archive@example.test',
            'imap.folder': 'Archive',
        });
        const command = async (args: string) => {
            await host.runCommand('email-inbox', args, { user: 'admin' });
            return host.notifications('admin').at(-1)?.text ?? '';
        };
        const archiveTexts = () =>
            host
                .rooms()
                .filter((room) => room.visitor.visitorEmails?.[0]?.address === 'ottilie@archive.example')
                .flatMap((room) => texts(room.id));
        await poll();
        assert.deepEqual(archiveTexts(), [], 'a new inbox starts with new mail only');

        assert.match(await command('import archive since 1.10.2026'), /"1\.10\.2026" is not a date: write it as YYYY-MM-DD/);
        assert.match(await command('import archive since 2099-01-01'), /2099-01-01 is in the future/);
        assert.match(await command('import archive'), /Usage: `\/email-inbox import <name> since <YYYY-MM-DD>`/);
        assert.match(await command('import archive since 2026-10-01'), /archive imports the mail in Archive since 2026-10-01 from the next check on/);
        await poll();
        const imported = archiveTexts();
        assert.equal(imported.length, 2, JSON.stringify(imported));
        assert.match(imported.join('\n'), /_Sent 2026-10-15 10:00 UTC_[\s\S]*October|October[\s\S]*_Sent 2026-10-15 10:00 UTC_/);
        assert.match(imported.join('\n'), /_Sent 2026-11-02 10:00 UTC_/);
        assert.doesNotMatch(imported.join('\n'), /September/);

        assert.match(await command('import archive since 2026-10-01'), /archive imports/);
        await poll();
        assert.equal(archiveTexts().length, 2, 'importing the same days again imports nothing twice');
        assert.doesNotMatch(await command('status archive'), /Importing existing mail/);
    });

    it('converts HTML-only mail to readable text and never stops a run on broken MIME', async () => {
        const before = host.posted().length;
        const raw = (lines: string[]) => dovecot.appendMessage(MAILBOX.user, lines.join('\r\n'));
        await raw([
            'From: Hannah <hannah@example.net>',
            `To: ${MAILBOX.user}`,
            'Subject: Newsletter reply',
            'Message-ID: <html-only@example.net>',
            'MIME-Version: 1.0',
            'Content-Type: text/html; charset=utf-8',
            '',
            '<p>Hi <b>team</b>,</p><ul><li>one</li><li>two</li></ul><p><a href="https://example.com/x">details</a><img src="https://t.example/p.gif" width="1" height="1"></p>',
            '',
        ]);
        await raw([
            'From: Ivan <ivan@example.net>',
            `To: ${MAILBOX.user}`,
            'Subject: Broken boundary',
            'Message-ID: <broken@example.net>',
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="never-closed"',
            '',
            '--never-closed',
            'Content-Type: text/plain; charset=unknown-8bit',
            '',
            'Text before the end of the world',
            '--never-closed',
            'Content-Type: application/pdf; name="cut.pdf"',
            'Content-Transfer-Encoding: base64',
            '',
            'JVBERi0xLjQKJ%%%not-base64',
        ]);
        await raw(['Subject: no sender, no id', '', 'Who am I?', '']);
        await raw([
            'From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.net>',
            `To: ${MAILBOX.user}`,
            'Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=',
            'Message-ID: <latin1@example.net>',
            'Content-Type: text/plain; charset=ISO-8859-1',
            'Content-Transfer-Encoding: quoted-printable',
            '',
            'Sch=F6ne Gr=FC=DFe',
            '',
        ]);
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .filter((message) => message.text)
            .map((message) => message.text ?? '');
        assert.match(fresh.find((text) => text.includes('Newsletter reply')) ?? '', /Hi \*team\*,\n\n- one\n- two\n\n\[details\]\(https:\/\/example\.com\/x\)/);
        assert.match(fresh.find((text) => text.includes('Broken boundary')) ?? '', /Text before the end of the world/);
        assert.match(fresh.find((text) => text.includes('Grüße')) ?? '', /Schöne Grüße/);
        assert.equal(host.rooms().find((room) => room.visitor.visitorEmails?.[0]?.address === 'joerg@example.net')?.visitor.name, 'Jörg Müller');
        assert.equal(fresh.length, 3, 'the mail without a sender is counted, not posted');
    });

    it('imports a corpus of real-world mail, mistakes and all, in one run that never stops', async () => {
        const files = readdirSync(CORPUS_DIR)
            .filter((name) => name.endsWith('.eml'))
            .sort();
        const beforeMessages = host.posted().length;
        const beforeUploads = host.uploads().length;
        await dovecot.seedMaildir(MAILBOX.user, files.length, (index) => readFileSync(join(CORPUS_DIR, files[index])));
        await poll();
        await poll();
        const posted = host
            .posted()
            .slice(beforeMessages)
            .filter((message) => message.text);
        const textOf = (address: string) =>
            posted
                .filter(
                    (message) =>
                        (message.room as { visitor?: { visitorEmails?: Array<{ address: string }> } }).visitor?.visitorEmails?.[0]?.address === address,
                )
                .map((message) => message.text ?? '')
                .join('\n');
        // Every mail gives one message, except the two bounces, the out-of-office reply and the one without a sender.
        assert.equal(posted.length, files.length - 4, posted.map((message) => message.text?.slice(0, 40)).join('\n'));
        assert.match(textOf('anna.schmidt@contoso.example'), /invoice “November” shows € 120/);
        assert.match(textOf('yamada@example.jp'), /注文がまだ届いていません/);
        assert.match(textOf('ivan@example.ru'), /Не могу войти/);
        // The corpus was written on 24 November 2026: later runs say when it was sent.
        assert.match(textOf('renee@example.fr'), /^\*Problème de connexion\*\n\n(_Sent 2026-11-24 08:00 UTC_\n\n)?Bonjour, je n'arrive pas à me connecter/);
        assert.match(textOf('paul@example.net'), /The sender's mailer promised parts[\s\S]*could not be read \(multipart mail without any of its parts\)/);
        assert.match(textOf('rita@example.net'), /ends before its last part is complete/);
        assert.match(textOf('amy@example.net'), /\(no text\)/);
        assert.equal(textOf('zach@contoso.example'), '', 'no conversation with an out-of-office reply');
        const log = textOf('ben@example.net');
        assert.ok(log.length <= 5_000, `the long mail is cut to a chat message (${log.length} characters)`);
        assert.match(log, /longer than a chat message: the rest is in the attached full-email\.txt/);
        const uploads = host.uploads().slice(beforeUploads);
        assert.match(uploads.find((file) => file.name === 'full-email.txt')?.content.toString() ?? '', /job 599 failed[^]*END OF LOG/);
        const names = uploads.map((file) => file.name);
        for (const name of ['erro.png', 'Rechnung März.pdf', 'winmail.dat', 'invite.ics', 'Payment failed.eml', 'form.pdf'])
            assert.ok(names.includes(name), `${name} uploaded (${names.join(', ')})`);
        assert.ok(!names.includes('smime.p7s'), 'signatures are not files for agents');
        const status = await runStatus();
        assert.match(status, /bounces/);
        assert.match(status, /automatic replies \(Auto-Submitted\)/);
        assert.match(status, /mail without a sender/);
    });

    it('reads a mail too large to hold (here 70 MB) only in part: its text arrives, its files stay on the server', async () => {
        const before = host.posted().length;
        const beforeUploads = host.uploads().length;
        const video = Buffer.alloc(51 * 1_048_576, 7)
            .toString('base64')
            .replace(/.{76}/g, '$&\r\n');
        const huge = [
            'From: Vera <vera@example.net>',
            `To: ${MAILBOX.user}`,
            'Subject: The whole video',
            'Message-ID: <huge@example.net>',
            `Date: ${new Date().toUTCString()}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="big"',
            '',
            '--big',
            'Content-Type: text/plain; charset=utf-8',
            '',
            'The video shows the fault at 00:42.',
            '--big',
            'Content-Type: video/mp4; name="fault.mp4"',
            'Content-Disposition: attachment; filename="fault.mp4"',
            'Content-Transfer-Encoding: base64',
            '',
            video,
            '--big--',
            '',
        ].join('\r\n');
        await dovecot.seedMaildir(MAILBOX.user, 1, () => huge);
        await poll();
        const [posted] = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        assert.match(posted, /^\*The whole video\*\n\nThe video shows the fault at 00:42\.\n\n📦 This email is 69\.8 MB, too large to read whole/);
        assert.doesNotMatch(posted, /could not be read/, 'a mail read in part on purpose is not called broken');
        assert.equal(host.uploads().length, beforeUploads, 'no cut-off file is uploaded');
    });

    it('sets aside a mail Rocket.Chat keeps refusing once the mail after it goes in, tells the admin, and retries it on request', async () => {
        const before = host.posted().length;
        const directMessages = () => [...host.state.rooms.values()].filter((room) => room.type === 'd').flatMap((room) => host.messages(room.id));
        const warningsBefore = directMessages().length;
        const chatTexts = () =>
            host
                .posted()
                .slice(before)
                .filter((message) => message.room.type === 'l')
                .map((message) => message.text);
        // A legal address (quoted local part) that Rocket.Chat versions validating visitors' addresses
        // (apps/meteor/lib/emailValidator.ts, before omni-core) will not take.
        host.state.acceptsVisitorEmail = (address) => /^[a-zA-Z0-9+_.-]+@[a-zA-Z0-9.-]+$/.test(address);
        await append({ id: 'odd-sender@example.net', from: 'Odd <"odd@home"@example.net>', subject: 'Odd sender' });
        await append({ id: 'after-odd@example.net', from: 'Nora <nora@example.net>', subject: 'Right behind' });
        await poll();
        await poll();
        assert.deepEqual(chatTexts(), [], 'held: nothing passes the refused mail at the first checks');
        assert.match(await runStatus(), /Held at the mail UID \d+ from "odd@home"@example\.net \(“Odd sender”\): failed at 2 checks since .*Invalid email/);
        await poll();
        assert.deepEqual(chatTexts(), ['*Right behind*\n\nHello, my printer is on fire.'], 'at the third failure, the mail after it goes in');
        const status = await runStatus();
        assert.doesNotMatch(status, /Held at/);
        assert.match(
            status,
            /1 mail set aside .*\n• UID \d+ from "odd@home"@example\.net \(“Odd sender”\), set aside .*: Invalid email .*\[error-invalid-email\]/,
        );
        const warnings = directMessages().slice(warningsBefore);
        assert.equal(warnings.length, 1, 'the admin is told once');
        assert.match(host.logs().join('\n'), /inbox support: mail UID \d+ from \\"odd@home\\"@example\.net set aside after 3 failed checks/);
        assert.match(
            warnings[0].text ?? '',
            /a mail from "odd@home"@example\.net \(“Odd sender”, UID \d+\) could not be added to Rocket\.Chat at 3 checks in a row/,
        );

        await poll();
        assert.equal(chatTexts().length, 1, 'a set-aside mail is not tried again unasked');
        // Rocket.Chat was fixed meanwhile (an upgrade); the admin asks for another attempt.
        host.state.acceptsVisitorEmail = () => true;
        await host.runCommand('email-inbox', 'retry support', { user: 'admin' });
        assert.match(host.notifications('admin').at(-1)?.text ?? '', /1 set-aside mail of support will be tried again at the next check/);
        assert.match(await runStatus(), /to be tried again at the next check/);
        await poll();
        assert.match(texts(host.rooms().find((room) => room.visitor.name === 'Odd')?.id ?? '').join(), /Odd sender/);
        assert.doesNotMatch(await runStatus(), /mails? set aside|Held at/);
    });

    it('drains a 300-mail backlog over several bounded runs, losing and repeating nothing', async () => {
        await host.setAppSetting('max_messages_per_run', 100);
        const before = host.posted().length;
        const total = 300;
        await dovecot.seedMaildir(MAILBOX.user, total, (index) =>
            mail({ id: `backlog-${index}@example.net`, from: `Customer ${index} <c${index}@example.net>`, subject: `Backlog ${index}` }),
        );
        await poll();
        assert.equal(host.posted().length - before, 100, 'a run stops at its cap');
        await poll();
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        for (let index = 0; index < total; index++) {
            assert.equal(fresh.filter((text) => text.startsWith(`*Backlog ${index}*`)).length, 1, `Backlog ${index} exactly once`);
        }
        await poll();
        assert.equal(host.posted().length - before, total, 'nothing more on another run');
    });

    it('imports each mail once when two checks run at the same time', async () => {
        const before = host.posted().length;
        for (let index = 0; index < 6; index++) {
            await append({ id: `overlap-${index}@example.net`, from: `Olga ${index} <olga${index}@example.net>`, subject: `Overlap ${index}` });
        }
        const runs = await Promise.all([host.runJob('email-inboxes-poll', {}, { overlap: true }), host.runJob('email-inboxes-poll', {}, { overlap: true })]);
        assert.deepEqual(
            runs.map((run) => run.error),
            [undefined, undefined],
        );
        await host.settle();
        await poll();
        const fresh = host
            .posted()
            .slice(before)
            .map((message) => message.text ?? '');
        for (let index = 0; index < 6; index++) {
            assert.equal(fresh.filter((text) => text.includes(`*Overlap ${index}*`)).length, 1, `Overlap ${index} exactly once`);
        }
        assert.match(host.logs().join('\n'), /mail check skipped: another check is still running/);
    });

    it('imports every mail exactly once when the app process is killed in the middle of a run; once restarted, its command, settings, jobs and endpoint work', async () => {
        await host.setAppSetting('max_messages_per_run', 100);
        const before = host.posted().length;
        const total = 30;
        for (let index = 0; index < total; index++) {
            await append({
                id: `crash-${index}@example.net`,
                from: `Crash ${index} <crash${index}@example.net>`,
                subject: `Crash ${index}`,
                attachment: { name: `log-${index}.txt`, content: 'x'.repeat(50_000) },
            });
        }
        // The interrupted run ends only at the engine's timeout; the host stops waiting for it at the kill.
        void host.runJob('email-inboxes-poll');
        while (host.posted().length - before < 5) await new Promise((resolve) => setTimeout(resolve, 5));
        const killedPid = host.appProcessMemory().pid;
        await host.killAppProcess();
        assert.notEqual(host.appProcessMemory().pid, killedPid, 'a new process');
        const afterCrash = host.posted().length - before;
        assert.ok(afterCrash < total * 2, `the run was interrupted (${afterCrash} messages)`);
        // The dead run still holds the mail check: nothing runs until its claim expires.
        await poll();
        assert.equal(host.posted().length - before, afterCrash, 'no check while the dead run holds it');
        assert.match(host.logs().join('\n'), /mail check skipped: another check is still running/);
        letClaimsExpire(host);
        await poll();
        await poll();
        const texts = host
            .posted()
            .slice(before)
            .filter((message) => message.text)
            .map((message) => message.text ?? '');
        for (let index = 0; index < total; index++) {
            assert.equal(texts.filter((text) => text.includes(`*Crash ${index}*`)).length, 1, `Crash ${index} exactly once`);
        }
        // What the app registered before the crash still reaches the new process.
        assert.match(await commandAnswer(host, 'list'), /support@example\.test/, 'the command');
        await host.setAppSetting('poll_interval_seconds', 45);
        assert.equal(host.recurringJobs()['email-inboxes-poll'], 45_000, 'the setting reached the app, which rescheduled its job');
        await host.setAppSetting('poll_interval_seconds', 60);
        const forged = await fetch(`${host.siteUrl}/api/apps/public/${APP_ID}/oauth/callback?state=forged-state&code=anything`);
        assert.equal(forged.status, 400, 'the endpoint');
        assert.match(await forged.text(), /not known or was already used/);
    });

    it('finishes a mail whose text was stored when the app process died, before its first file: files, thread and replies, text once', async () => {
        await append({ id: 'exact@example.net', from: 'Kim <kim@example.net>', subject: 'Exact moment', attachment: { name: 'kim.txt', content: 'kim file' } });
        // Killed before core's answer reaches the app: the restart goes on while the bridge returns into nothing.
        await restartAppWhenStored(host, (message) => (message.text ?? '').includes('*Exact moment*'));
        const kimRooms = () => host.rooms().filter((room) => room.visitor.visitorEmails?.[0]?.address === 'kim@example.net');
        assert.equal(host.uploads().filter((file) => file.name === 'kim.txt').length, 0, 'killed before the file');
        letClaimsExpire(host);
        await poll();
        const [room] = kimRooms();
        assert.equal(kimRooms().length, 1);
        assert.equal(texts(room.id).filter((text) => text.includes('*Exact moment*')).length, 1, 'the text once');
        const files = host.uploads().filter((file) => file.name === 'kim.txt');
        assert.deepEqual(
            files.map((file) => [file.roomId, file.content.toString()]),
            [[room.id, 'kim file']],
            'the file once, in its room',
        );
        const before = smtp.messages.length;
        await host.postAgentMessage(room.id, 'jane', 'Got your file.');
        assert.ok(await emailedTo('kim@example.net', before), 'the room has its thread state: replies are emailed');
    });

    it('pauses an inbox after repeated refused logins, tells its admin once, and resumes on enable', async () => {
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, name: 'broken' }),
            email: 'broken@example.test',
            'imap.password': 'Wrong-Password-99',
        });
        const brokenId = (host.persistence().find((record) => (record.data as { name?: string }).name === 'broken')?.data as { id: string }).id;
        // Time passes between checks: the stored next attempt is moved into the past.
        const letTimePass = () => {
            const status = host.persistence().find((record) => {
                const data = record.data as { inboxId?: string; consecutiveFailures?: number };
                return data.inboxId === brokenId && data.consecutiveFailures !== undefined;
            });
            if (status) (status.data as { nextAttemptAt?: string }).nextAttemptAt = new Date(0).toISOString();
        };
        const directMessages = () => [...host.state.rooms.values()].filter((room) => room.type === 'd').flatMap((room) => host.messages(room.id));
        for (let attempt = 0; attempt < 4; attempt++) {
            await poll();
            letTimePass();
        }
        const status = await runStatusOf('broken');
        assert.match(status, /Paused since .* after repeated refused logins/);
        assert.match(status, /auth_failed/);
        assert.ok(!status.includes('Wrong-Password-99'));
        const warnings = directMessages().filter((message) => /inbox \*broken\* is paused/.test(message.text ?? ''));
        assert.equal(warnings.length, 1, 'the admin is told once');
        const log = host.logs().join('\n');
        assert.match(log, /inbox broken: mail check failed \(auth_failed\)/, 'the app log says it too');
        assert.ok(!log.includes('Wrong-Password-99'));
        await poll();
        assert.equal(directMessages().filter((message) => /is paused/.test(message.text ?? '')).length, 1, 'and not again');
        await host.runCommand('email-inbox', 'enable broken', { user: 'admin' });
        assert.doesNotMatch(await runStatusOf('broken'), /Paused/);
        await host.runCommand('email-inbox', 'disable broken', { user: 'admin' });
    });

    const runStatusOf = (name: string) => commandAnswer(host, `status ${name}`);

    const runStatus = () => commandAnswer(host, 'status support');
});
