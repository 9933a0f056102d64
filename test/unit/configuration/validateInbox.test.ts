import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Inbox } from '../../../src/configuration/domain/Inbox';
import { emptyInboxInput } from '../../../src/configuration/domain/InboxInput';
import type { InboxInput } from '../../../src/configuration/domain/InboxInput';
import { validateInboxInput } from '../../../src/configuration/domain/validateInbox';
import type { ValidationContext } from '../../../src/configuration/domain/validateInbox';

function input(overrides: Partial<InboxInput> = {}): InboxInput {
    return {
        ...emptyInboxInput(),
        name: 'support',
        email: 'Support@Example.com',
        active: 'true',
        'smtp.host': 'smtp.example.com',
        'smtp.port': '587',
        'smtp.security': 'starttls',
        'smtp.username': 'support@example.com',
        'smtp.password': 'smtp-pass',
        'imap.host': 'imap.example.com',
        'imap.port': '993',
        'imap.security': 'ssl',
        'imap.username': 'support@example.com',
        'imap.password': 'imap-pass',
        ...overrides,
    };
}

const existing: Inbox = {
    id: 'inbox-1',
    name: 'Sales',
    email: 'sales@example.com',
    description: '',
    senderInfo: '',
    active: true,
    smtp: { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'sales', password: 'old-smtp', allowUntrustedCertificate: false },
    imap: { host: 'imap.example.com', port: 993, security: 'ssl', username: 'sales', password: 'old-imap', allowUntrustedCertificate: false, folder: 'INBOX' },
    createdAt: '',
    updatedAt: '',
    createdBy: 'admin',
    updatedBy: 'admin',
};
const context: ValidationContext = { existing: [existing], departments: [{ id: 'dep-1', name: 'Billing' }] };

function errorsOf(result: ReturnType<typeof validateInboxInput>): Record<string, string> {
    return result.ok ? {} : Object.fromEntries(result.errors.map((issue) => [issue.field, issue.key]));
}

describe('validateInboxInput', () => {
    it('normalises a valid inbox', () => {
        const result = validateInboxInput(input({ department: 'billing', 'smtp.host': 'SMTP.Example.com ' }), context);
        assert.ok(result.ok);
        assert.equal(result.inbox.email, 'support@example.com');
        assert.equal(result.inbox.smtp.host, 'smtp.example.com');
        assert.equal(result.inbox.smtp.port, 587);
        assert.equal(result.inbox.departmentId, 'dep-1');
        assert.equal(result.inbox.imap.folder, 'INBOX');
        assert.deepEqual(result.warnings, []);
    });

    it('files replies in Sent unless asked not to or the provider does it itself (Gmail, Microsoft 365)', () => {
        const saves = (overrides: Partial<InboxInput>) => {
            const result = validateInboxInput(input(overrides), context);
            assert.ok(result.ok);
            return result.inbox.imap.saveSentCopy;
        };
        assert.equal(saves({}), true);
        assert.equal(saves({ 'smtp.host': 'smtp.gmail.com', 'smtp.port': '465', 'smtp.security': 'ssl' }), false);
        assert.equal(saves({ 'smtp.host': 'smtp.office365.com' }), false);
        assert.equal(saves({ 'imap.saveSentCopy': 'false' }), false);
        assert.equal(saves({ 'smtp.host': 'smtp.gmail.com', 'smtp.port': '465', 'smtp.security': 'ssl', 'imap.saveSentCopy': 'true' }), true);
    });

    it('names every missing field', () => {
        const errors = errorsOf(validateInboxInput(emptyInboxInput(), context));
        for (const field of ['name', 'email', 'smtp.host', 'smtp.port', 'smtp.security', 'smtp.username', 'smtp.password', 'imap.host', 'imap.password']) {
            assert.ok(errors[field], `${field} should be required`);
        }
    });

    it('refuses duplicates regardless of case, but not the inbox being edited', () => {
        assert.deepEqual(errorsOf(validateInboxInput(input({ name: 'SALES', email: 'Sales@example.com' }), context)), {
            name: 'validation_name_taken',
            email: 'validation_email_taken',
        });
        assert.ok(validateInboxInput(input({ name: 'sales', email: 'sales@example.com' }), { ...context, editing: existing }).ok);
    });

    it('explains hosts typed as URLs or with a port, bad ports and unknown departments', () => {
        const errors = errorsOf(
            validateInboxInput(
                input({ 'smtp.host': 'smtp://smtp.example.com', 'imap.host': 'imap.example.com:993', 'imap.port': '0', department: 'Nowhere' }),
                context,
            ),
        );
        assert.deepEqual(errors, {
            'smtp.host': 'validation_host_scheme',
            'imap.host': 'validation_host_port',
            'imap.port': 'validation_port',
            department: 'validation_department_unknown',
        });
    });

    it('accepts IP addresses and international domain names', () => {
        const result = validateInboxInput(input({ email: 'hilfe@bücher.de', 'smtp.host': '192.0.2.10', 'imap.host': '[2001:db8::1]' }), context);
        assert.ok(result.ok);
        assert.equal(result.inbox.imap.host, '2001:db8::1');
    });

    it('keeps the saved passwords when editing with empty password fields', () => {
        const result = validateInboxInput(input({ name: 'Sales', email: 'sales@example.com', 'smtp.password': '', 'imap.password': '' }), {
            ...context,
            editing: existing,
        });
        assert.ok(result.ok);
        assert.equal(result.inbox.smtp.password, 'old-smtp');
        assert.equal(result.inbox.imap.password, 'old-imap');
    });

    it('warns, without refusing, about security settings that do not fit the port or send passwords in clear', () => {
        const result = validateInboxInput(input({ 'imap.security': 'starttls', 'smtp.port': '465', 'smtp.security': 'none' }), context);
        assert.ok(result.ok);
        assert.deepEqual(
            result.warnings.map((warning) => `${warning.field}:${warning.key}`),
            ['smtp.security:validation_warn_port_expects_ssl', 'smtp.security:validation_warn_unencrypted', 'imap.security:validation_warn_port_expects_ssl'],
        );
    });

    it('keeps a pasted trusted certificate and refuses anything that is not one', () => {
        const body = 'MIIBlDCCATugAwIBAgIUIOzHU+Wba2OaQvZHeQSkMhOfkpswCgYIKoZIzj0EAwIwIDEeMBwGA1UEAwwVRW1haWwgSW5ib3hlcyBUZXN0IENB';
        const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
        const kept = validateInboxInput(input({ 'imap.trustedCertificate': `\n${pem}\n${pem}\n` }), context);
        assert.ok(kept.ok);
        assert.equal(kept.inbox.imap.trustedCertificate, `${pem}\n${pem}`);
        assert.equal(kept.inbox.smtp.trustedCertificate, undefined);

        const key = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
        for (const wrong of [key, `${pem}\n${key}`, 'not a certificate', `-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----`]) {
            assert.deepEqual(
                errorsOf(validateInboxInput(input({ 'smtp.trustedCertificate': wrong }), context)),
                { 'smtp.trustedCertificate': 'validation_certificate' },
                wrong,
            );
        }
    });
});

