// What a FETCH answer leaves out, against a real Dovecot (run here in Node): the cursor may pass
// only mail the server no longer has, and mail the server announced is never forgotten.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { MailServer } from '../../src/connection/domain/MailServer';
import { ImapMailbox } from '../../src/inbound/ImapMailbox';
import { Deadline } from '../../src/runtime/Deadline';
import { createTestCa, startDovecot } from '../support/mail';
import type { DovecotServer } from '../support/mail';
import { startFaultProxy } from '../support/mail';
import type { FaultProxy } from '../support/mail';

const USER = { user: 'support@example.test', password: 'imap-Secret-32' };
const mail = (n: number) => `From: customer${n}@example.net\r\nTo: ${USER.user}\r\nSubject: Mail ${n}\r\nMessage-ID: <m${n}@example.net>\r\n\r\nBody ${n}\r\n`;

describe('ImapMailbox.fetch against a real Dovecot', () => {
    let dovecot: DovecotServer;
    let proxy: FaultProxy;
    let hiddenUid = 0;
    /** A UID whose FETCH line the proxy drops: the server announced the mail (EXISTS) but its answer came before it. */
    let unlistedUid = 0;
    const server = (port: number): MailServer => ({
        host: '127.0.0.1',
        port,
        security: 'none',
        username: USER.user,
        password: USER.password,
        allowUntrustedCertificate: false,
    });

    before(async () => {
        dovecot = await startDovecot({ users: [USER], ca: await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-ca-'))) });
        // Plays a connection that loses one message's FETCH answer: its UID is reported as another.
        proxy = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort }, (chunk) => {
            const hidden = hiddenUid ? chunk.replace(new RegExp(`FETCH \\(UID ${hiddenUid} `, 'g'), 'FETCH (UID 999999 ') : chunk;
            return unlistedUid ? hidden.replace(new RegExp(`\\* \\d+ FETCH \\(UID ${unlistedUid}\\)\r\n`, 'g'), '') : hidden;
        });
    });

    after(async () => {
        await proxy?.close();
        await dovecot?.stop();
    });

    it('marks a UID expunged since it was listed as gone, and returns the others whole', async () => {
        const uids = [await dovecot.appendMessage(USER.user, mail(1)), await dovecot.appendMessage(USER.user, mail(2))];
        const client = await dovecot.client(USER.user);
        await client.mailboxOpen('INBOX');
        await client.messageDelete(String(uids[0]), { uid: true });
        await client.logout();

        const mailbox = await ImapMailbox.open(server(dovecot.plainPort), 'INBOX', { writable: false, deadline: Deadline.after(20_000) });
        try {
            const fetched = await mailbox.fetch(uids);
            assert.deepEqual(
                fetched.map((message) => ({ uid: message.uid, gone: Boolean(message.gone), notReturned: Boolean(message.notReturned) })),
                [
                    { uid: uids[0], gone: true, notReturned: false },
                    { uid: uids[1], gone: false, notReturned: false },
                ],
            );
            assert.equal(fetched[1].source.toString(), mail(2));
        } finally {
            await mailbox.close();
        }
    });

    it('marks a UID the server still has but left out of its answers as not returned, never as gone', async () => {
        const uids = [await dovecot.appendMessage(USER.user, mail(3)), await dovecot.appendMessage(USER.user, mail(4))];
        hiddenUid = uids[0];
        const mailbox = await ImapMailbox.open(server(proxy.port), 'INBOX', { writable: false, deadline: Deadline.after(20_000) });
        try {
            const fetched = await mailbox.fetch(uids);
            const first = fetched.find((message) => message.uid === uids[0]);
            assert.equal(first?.notReturned, true);
            assert.notEqual(first?.gone, true);
            assert.equal(fetched.find((message) => message.uid === uids[1])?.source.toString(), mail(4));
        } finally {
            hiddenUid = 0;
            await mailbox.close();
        }
    });

    it('keeps a mail announced while a kept connection is checked, though the answer that announced it did not list it', async () => {
        const first = await dovecot.appendMessage(USER.user, mail(5));
        const mailbox = await ImapMailbox.open(server(proxy.port), 'INBOX', { writable: false, deadline: Deadline.after(20_000) });
        try {
            await mailbox.beforeImport(); // the run that used it before
            // Between two runs: the mail arrives while the connection is kept, and the next run's
            // one round trip hears of it (EXISTS) in an answer computed just before it.
            const second = await dovecot.appendMessage(USER.user, mail(6));
            unlistedUid = second;
            await mailbox.revalidate();
            unlistedUid = 0;
            await mailbox.beforeImport(); // the check's import
            const page = await mailbox.nextUids(first, { limit: 10 });
            // Either the check finds it or the listener, told of it, imports again at once.
            assert.ok(page.uids.includes(second) || mailbox.newMailAnnounced, 'the announced mail is neither found nor remembered');
            await mailbox.beforeImport();
            assert.deepEqual((await mailbox.nextUids(first, { limit: 10 })).uids, [second]);
        } finally {
            unlistedUid = 0;
            await mailbox.close();
        }
    });
});
