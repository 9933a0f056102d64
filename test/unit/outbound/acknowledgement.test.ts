import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fillAcknowledgement } from '../../../src/configuration/domain/acknowledgementTemplate';
import type { Inbox } from '../../../src/configuration/domain/Inbox';
import { noAcknowledgement } from '../../../src/inbound/domain/acknowledgementPolicy';
import { ConversationStore } from '../../../src/omnichannel/ConversationStore';
import type { ThreadState } from '../../../src/omnichannel/ConversationStore';
import { Acknowledgements, acknowledgementId } from '../../../src/outbound/Acknowledgements';
import { composeAcknowledgement } from '../../../src/outbound/domain/composeAcknowledgement';
import { OutboxStore } from '../../../src/outbound/OutboxStore';
import { inboxRecord } from '../../support/inboxes';
import { memoryPersistence } from '../../support/memoryPersistence';

const inbox: Inbox = {
    ...inboxRecord('support@example.test', { host: 'localhost', port: 465, security: 'ssl', username: 'u', password: 'p', allowUntrustedCertificate: false }),
    acknowledgement: { enabled: true, subject: 'Re: {subject}', text: 'Hello {customer},\n\nwe got “{subject}”.\n\n{inbox}', perSenderDays: 7 },
};
const thread: ThreadState = {
    roomId: 'room-1',
    inboxId: inbox.id,
    visitorEmail: 'carla@example.net',
    subject: 'Printer on fire',
    lastInboundMessageId: 'first@example.net',
    references: ['older@example.net', 'first@example.net'],
    cc: ['boss@example.net'],
};

describe('acknowledgement', () => {
    it('fills the subject and text as plain text, a customer’s long name or subject cut', () => {
        const filled = fillAcknowledgement(inbox.acknowledgement!, { customer: 'Carla', subject: 'Printer on fire', inbox: 'ACME Support' });
        assert.deepEqual(filled, { subject: 'Re: Printer on fire', text: 'Hello Carla,\n\nwe got “Printer on fire”.\n\nACME Support' });
        const long = fillAcknowledgement({ subject: '{subject}', text: '{customer}' }, { customer: 'x'.repeat(500), subject: 'y'.repeat(500), inbox: '' });
        assert.equal(long.subject.length, 150);
        assert.ok(long.text.endsWith('…'));
    });

    it('is an automatic reply to the customer alone, threaded to their mail, with the text escaped in HTML', () => {
        const email = composeAcknowledgement({
            id: 'ack-1',
            now: new Date('2026-03-02T10:00:00Z'),
            inbox: { ...inbox, senderInfo: 'ACME Support' },
            thread,
            subject: 'Re: <b>Printer</b>',
            text: 'Hello [Carla](https://evil.example),\n\nwe got it.',
        });
        assert.equal(email.kind, 'acknowledgement');
        assert.deepEqual(email.headers, {
            from: { name: 'ACME Support', address: 'support@example.test' },
            to: 'carla@example.net',
            cc: [],
            subject: 'Re: <b>Printer</b>',
            messageId: 'ack-1@example.test',
            inReplyTo: 'first@example.net',
            references: ['older@example.net', 'first@example.net'],
        });
        assert.equal(email.text, 'Hello [Carla](https://evil.example),\n\nwe got it.\n');
        assert.match(email.html, /<p style="margin:0 0 1em">Hello \[Carla\]\(https:\/\/evil\.example\),<\/p><p style="margin:0 0 1em">we got it\.<\/p>/);
        assert.doesNotMatch(email.html, /<a /);
    });

    it('is not sent for mailing lists, robot senders, inbox addresses or a sender the receiving server doubts', () => {
        const from = { address: 'carla@example.net', name: 'Carla' };
        const context = { customer: 'carla@example.net', inboxAddresses: ['support@example.test'], suspicious: false };
        assert.equal(noAcknowledgement({ headers: {}, from }, context), undefined);
        assert.equal(noAcknowledgement({ headers: { 'list-id': '<users.lists.example.org>' }, from }, context), 'mailing_list');
        assert.equal(noAcknowledgement({ headers: { 'list-unsubscribe': '<mailto:u@x>' }, from }, context), 'mailing_list');
        for (const address of [
            'noreply@shop.example',
            'no-reply@shop.example',
            'do-not-reply@x.example',
            'owner-users@lists.example',
            'users-request@lists.example',
            'bounces+123@mail.example',
        ]) {
            assert.equal(noAcknowledgement({ headers: {}, from: { address, name: '' } }, { ...context, customer: address }), 'robot_sender', address);
        }
        assert.equal(noAcknowledgement({ headers: {}, from }, { ...context, customer: 'Support@Example.test' }), 'inbox_address');
        assert.equal(noAcknowledgement({ headers: {}, from }, { ...context, suspicious: true }), 'spoofed');
    });

    it('is queued once per customer mail, however often its import is finished, and once per sender per the days', async () => {
        const { reader, writer } = memoryPersistence();
        const services = { conversations: new ConversationStore(reader, writer), outbox: new OutboxStore(reader, writer) };
        const request = { inbox, thread, customerName: 'Carla', subject: 'Printer on fire', messageId: 'first@example.net' };
        const first = new Acknowledgements(services, reader, writer);
        assert.equal(await first.acknowledge(request), 'queued');
        assert.deepEqual(first.queued, [acknowledgementId(inbox.id, 'first@example.net')]);
        const [queued] = await services.outbox.list();
        assert.equal(queued.headers.messageId, `${queued.id}@example.test`);
        // Sent and gone from the outbox; a run finishing the same mail's import again finds it in the Message-ID index.
        await services.outbox.remove(queued.id);
        const again = new Acknowledgements(services, reader, writer);
        assert.equal(await again.acknowledge(request), 'already');
        assert.deepEqual(await services.outbox.list(), []);
        // Another conversation of the same sender within the days: none.
        assert.equal(await again.acknowledge({ ...request, messageId: 'second@example.net', thread: { ...thread, roomId: 'room-2' } }), 'recently');
        assert.deepEqual(await services.outbox.list(), []);
        // Another sender: one.
        assert.equal(await again.acknowledge({ ...request, messageId: 'dora@example.net', thread: { ...thread, visitorEmail: 'dora@example.net' } }), 'queued');
    });
});
