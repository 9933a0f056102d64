// Filing sent replies in the Sent folder, against a real Dovecot (run here in Node).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Inbox } from '../../src/configuration/domain/Inbox';
import { ConnectionError } from '../../src/connection/domain/ConnectionError';
import { SentFolderCopier } from '../../src/outbound/SentFolderCopier';
import { Deadline } from '../../src/runtime/Deadline';
import { inboxRecord } from '../support/inboxes';
import { createTestCa, startDovecot } from '../support/mail';
import type { DovecotServer } from '../support/mail';
import { ErrorCode } from '../../src/errors/ErrorCode';

const USER = { user: 'support@example.test', password: 'imap-Secret-31' };

const reply = (id: string) =>
    Buffer.from(
        [`From: ACME Support <${USER.user}>`, 'To: carla@example.net', 'Subject: Re: Printer', `Message-ID: <${id}@example.test>`, '', 'Unplug it.', ''].join(
            '\r\n',
        ),
    );

describe('SentFolderCopier against a real Dovecot', () => {
    let dovecot: DovecotServer;
    const inbox = (password = USER.password): Inbox =>
        inboxRecord(
            USER.user,
            { host: 'localhost', port: dovecot.tlsPort, security: 'ssl', username: USER.user, password, allowUntrustedCertificate: true },
            { saveSentCopy: true },
        );

    before(async () => {
        dovecot = await startDovecot({ users: [USER], ca: await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-ca-'))) });
    });

    after(async () => {
        await dovecot?.stop();
    });

    it('files each copy, read, in the folder the server marks as Sent, over one connection', async () => {
        const copier = new SentFolderCopier(inbox());
        try {
            await copier.copy(reply('one'), Deadline.after(10_000));
            await copier.copy(reply('two'), Deadline.after(10_000));
        } finally {
            await copier.close();
        }
        const imap = await dovecot.client(USER.user);
        try {
            await imap.mailboxOpen('Sent');
            const copies = await imap.fetchAll('1:*', { envelope: true, flags: true });
            assert.deepEqual(
                copies.map((copy) => [copy.envelope?.messageId, copy.flags?.has('\\Seen')]),
                [
                    ['<one@example.test>', true],
                    ['<two@example.test>', true],
                ],
            );
        } finally {
            await imap.logout();
        }
    });

    it('says why it could not file a copy, without the password, and gives up at its deadline', async () => {
        const refused = new SentFolderCopier(inbox('Wrong-Secret-00'));
        await assert.rejects(refused.copy(reply('three'), Deadline.after(10_000)), (error: unknown) => {
            assert.ok(error instanceof ConnectionError);
            assert.equal(error.code, ErrorCode.AuthenticationFailed);
            assert.ok(!error.detail.includes('Wrong-Secret-00'));
            return true;
        });
        const late = new SentFolderCopier(inbox());
        await assert.rejects(
            late.copy(reply('four'), Deadline.after(0)),
            (error: unknown) => error instanceof ConnectionError && error.code === ErrorCode.Timeout,
        );
    });
});
