import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { deliveryState, dueAgain, maySendAgain } from '../../../src/outbound/domain/deliveryState';
import type { OutgoingEmail } from '../../../src/outbound/domain/OutgoingEmail';

const now = new Date('2026-03-02T10:00:00Z');
const email: OutgoingEmail = {
    id: 'e1',
    inboxId: 'i1',
    roomId: 'r1',
    kind: 'reply',
    headers: {
        from: { name: 'ACME', address: 'support@acme.example' },
        to: 'carla@example.net',
        subject: 'Re: x',
        messageId: 'e1@acme.example',
        inReplyTo: 'c1',
        references: [],
    },
    text: 'Hi',
    html: '<p>Hi</p>',
    attachments: [],
    createdAt: '2026-03-02T09:00:00.000Z',
    retryWindowFrom: '2026-03-02T09:00:00.000Z',
    attempts: 0,
    state: 'waiting',
    nextAttemptAt: '2026-03-02T09:00:00.000Z',
};
const error = { code: 'timeout', detail: 'no answer', at: '2026-03-02T09:00:05.000Z' };

describe('deliveryState', () => {
    it('says sent once the reply left the outbox, with the time noted', () => {
        assert.deepEqual(deliveryState(undefined, '2026-03-02T09:01:00.000Z', false, now), { kind: 'sent', at: '2026-03-02T09:01:00.000Z' });
        assert.deepEqual(deliveryState(undefined, undefined, false, now), { kind: 'sent' });
    });

    it('tells queued, being sent, waiting with the next attempt and the server words, and failed apart', () => {
        assert.deepEqual(deliveryState(email, undefined, false, now), { kind: 'queued' });
        assert.deepEqual(deliveryState(email, undefined, true, now), { kind: 'sending' });
        const waiting = { ...email, attempts: 2, earlierAttempts: 1, lastError: error, nextAttemptAt: '2026-03-02T10:01:00.000Z' };
        assert.deepEqual(deliveryState(waiting, undefined, false, now), {
            kind: 'waiting',
            attempts: 3,
            nextAttemptAt: '2026-03-02T10:01:00.000Z',
            error: { code: 'timeout', detail: 'no answer' },
        });
        const failed = { ...email, attempts: 1, state: 'failed' as const, lastError: { ...error, code: 'recipient_rejected', detail: '550 no such user' } };
        assert.deepEqual(deliveryState(failed, undefined, false, now), {
            kind: 'failed',
            attempts: 1,
            error: { code: 'recipient_rejected', detail: '550 no such user' },
        });
        assert.equal(maySendAgain(deliveryState(failed, undefined, false, now)), true);
        assert.equal(maySendAgain(deliveryState(waiting, undefined, false, now)), true);
        assert.equal(maySendAgain(deliveryState(email, undefined, false, now)), false);
    });

    it('makes a reply due again with a fresh retry window, counting its earlier attempts', () => {
        const again = dueAgain({ ...email, attempts: 2, state: 'failed', delayNoticeSent: true }, now);
        assert.deepEqual(
            {
                state: again.state,
                attempts: again.attempts,
                earlierAttempts: again.earlierAttempts,
                nextAttemptAt: again.nextAttemptAt,
                retryWindowFrom: again.retryWindowFrom,
                delayNoticeSent: again.delayNoticeSent,
            },
            { state: 'waiting', attempts: 0, earlierAttempts: 2, nextAttemptAt: now.toISOString(), retryWindowFrom: now.toISOString(), delayNoticeSent: false },
        );
    });
});
