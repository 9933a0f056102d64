import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { customerAddress } from '../../../src/inbound/domain/customerAddress';

describe('customerAddress', () => {
    const from = { address: 'carla@customer.example', name: 'Carla' };

    it('takes the Reply-To the customer asked for, else From', () => {
        assert.deepEqual(customerAddress({ from, replyTo: [{ address: 'orders@customer.example', name: '' }] }, ['support@inbox.example']), {
            address: 'orders@customer.example',
            name: '',
        });
        assert.deepEqual(customerAddress({ from, replyTo: [] }, ['support@inbox.example']), from);
    });

    it('passes over inbox addresses in Reply-To, whatever their case', () => {
        assert.deepEqual(customerAddress({ from, replyTo: [{ address: 'Support@Inbox.example', name: 'Support' }] }, ['support@inbox.example']), from);
    });
});
