import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { detectAutomatedMail } from '../../../src/inbound/domain/detectAutomatedMail';
import { inboundEmail } from '../../support/inboundEmail';

const context = { inboxAddresses: ['support@example.test'] };

describe('detectAutomatedMail', () => {
    it('lets ordinary mail through, including Auto-Submitted: no (RFC 3834)', () => {
        assert.deepEqual(detectAutomatedMail(inboundEmail(), context), { automated: false });
        assert.deepEqual(detectAutomatedMail(inboundEmail({ headers: { 'auto-submitted': 'No' } }), context), { automated: false });
    });

    it('stops auto-replies by any of their markers', () => {
        const markers: Array<Record<string, string>> = [
            { 'auto-submitted': 'auto-replied' },
            { 'auto-submitted': 'auto-generated; owner-email="x@y"' },
            { 'x-autoreply': 'yes' },
            { 'x-autorespond': 'vacation' },
            { 'x-auto-response-suppress': 'All' },
        ];
        for (const headers of markers) {
            assert.equal(detectAutomatedMail(inboundEmail({ headers }), context).automated, true, JSON.stringify(headers));
        }
        for (const precedence of ['bulk', 'junk', 'list', 'auto_reply']) {
            assert.deepEqual(detectAutomatedMail(inboundEmail({ headers: { precedence } }), context), { automated: true, reason: 'bulk_precedence' });
        }
    });

    it('stops bounces: delivery reports, mailer daemons, empty return paths', () => {
        assert.deepEqual(detectAutomatedMail(inboundEmail({ contentType: 'multipart/report' }), context), { automated: true, reason: 'bounce' });
        assert.deepEqual(detectAutomatedMail(inboundEmail({ from: { address: 'MAILER-DAEMON@mx.example.net', name: '' } }), context), {
            automated: true,
            reason: 'bounce',
        });
        assert.deepEqual(detectAutomatedMail(inboundEmail({ from: { address: 'postmaster@example.net', name: '' } }), context), {
            automated: true,
            reason: 'bounce',
        });
        assert.deepEqual(detectAutomatedMail(inboundEmail({ headers: { 'return-path': '<>' } }), context), { automated: true, reason: 'bounce' });
    });

    it('stops mail from any inbox address and mail the app sent itself', () => {
        assert.deepEqual(detectAutomatedMail(inboundEmail({ from: { address: 'Support@Example.test', name: '' } }), context), {
            automated: true,
            reason: 'own_address',
        });
        assert.deepEqual(
            detectAutomatedMail(inboundEmail({ messageId: 'reply-1@mail.example.test' }), { ...context, ownMessageIdDomain: 'mail.example.test' }),
            {
                automated: true,
                reason: 'own_message',
            },
        );
    });
});
