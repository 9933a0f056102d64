import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MAX_REFERENCES, composeReplyHeaders } from '../../../src/outbound/domain/composeReplyHeaders';

const inbox = { email: 'support@acme.example', senderInfo: 'ACME Support', name: 'support' };
const thread = {
    subject: 'Re: Printer on fire',
    visitorEmail: 'carla@example.net',
    lastInboundMessageId: 'c2@example.net',
    references: ['c1@example.net', 'r1@acme.example', 'c2@example.net'],
};

describe('composeReplyHeaders', () => {
    it('threads the reply as mail clients expect', () => {
        const headers = composeReplyHeaders({ thread, inbox, agentName: 'Jane Doe', nameStyle: 'agent_via_inbox', uniqueId: 'u1', replyToAll: true });
        assert.deepEqual(headers, {
            from: { name: 'Jane Doe via ACME Support', address: 'support@acme.example' },
            to: 'carla@example.net',
            cc: [],
            subject: 'Re: Printer on fire',
            messageId: 'u1@acme.example',
            inReplyTo: 'c2@example.net',
            references: ['c1@example.net', 'r1@acme.example', 'c2@example.net'],
        });
    });

    it("starts an agent's new email: the subject as typed (a Re: included), no In-Reply-To, no References, the typed copies", () => {
        const headers = composeReplyHeaders({
            thread: { subject: 'Re: your order 123', visitorEmail: 'carla@example.net', lastInboundMessageId: '', references: [], cc: ['boss@example.net'] },
            inbox,
            agentName: 'Jane Doe',
            nameStyle: 'agent_via_inbox',
            uniqueId: 'u2',
            replyToAll: true,
        });
        assert.equal(headers.subject, 'Re: your order 123');
        assert.equal(headers.inReplyTo, '');
        assert.deepEqual(headers.references, []);
        assert.deepEqual(headers.cc, ['boss@example.net']);
    });

    it('uses only the inbox sender info when configured so', () => {
        assert.equal(
            composeReplyHeaders({ thread, inbox, agentName: 'Jane Doe', nameStyle: 'inbox_sender_info', uniqueId: 'u', replyToAll: true }).from.name,
            'ACME Support',
        );
    });

    it('bounds long reference chains, keeping the root and the latest', () => {
        const long = Array.from({ length: 50 }, (_, index) => `m${index}@example.net`);
        const headers = composeReplyHeaders({
            thread: { ...thread, references: long, lastInboundMessageId: 'm49@example.net' },
            inbox,
            agentName: '',
            nameStyle: 'agent_via_inbox',
            uniqueId: 'u',
            replyToAll: true,
        });
        assert.equal(headers.references.length, MAX_REFERENCES);
        assert.equal(headers.references[0], 'm0@example.net');
        assert.equal(headers.references.at(-1), 'm49@example.net');
        assert.equal(headers.from.name, 'ACME Support', 'no agent name: the inbox speaks');
    });

    it('copies the others of the last mail when replying to all, and nobody otherwise', () => {
        const copied = { ...thread, cc: ['boss@example.net', 'team@example.net'] };
        const options = { inbox, agentName: 'Jane', nameStyle: 'agent_via_inbox' as const, uniqueId: 'u' };
        assert.deepEqual(composeReplyHeaders({ ...options, thread: copied, replyToAll: true }).cc, ['boss@example.net', 'team@example.net']);
        assert.deepEqual(composeReplyHeaders({ ...options, thread: copied, replyToAll: false }).cc, []);
        assert.deepEqual(composeReplyHeaders({ ...options, thread, replyToAll: true }).cc, [], 'a conversation from before copies were kept');
    });
});
