import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { conversationCopies, MAX_COPIES } from '../../../src/inbound/domain/conversationCopies';
import { inboundEmail } from '../../support/inboundEmail';

const base = inboundEmail();
const person = (address: string) => ({ address, name: '' });

describe('conversationCopies', () => {
    it('keeps everyone else in To and CC, once, leaving out the inboxes and the customer', () => {
        const email = {
            ...base,
            to: [person('support@acme.example'), person('colleague@example.net')],
            cc: [person('Boss@Example.net'), person('carla@example.net'), person('sales@acme.example'), person('colleague@example.net')],
        };
        assert.deepEqual(conversationCopies(email, { inboxAddresses: ['support@acme.example', 'sales@acme.example'], customer: 'carla@example.net' }), [
            'colleague@example.net',
            'boss@example.net',
        ]);
    });

    it('adds the sender when someone the customer copied writes into the conversation', () => {
        const email = { ...base, from: person('colleague@example.net'), to: [person('support@acme.example'), person('carla@example.net')] };
        assert.deepEqual(conversationCopies(email, { inboxAddresses: ['support@acme.example'], customer: 'carla@example.net' }), ['colleague@example.net']);
    });

    it(`stops at ${MAX_COPIES}: a mailing is not a conversation`, () => {
        const email = { ...base, cc: Array.from({ length: 50 }, (_, index) => person(`p${index}@example.net`)) };
        assert.equal(conversationCopies(email, { inboxAddresses: [], customer: 'carla@example.net' }).length, MAX_COPIES);
    });
});
