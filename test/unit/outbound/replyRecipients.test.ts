import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { addRecipients, noChanges, parseAddresses, removeRecipient, replyRecipients } from '../../../src/outbound/domain/replyRecipients';
import type { RecipientChanges } from '../../../src/outbound/domain/replyRecipients';

const thread = { visitorEmail: 'carla@example.net', cc: ['boss@example.net', 'team@example.net'] };
const current = (changes?: RecipientChanges, replyAllSetting = true) => ({ thread, changes, replyAllSetting });
const changed = (result: ReturnType<typeof addRecipients> | ReturnType<typeof removeRecipient>): RecipientChanges => {
    assert.ok('changes' in result, JSON.stringify(result));
    return result.changes;
};

describe('replyRecipients', () => {
    it('goes to the customer, copying the others of their last mail with reply all, nobody blind', () => {
        assert.deepEqual(replyRecipients(thread, undefined, true), {
            to: ['carla@example.net'],
            cc: ['boss@example.net', 'team@example.net'],
            bcc: [],
            replyAll: true,
        });
        assert.deepEqual(replyRecipients(thread, undefined, false).cc, []);
    });

    it("follows the conversation's reply all over the setting, and agents' additions and removals", () => {
        const changes = { ...noChanges(), replyAll: false, added: { to: ['dora@example.net'], cc: ['eve@example.net'], bcc: ['audit@example.net'] } };
        assert.deepEqual(replyRecipients(thread, changes, true), {
            to: ['carla@example.net', 'dora@example.net'],
            cc: ['eve@example.net'],
            bcc: ['audit@example.net'],
            replyAll: false,
        });
        const removed = { ...noChanges(), removed: { to: [], cc: ['boss@example.net'] } };
        assert.deepEqual(replyRecipients(thread, removed, true).cc, ['team@example.net']);
    });

    it('lists no address twice: To before CC before BCC', () => {
        const changes = { ...noChanges(), added: { to: ['boss@example.net'], cc: ['carla@example.net'], bcc: ['team@example.net', 'boss@example.net'] } };
        assert.deepEqual(replyRecipients(thread, changes, true), {
            to: ['carla@example.net', 'boss@example.net'],
            cc: ['team@example.net'],
            bcc: [],
            replyAll: true,
        });
    });
});

describe('parseAddresses', () => {
    it('reads addresses separated by commas, semicolons, blanks or lines, and "Name <address>" as mail clients copy them', () => {
        assert.deepEqual(parseAddresses('a@example.com, B@Example.com;c@example.com\nDora <dora@example.net>  e@example.org a@example.com'), {
            valid: ['a@example.com', 'b@example.com', 'c@example.com', 'dora@example.net', 'e@example.org'],
            invalid: [],
        });
        assert.deepEqual(parseAddresses('bob@, carla@example.net, not an address').invalid, ['bob@', 'not', 'an', 'address']);
    });
});

describe('addRecipients and removeRecipient', () => {
    it('adds to a field and brings back an address agents had removed there', () => {
        const added = changed(addRecipients(current(), 'cc', 'eve@example.net', ['support@acme.example']));
        assert.deepEqual(replyRecipients(thread, added, true).cc, ['boss@example.net', 'team@example.net', 'eve@example.net']);
        const removed = changed(removeRecipient(current(added), 'cc', 'boss@example.net'));
        assert.deepEqual(replyRecipients(thread, removed, true).cc, ['team@example.net', 'eve@example.net']);
        const back = changed(addRecipients(current(removed), 'cc', 'boss@example.net', []));
        assert.deepEqual(replyRecipients(thread, back, true).cc, ['boss@example.net', 'team@example.net', 'eve@example.net']);
        assert.deepEqual(back.added.cc, ['eve@example.net'], 'back as the conversation gives it: removable again');
        // An address agents added is dropped, not kept out: the customer may copy it later.
        const dropped = changed(removeRecipient(current(added), 'cc', 'eve@example.net'));
        assert.deepEqual(dropped.removed.cc, []);
    });

    it('refuses what is not an address, an inbox of the workspace, an address that gets the reply already, and a full field', () => {
        assert.deepEqual(addRecipients(current(), 'cc', 'bob@, x@example.net', []), {
            refused: { key: 'email_panel_address_invalid', params: { addresses: 'bob@' } },
        });
        assert.deepEqual(addRecipients(current(), 'bcc', 'Support@ACME.example', ['support@acme.example']), {
            refused: { key: 'email_panel_address_inbox', params: { address: 'support@acme.example' } },
        });
        assert.deepEqual(addRecipients(current(), 'bcc', 'boss@example.net', []), {
            refused: { key: 'email_panel_address_already', params: { address: 'boss@example.net', field: 'cc' } },
        });
        assert.deepEqual(addRecipients(current(), 'to', ' , ', []), { refused: { key: 'email_panel_address_none', params: {} } });
        const many = Array.from({ length: 19 }, (_, index) => `p${index}@example.org`).join(', ');
        assert.deepEqual(addRecipients(current(), 'cc', many, []), { refused: { key: 'email_panel_address_too_many', params: { field: 'cc', max: 20 } } });
    });

    it('keeps the last To', () => {
        assert.deepEqual(removeRecipient(current(), 'to', 'carla@example.net'), { refused: { key: 'email_panel_last_to', params: {} } });
        const two = changed(addRecipients(current(), 'to', 'dora@example.net', []));
        assert.deepEqual(replyRecipients(thread, changed(removeRecipient(current(two), 'to', 'carla@example.net')), true).to, ['dora@example.net']);
    });
});
