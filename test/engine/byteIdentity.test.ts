// Every byte of every mail arrives: files uploaded into rooms are the files that were sent
// (SHA-256), texts are whole, over plain IMAP and over SSL/TLS, on each app runtime. A mail
// whose bytes do not add up (the server's RFC822.SIZE against what arrived) is never posted.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import type { EngineHost } from '../support/engine';
import { commandAnswer, runJobToEnd } from '../support/appActions';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import { startFaultProxy } from '../support/mail';
import { rawMail } from '../support/rawMail';
import type { DovecotServer, FaultProxy, MailUser, SmtpTestServer } from '../support/mail';

const PLAIN = { user: 'plain@example.test', password: 'Plain-Secret-1234' };
const TLS = { user: 'tls@example.test', password: 'Tls-Secret-1234' };
const PROXIED = { user: 'proxied@example.test', password: 'Proxied-Secret-1234' };
const MAILS_PER_INBOX = 24;
const ATTACHMENT_BYTES = 200 * 1024;

interface SentMail {
    token: string;
    fileName: string;
    sha256: string;
}

function mailWithFile(to: string, index: number, file: Buffer, token: string, fileName: string): string {
    return rawMail({
        from: `Customer ${index} <customer${index}@example.net>`,
        to,
        subject: `Invoice ${index}`,
        messageId: `bytes-${token}@example.net`,
        body: `Mail ${index}, check ${token}: Grüße, the invoice is attached.`,
        files: [{ name: fileName, content: file, contentType: 'application/octet-stream' }],
    });
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

describe(`bytes through the runtime's sockets (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let proxy: FaultProxy;

    const poll = () => runJobToEnd(host, 'email-inboxes-poll');

    async function sendMails(user: MailUser, prefix: string, count = MAILS_PER_INBOX): Promise<SentMail[]> {
        const sent: SentMail[] = [];
        for (let index = 0; index < count; index++) {
            const file = randomBytes(ATTACHMENT_BYTES);
            const token = `${prefix}-${index}-${randomBytes(6).toString('hex')}`;
            const fileName = `${prefix}-invoice-${index}.bin`;
            await dovecot.appendMessage(user.user, mailWithFile(user.user, index, file, token, fileName));
            sent.push({ token, fileName, sha256: sha256(file) });
        }
        return sent;
    }

    function assertArrivedIntact(sent: SentMail[]): void {
        const uploads = new Map(host.uploads().map((upload) => [upload.name, upload]));
        const allText = host
            .posted()
            .map((message) => message.text ?? '')
            .join('\n');
        for (const mail of sent) {
            const upload = uploads.get(mail.fileName);
            assert.ok(upload, `${mail.fileName} was uploaded`);
            assert.equal(upload.content.length, ATTACHMENT_BYTES, `${mail.fileName} has every byte`);
            assert.equal(sha256(upload.content), mail.sha256, `${mail.fileName} is the file that was sent`);
            assert.ok(allText.includes(`check ${mail.token}: Grüße, the invoice is attached.`), `the text of ${mail.token} is whole`);
        }
    }

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [PLAIN, TLS, PROXIED],
            smtpUsers: [PLAIN],
            // An agent online: Rocket.Chat refuses new chats otherwise.
            workspace: (workspace) => workspace.users.add({ username: 'jane', roles: ['livechat-agent'] }),
        });
        ({ host, dovecot, smtp } = bed);
        // The server announces every mail 7 bytes larger than it sends: bytes lost on the way.
        proxy = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort }, (chunk) =>
            chunk.replace(/RFC822\.SIZE (\d+)/g, (_match, size: string) => `RFC822.SIZE ${Number(size) + 7}`),
        );
        const base = (user: MailUser, name: string) => testInboxValues({ dovecot, smtp, imapUser: user, smtpUser: PLAIN, name });
        await addInboxThroughForm(host, 'admin', { ...base(PLAIN, 'plain'), 'imap.security': 'none', 'imap.port': String(dovecot.plainPort) });
        await addInboxThroughForm(host, 'admin', base(TLS, 'tls'));
        await addInboxThroughForm(host, 'admin', { ...base(PROXIED, 'proxied'), 'imap.security': 'none', 'imap.port': String(proxy.port) });
        await poll(); // each inbox meets its folder: mail from now on is new
    });

    after(async () => {
        await proxy?.close();
        await bed?.stop();
    });

    it(`${MAILS_PER_INBOX} mails with 200 KB files each over plain IMAP and over SSL/TLS arrive byte for byte`, async () => {
        const sent = [...(await sendMails(PLAIN, 'plain')), ...(await sendMails(TLS, 'tls'))];
        for (let check = 0; check < 5 && host.uploads().length < sent.length; check++) await poll();
        assertArrivedIntact(sent);
        assert.equal(host.uploads().length, sent.length, 'each file exactly once');
    });

    it('never posts a mail whose bytes do not add up, and says why in status', async () => {
        const posted = host.posted().length;
        await sendMails(PROXIED, 'proxied', 1);
        await poll();
        assert.equal(host.posted().length, posted, 'nothing posted');
        assert.match(
            await commandAnswer(host, 'status proxied'),
            /Held at the mail UID \d+ from customer0@example\.net .*arrived with \d+ bytes instead of the \d+ the server announced, twice; it was not posted/s,
        );
    });
});
