// The import's journal and the outbox's claims, run directly in Node on the test host's
// in-memory Rocket.Chat (no app process in between), against real Dovecot and SMTP servers:
// faults are injected at exact steps, and each case takes a second, not a minute. It needs the
// packaged app (the host installs it), so it runs with the engine tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ConversationStore, MessageIndexEntry } from '../../src/omnichannel/ConversationStore';
import { runPoll } from '../../src/inbound/PollRunner';
import { Deadline } from '../../src/runtime/Deadline';
import { Services } from '../../src/wiring/Services';
import type { EngineHost } from '../support/engine';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import type { DovecotServer, SmtpTestServer } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';

const MAILBOX = { user: 'support@example.test', password: 'Direct-Secret-77' };

function mailWithFiles(id: string, files: Record<string, string>): string {
    return rawMail({
        from: 'Fay <fay@example.net>',
        to: MAILBOX.user,
        subject: `Files ${id}`,
        messageId: `${id}@example.net`,
        body: 'Two files attached.',
        files: Object.entries(files).map(([name, content]) => ({ name, content })),
    });
}

describe(`the import journal and the outbox claims, run in Node (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'} host)`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    const services = () => {
        const { read, modify, persistence, http } = host.appAccessors();
        return new Services(read, modify, persistence, http);
    };

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => workspace.users.add({ username: 'jane', roles: ['livechat-agent'] }),
        });
        ({ host, dovecot, smtp } = bed);
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX }));
        await runPoll(services()); // the first check notes where the mailbox ends
    });

    after(() => bed?.stop());

    it('finishes a mail that stopped after its first file: the second file once, the first not again, the text once', async () => {
        await dovecot.appendMessage(MAILBOX.user, mailWithFiles('partial', { 'first.txt': 'one', 'second.txt': 'two' }));
        // The step after the first upload fails, as if the process had died there.
        const faulty = services();
        const conversations = faulty.conversations;
        let failed = false;
        const stopping: Pick<ConversationStore, 'saveMessage'> = {
            saveMessage: async (entry: MessageIndexEntry) => {
                if (!failed && entry.progress?.filesDone === 1) {
                    failed = true;
                    throw new Error('the process died here');
                }
                return conversations.saveMessage(entry);
            },
        };
        Object.defineProperty(faulty, 'conversations', { value: Object.assign(Object.create(conversations) as ConversationStore, stopping) });
        await runPoll(faulty);
        assert.equal(failed, true);
        assert.deepEqual(
            host.uploads().map((file) => file.name),
            ['first.txt'],
        );

        await runPoll(services());
        await host.settle();
        const [room] = host.rooms();
        assert.deepEqual(
            host.uploads().map((file) => [file.name, file.content.toString(), file.roomId]),
            [
                ['first.txt', 'one', room.id],
                ['second.txt', 'two', room.id],
            ],
        );
        assert.equal(host.messages(room.id).filter((message) => (message.text ?? '').includes('Two files attached.')).length, 1);
    });

    it('sends each waiting reply once when two deliveries take the outbox at the same moment', async () => {
        const [room] = host.rooms();
        const before = smtp.messages.length;
        await smtp.stop();
        for (let index = 0; index < 3; index++) await host.postAgentMessage(room.id, 'jane', `Reply ${index}`);
        await smtp.start();
        const first = services();
        const inboxId = (await first.inboxes.list())[0].id;
        const due = await first.delivery(Deadline.after(10_000)).makeDueAgain(inboxId);
        assert.equal(due.length, 3);
        const reports = await Promise.all([first.delivery(Deadline.after(10_000)).deliver(due), services().delivery(Deadline.after(10_000)).deliver(due)]);
        assert.equal(reports[0].sent + reports[1].sent, 3, JSON.stringify(reports));
        const sent = (await smtp.waitForMessages(before + 3)).slice(before).map((message) => message.raw.toString());
        for (let index = 0; index < 3; index++) assert.equal(sent.filter((raw) => raw.includes(`Reply ${index}`)).length, 1, `Reply ${index} once`);
        assert.equal(smtp.messages.length, before + 3);
        assert.deepEqual(await first.outbox.list(), [], 'nothing left, nothing back');
    });
});
