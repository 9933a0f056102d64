import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LoggedEmail } from '../../../src/omnichannel/ConversationLog';
import { ConversationStore } from '../../../src/omnichannel/ConversationStore';
import type { MailHeaders } from '../../../src/omnichannel/ConversationStore';
import { RecordStore } from '../../../src/persistence/RecordStore';
import { memoryPersistence } from '../../support/memoryPersistence';

/** The records of an installation from before 2026-12-07, written as that version wrote them. */
function olderRecords(persistence: ReturnType<typeof memoryPersistence>) {
    const owned = { ownerOf: (entry: { inboxId: string }) => entry.inboxId };
    return {
        visitorRoom: new RecordStore<{ inboxId: string; visitorEmail: string; roomId: string }>(
            { name: 'visitor-room', ...owned },
            persistence.reader,
            persistence.writer,
        ),
        senders: new RecordStore<{ inboxId: string; visitorEmail: string; openedAt: number[] }>(
            { name: 'sender-conversations', ...owned },
            persistence.reader,
            persistence.writer,
        ),
        roomEmails: new RecordStore<LoggedEmail>({ name: 'room-email', ...owned, groupOf: (email) => email.roomId }, persistence.reader, persistence.writer),
        headers: new RecordStore<MailHeaders>({ name: 'mail-headers', ...owned }, persistence.reader, persistence.writer),
    };
}

const mailIn = (messageId: string, at: string): LoggedEmail => ({
    roomId: 'room-1',
    inboxId: 'inbox-1',
    direction: 'in',
    messageId,
    at,
    to: ['support@example.test'],
    cc: [],
});

const headers = (roomMessageId: string, text: string): MailHeaders => ({
    inboxId: 'inbox-1',
    roomId: 'room-1',
    roomMessageId,
    messageId: `${roomMessageId}@example.test`,
    headers: text,
    size: text.length,
    cut: false,
});

describe('ConversationStore', () => {
    it('knows a customer from the two records an older version kept, until it saves them as one', async () => {
        const persistence = memoryPersistence();
        const older = olderRecords(persistence);
        await older.visitorRoom.put('inbox-1:ann@example.test', { inboxId: 'inbox-1', visitorEmail: 'ann@example.test', roomId: 'room-old' });
        await older.senders.put('inbox-1:ann@example.test', { inboxId: 'inbox-1', visitorEmail: 'ann@example.test', openedAt: [1000, 2000] });
        const store = new ConversationStore(persistence.reader, persistence.writer);

        assert.deepEqual(await store.customer('inbox-1', 'ann@example.test'), {
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            latestRoomId: 'room-old',
            openedAt: [1000, 2000],
        });
        assert.deepEqual(await store.customer('inbox-1', 'bob@example.test'), { inboxId: 'inbox-1', visitorEmail: 'bob@example.test', openedAt: [] });

        await store.saveCustomer({ inboxId: 'inbox-1', visitorEmail: 'ann@example.test', latestRoomId: 'room-new', openedAt: [1000, 2000, 3000] });
        assert.deepEqual(await store.customer('inbox-1', 'ann@example.test'), {
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            latestRoomId: 'room-new',
            openedAt: [1000, 2000, 3000],
        });
    });

    it("makes a thread's room the customer's latest, keeping when they opened conversations, and writes nothing when it already is", async () => {
        const persistence = memoryPersistence();
        const store = new ConversationStore(persistence.reader, persistence.writer);
        await store.saveCustomer({ inboxId: 'inbox-1', visitorEmail: 'ann@example.test', latestRoomId: 'room-1', openedAt: [1000] });
        const thread = {
            roomId: 'room-2',
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            subject: 'Order',
            lastInboundMessageId: 'a@x',
            references: ['a@x'],
        };

        await store.saveThread(thread);
        assert.deepEqual(await store.customer('inbox-1', 'ann@example.test'), {
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            latestRoomId: 'room-2',
            openedAt: [1000],
        });
        assert.deepEqual(await store.thread('room-2'), thread);

        const before = JSON.stringify(persistence.records);
        await store.saveThread(thread);
        assert.equal(JSON.stringify(persistence.records), before);
        assert.equal(persistence.records.length, 2);
    });

    it("lists a room's emails once each, oldest first, whether an older version logged them or they came with their headers", async () => {
        const persistence = memoryPersistence();
        const older = olderRecords(persistence);
        await older.roomEmails.put('inbox-1:in:first@x', mailIn('first@x', '2026-12-01T10:00:00.000Z'));
        await older.roomEmails.put('inbox-1:out:reply@x', { ...mailIn('reply@x', '2026-12-01T11:00:00.000Z'), direction: 'out', to: ['ann@example.test'] });
        const store = new ConversationStore(persistence.reader, persistence.writer);
        await store.log.addReceived({ roomMessageId: 'msg-3', email: mailIn('third@x', '2026-12-01T12:00:00.000Z'), headers: headers('msg-3', 'From: ann') });
        // The same mail recorded by an older version and again (an import finished after an update): once.
        await store.log.addReceived({ roomMessageId: 'msg-1', email: mailIn('first@x', '2026-12-01T10:00:00.000Z') });
        await store.log.addReceived({ roomMessageId: 'msg-9', email: { ...mailIn('other@x', '2026-12-01T09:00:00.000Z'), roomId: 'room-9' } });

        assert.deepEqual(
            (await store.log.ofRoom('room-1')).map((email) => `${email.direction} ${email.messageId}`),
            ['in first@x', 'out reply@x', 'in third@x'],
        );
    });

    it('finds the headers of a room message in the mail recorded with them, else where an older version kept them', async () => {
        const persistence = memoryPersistence();
        const older = olderRecords(persistence);
        await older.headers.put('msg-old', headers('msg-old', 'From: older'));
        const store = new ConversationStore(persistence.reader, persistence.writer);
        await store.log.addReceived({
            roomMessageId: 'msg-new',
            email: mailIn('new@x', '2026-12-02T10:00:00.000Z'),
            headers: headers('msg-new', 'From: newer'),
        });
        await store.log.addReceived({ roomMessageId: 'msg-bare', email: mailIn('bare@x', '2026-12-02T11:00:00.000Z') });

        assert.equal((await store.headersOf('msg-new'))?.headers, 'From: newer');
        assert.equal((await store.headersOf('msg-old'))?.headers, 'From: older');
        assert.equal(await store.headersOf('msg-bare'), undefined);
        assert.equal(await store.headersOf('msg-unknown'), undefined);
    });
});
