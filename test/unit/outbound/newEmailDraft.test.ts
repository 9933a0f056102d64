import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseAddressList, parseTypedAddress } from '../../../src/mail/domain/emailAddress';
import { MAX_NEW_EMAIL_CC, checkNewEmail } from '../../../src/outbound/domain/newEmailDraft';
import type { NewEmailInput } from '../../../src/outbound/domain/newEmailDraft';

const context = {
    usable: [
        { id: 'support', name: 'support', active: true },
        { id: 'old', name: 'old', active: false },
    ],
    exists: (id: string) => ['support', 'old', 'sales'].includes(id),
    inboxAddresses: ['support@acme.example', 'Sales@acme.example'],
    maxMessageLength: 5000,
};
const input = (changes: Partial<NewEmailInput> = {}): NewEmailInput => ({
    inboxId: 'support',
    to: 'Carla Customer <Carla@Example.NET>',
    cc: 'boss@example.net; ops@example.net,\nboss@example.net',
    subject: '  Your   order ',
    message: 'Hello Carla,\r\nyour order shipped.\r\n',
    ...changes,
});
const errorKeys = (changes: Partial<NewEmailInput>) => {
    const result = checkNewEmail(input(changes), context);
    return result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([field, issue]) => [field, issue?.key]));
};

describe('addresses as typed', () => {
    it('reads an address with or without a display name, lower-cased, and refuses what is not one', () => {
        assert.deepEqual(parseTypedAddress(' "Carla C." <Carla@Example.net> '), { address: 'carla@example.net', name: 'Carla C.' });
        assert.deepEqual(parseTypedAddress('carla@example.net'), { address: 'carla@example.net', name: '' });
        for (const bad of ['carla', 'carla@example', 'a b@example.net', '<>', 'x@y.z, y@z.net']) assert.equal(parseTypedAddress(bad), undefined, bad);
    });

    it('splits a list at commas, semicolons and line breaks, once each, naming what is not an address', () => {
        assert.deepEqual(parseAddressList('a@x.net; B@x.net,\n a@x.net, nope'), {
            addresses: [
                { address: 'a@x.net', name: '' },
                { address: 'b@x.net', name: '' },
            ],
            bad: ['nope'],
        });
    });
});

describe('checkNewEmail', () => {
    it('gives the email as it will go: one recipient, copies once and without the recipient, the subject on one line, the text trimmed', () => {
        const result = checkNewEmail(input({ cc: 'boss@example.net; carla@example.net' }), context);
        assert.ok(result.ok);
        assert.deepEqual(result.draft, {
            inboxId: 'support',
            to: { address: 'carla@example.net', name: 'Carla Customer' },
            cc: ['boss@example.net'],
            subject: 'Your order',
            markdown: 'Hello Carla,\nyour order shipped.',
        });
    });

    it("refuses an inbox the agent may not use, one that is gone or disabled, and no choice, under the inbox's field", () => {
        assert.deepEqual(errorKeys({ inboxId: 'sales' }), { inbox: 'new_email_inbox_not_allowed' });
        assert.deepEqual(errorKeys({ inboxId: 'removed' }), { inbox: 'inbox_gone' });
        assert.deepEqual(errorKeys({ inboxId: 'old' }), { inbox: 'new_email_inbox_disabled' });
        assert.deepEqual(errorKeys({ inboxId: '' }), { inbox: 'new_email_choose_inbox' });
    });

    it('refuses a bad, missing or second recipient, an inbox address, bad or too many copies, under their fields', () => {
        assert.deepEqual(errorKeys({ to: 'carla(at)example.net' }), { to: 'new_email_bad_address' });
        assert.deepEqual(errorKeys({ to: ' ' }), { to: 'validation_required' });
        assert.deepEqual(errorKeys({ to: 'a@example.net, b@example.net' }), { to: 'new_email_one_recipient' });
        assert.deepEqual(errorKeys({ to: 'sales@ACME.example' }), { to: 'new_email_to_inbox' });
        assert.deepEqual(errorKeys({ cc: 'ok@example.net, not an address' }), { cc: 'new_email_bad_address' });
        assert.deepEqual(errorKeys({ cc: 'support@acme.example' }), { cc: 'new_email_to_inbox' });
        const many = Array.from({ length: MAX_NEW_EMAIL_CC + 1 }, (_, index) => `c${index}@example.net`).join(',');
        assert.deepEqual(errorKeys({ cc: many }), { cc: 'new_email_too_many_copies' });
    });

    it("refuses an empty or overlong subject and message (Rocket.Chat's message size)", () => {
        assert.deepEqual(errorKeys({ subject: 'Re: ', message: '  ' }), { subject: 'validation_required', message: 'validation_required' });
        assert.deepEqual(errorKeys({ subject: 'x'.repeat(251), message: 'y'.repeat(5001) }), {
            subject: 'new_email_subject_too_long',
            message: 'new_email_message_too_long',
        });
    });
});
