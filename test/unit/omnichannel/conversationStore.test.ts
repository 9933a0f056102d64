import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LoggedEmail } from '../../../src/omnichannel/ConversationLog';
import { ConversationStore } from '../../../src/omnichannel/ConversationStore';
import type { MailHeaders, MessageIndexEntry } from '../../../src/omnichannel/ConversationStore';
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
        received: new RecordStore<{ roomMessageId: string; email: LoggedEmail; headers?: MailHeaders }>(
            { name: 'received-mail', ownerOf: (mail) => mail.email.inboxId, groupOf: (mail) => mail.email.roomId },
            persistence.reader,
            persistence.writer,
        ),
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

/** A mail's entry once it is done, in room-1 of inbox-1. */
const done = (messageId: string, more: Partial<MessageIndexEntry> = {}): MessageIndexEntry => ({
    inboxId: 'inbox-1',
    messageId,
    roomId: 'room-1',
    direction: 'in',
    state: 'done',
    ...more,
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

    it("lists a room's emails once each, oldest first, whether an older version logged them or their entries hold them", async () => {
        const persistence = memoryPersistence();
        const older = olderRecords(persistence);
        await older.roomEmails.put('inbox-1:in:first@x', mailIn('first@x', '2026-12-01T10:00:00.000Z'));
        await older.roomEmails.put('inbox-1:out:reply@x', { ...mailIn('reply@x', '2026-12-01T11:00:00.000Z'), direction: 'out', to: ['ann@example.test'] });
        await older.received.put('msg-2', { roomMessageId: 'msg-2', email: mailIn('second@x', '2026-12-01T11:30:00.000Z') });
        const store = new ConversationStore(persistence.reader, persistence.writer);
        await store.saveMessage(done('third@x', { email: mailIn('third@x', '2026-12-01T12:00:00.000Z') }));
        // The same mail logged by an older version and held by its entry (an import finished after an update): once.
        await store.saveMessage(done('first@x', { email: mailIn('first@x', '2026-12-01T10:00:00.000Z') }));
        await store.saveMessage({ ...done('other@x', { email: { ...mailIn('other@x', '2026-12-01T09:00:00.000Z'), roomId: 'room-9' } }), roomId: 'room-9' });
        await store.saveMessage({ ...done('posting@x'), state: 'posting' });

        assert.deepEqual(
            (await store.emailsOf('room-1')).map((email) => `${email.direction} ${email.messageId}`),
            ['in first@x', 'out reply@x', 'in second@x', 'in third@x'],
        );
    });

    it('finds the headers of a room message among the mails of its room, else where an older version kept them', async () => {
        const persistence = memoryPersistence();
        const older = olderRecords(persistence);
        await older.headers.put('msg-old', headers('msg-old', 'From: older'));
        await older.received.put('msg-06', {
            roomMessageId: 'msg-06',
            email: mailIn('06@x', '2026-12-06T10:00:00.000Z'),
            headers: headers('msg-06', 'From: 06'),
        });
        const store = new ConversationStore(persistence.reader, persistence.writer);
        await store.saveMessage(done('new@x', { roomMessageId: 'msg-new', headers: headers('msg-new', 'From: newer') }));
        await store.saveMessage(done('bare@x', { roomMessageId: 'msg-bare' }));

        assert.equal((await store.headersOf('msg-new', 'room-1'))?.headers, 'From: newer');
        assert.equal(await store.headersOf('msg-new', 'room-9'), undefined, 'only among the mails of the room the message is in');
        assert.equal((await store.headersOf('msg-06', 'room-1'))?.headers, 'From: 06');
        assert.equal((await store.headersOf('msg-old', undefined))?.headers, 'From: older');
        assert.equal(await store.headersOf('msg-bare', 'room-1'), undefined);
        assert.equal(await store.headersOf('msg-unknown', 'room-1'), undefined);
    });

    it("reads a room's thread state as the latest of its own and its mails', not of replies' copies", async () => {
        const persistence = memoryPersistence();
        const store = new ConversationStore(persistence.reader, persistence.writer);
        const state = (lastInboundMessageId: string, savedAt?: string) => ({
            roomId: 'room-1',
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            subject: 'Order',
            lastInboundMessageId,
            references: [lastInboundMessageId],
            ...(savedAt && { savedAt }),
        });
        assert.equal(await store.thread('room-1'), undefined);
        // An older version's record, without a time: the room's state until a mail comes in.
        await new RecordStore<ReturnType<typeof state>>({ name: 'thread', ownerOf: (thread) => thread.inboxId }, persistence.reader, persistence.writer).put(
            'room-1',
            state('old@x'),
        );
        assert.equal((await store.thread('room-1'))?.lastInboundMessageId, 'old@x');
        await store.saveMessage(done('a@x', { thread: state('a@x', '2026-12-07T10:00:00.000Z') }));
        await store.saveMessage(done('b@x', { thread: state('b@x', '2026-12-07T11:00:00.000Z') }));
        await store.saveMessage({ ...done('reply@x', { thread: state('a@x', '2026-12-07T12:00:00.000Z') }), direction: 'out' });
        assert.equal((await store.thread('room-1'))?.lastInboundMessageId, 'b@x');
        assert.equal(await store.thread('room-2'), undefined);
    });

    it("lets a new customer's first mail stand for their record, until their next conversation writes one", async () => {
        const persistence = memoryPersistence();
        const store = new ConversationStore(persistence.reader, persistence.writer);
        const first = { ...done('first@x'), customer: { visitorEmail: 'ann@example.test', openedAt: [1000] } };
        await store.saveMessage({ ...first, state: 'posting' });
        await store.saveMessage(first);
        assert.equal(persistence.records.length, 1, 'one record, written twice');
        assert.deepEqual(await store.customer('inbox-1', 'ann@example.test'), {
            inboxId: 'inbox-1',
            visitorEmail: 'ann@example.test',
            latestRoomId: 'room-1',
            openedAt: [1000],
        });
        assert.equal((await store.message('inbox-1', 'first@x'))?.state, 'done');
        await store.saveCustomer({ inboxId: 'inbox-1', visitorEmail: 'ann@example.test', latestRoomId: 'room-2', openedAt: [1000, 2000] });
        assert.deepEqual((await store.customer('inbox-1', 'ann@example.test')).latestRoomId, 'room-2');
        assert.deepEqual((await store.customer('inbox-1', 'bob@example.test')).openedAt, []);
    });

    it("reads a Message-ID's done entry where an older version left a posting one beside it, and moves an entry to another room", async () => {
        const persistence = memoryPersistence();
        await new RecordStore<MessageIndexEntry>({ name: 'message', ownerOf: (entry) => entry.inboxId }, persistence.reader, persistence.writer).put(
            'inbox-1:m@x',
            { ...done('m@x'), state: 'posting' },
        );
        const store = new ConversationStore(persistence.reader, persistence.writer);
        assert.equal((await store.message('inbox-1', 'm@x'))?.state, 'posting');
        await store.saveMessage(done('m@x'));
        assert.equal((await store.message('inbox-1', 'm@x'))?.state, 'done');

        await store.saveMessage({ ...done('n@x'), state: 'posting' });
        await store.moveMessage({ ...done('n@x'), state: 'posting', roomId: 'room-2' });
        assert.equal((await store.message('inbox-1', 'n@x'))?.roomId, 'room-2');
        assert.equal(persistence.records.filter((record) => JSON.stringify(record.data).includes('n@x')).length, 1);
    });
});