describe('validateInboxInput: signature and quoting', () => {
    it('keeps the signature as typed, tidied, and quoting off unless chosen', () => {
        const result = validateInboxInput(input({ signature: '\r\n{agent}  \r\n{inbox} · {Department}\r\n\r\n' }), context);
        assert.ok(result.ok);
        assert.equal(result.inbox.signature, '{agent}\n{inbox} · {Department}');
        assert.equal(result.inbox.quoteLastEmail, false);
        const quoting = validateInboxInput(input({ quoteLastEmail: 'true' }), context);
        assert.ok(quoting.ok && quoting.inbox.quoteLastEmail);
    });

    it('says under the field which placeholders it does not know, and when the signature is too long', () => {
        const unknown = validateInboxInput(input({ signature: '{agent} {name}, {team} {name}' }), context);
        assert.ok(!unknown.ok);
        assert.deepEqual(unknown.errors, [
            { field: 'signature', key: 'validation_signature_placeholder', params: { unknown: '{name}, {team}', known: '{agent}, {inbox}, {department}' } },
        ]);
        const long = validateInboxInput(input({ signature: 'x'.repeat(1_001) }), context);
        assert.ok(!long.ok);
        assert.deepEqual(long.errors, [{ field: 'signature', key: 'validation_signature_too_long', params: { max: 1_000, length: 1_001 } }]);
        assert.equal(validateInboxInput(input({ quoteLastEmail: 'maybe' }), context).ok, false);
    });
});

describe('validateInboxInput: acknowledgement', () => {
    it('is off unless chosen, and keeps its subject, text and days as typed, tidied, also while off', () => {
        const off = validateInboxInput(input(), context);
        assert.ok(off.ok);
        assert.deepEqual(off.inbox.acknowledgement, { enabled: false, subject: '', text: '', perSenderDays: 1 });
        const on = validateInboxInput(
            input({
                'acknowledgement.enabled': 'true',
                'acknowledgement.subject': '  Re:   {subject} \r\n',
                'acknowledgement.text': 'Hello {Customer},\r\n\r\nthanks.  \r\n{inbox}\r\n',
                'acknowledgement.perSenderDays': '7',
            }),
            context,
        );
        assert.ok(on.ok);
        assert.deepEqual(on.inbox.acknowledgement, {
            enabled: true,
            subject: 'Re: {subject}',
            text: 'Hello {Customer},\n\nthanks.\n{inbox}',
            perSenderDays: 7,
        });
    });

    it('needs a subject and a text to be on, known placeholders, and whole days from 1 to 365', () => {
        assert.deepEqual(errorsOf(validateInboxInput(input({ 'acknowledgement.enabled': 'true' }), context)), {
            'acknowledgement.subject': 'validation_required',
            'acknowledgement.text': 'validation_required',
        });
        const unknown = validateInboxInput(input({ 'acknowledgement.text': 'Dear {name}' }), context);
        assert.ok(!unknown.ok);
        assert.deepEqual(unknown.errors[0].params, { unknown: '{name}', known: '{customer}, {subject}, {inbox}' });
        for (const days of ['0', '366', '1.5', 'week']) {
            assert.deepEqual(errorsOf(validateInboxInput(input({ 'acknowledgement.perSenderDays': days }), context)), {
                'acknowledgement.perSenderDays': 'validation_days',
            });
        }
        assert.deepEqual(errorsOf(validateInboxInput(input({ 'acknowledgement.subject': 'x'.repeat(201) }), context)), {
            'acknowledgement.subject': 'validation_text_too_long',
        });
    });
});
