import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizeMessageId } from '../../../src/mail/domain/InboundEmail';
import { neutralizeMentions } from '../../../src/mail/domain/neutralizeMentions';
import { normalizeSubject, replySubject } from '../../../src/mail/domain/subject';
import { syntheticMessageId } from '../../../src/inbound/domain/syntheticMessageId';
import { trimQuotedReply } from '../../../src/inbound/domain/trimQuotedReply';

describe('subjects', () => {
    it('strips chains of reply and forward prefixes in many languages', () => {
        assert.equal(normalizeSubject('Re: RE: Fwd: AW: WG: SV: Enc: Printer'), 'Printer');
        assert.equal(normalizeSubject('Re[2]: Printer'), 'Printer');
        assert.equal(normalizeSubject('[Ticket #42] Printer'), '[Ticket #42] Printer');
        assert.equal(replySubject('Re: Re: Printer'), 'Re: Printer');
    });
});

describe('Message-IDs', () => {
    it('compares ids without brackets and case', () => {
        assert.equal(normalizeMessageId(' <ABC.123@Example.COM> '), 'abc.123@example.com');
    });

    const mail = (headers: string, body: string) => Buffer.from(`${headers}\r\n\r\n${body}`);
    const headers = 'From: a@b.c\r\nTo: help@shop.test\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\nSubject: Hi';

    it('derives the same id for a second delivery of the same mail', () => {
        const first = syntheticMessageId(mail(`Received: from mx1\r\n${headers}`, 'text'));
        assert.equal(first, syntheticMessageId(mail(`Received: from mx2\r\nReturn-Path: <a@b.c>\r\n${headers}`, 'text')));
        assert.match(first, /^[0-9a-f]{40}@email-inboxes\.invalid$/);
    });

    it('never gives two mails that differ in content the same id, even with sender, date and subject alike', () => {
        const first = syntheticMessageId(mail(headers, 'text'));
        assert.notEqual(first, syntheticMessageId(mail(headers, 'other text')));
        // The same text with another file: only the bytes of the attachment differ.
        const withFile = (bytes: string) => mail(`${headers}\r\nContent-Type: multipart/mixed; boundary=b`, `--b\r\n\r\ntext\r\n--b\r\n\r\n${bytes}\r\n--b--`);
        assert.notEqual(syntheticMessageId(withFile('AAAA')), syntheticMessageId(withFile('AAAB')));
        assert.notEqual(first, syntheticMessageId(mail(headers.replace('To: help@', 'To: sales@'), 'text')));
    });

    it('reads mail with bare LF line ends and mail with no blank line', () => {
        assert.equal(syntheticMessageId(mail(headers, 'text')), syntheticMessageId(Buffer.from(`${headers.replace(/\r\n/g, '\n')}\n\ntext`)));
        assert.notEqual(syntheticMessageId(Buffer.from('just some words')), syntheticMessageId(Buffer.from('other words')));
    });
});

describe('neutralizeMentions', () => {
    it('keeps @all, @here and @user from notifying, and lines from looking like commands', () => {
        const text = neutralizeMentions('Hi @all and @here, ask @jane.doe (mail me at jane@example.com)\n/leave now');
        assert.doesNotMatch(text, /(^|\s)@(all|here|jane)/);
        assert.match(text, /jane@example\.com/, 'addresses stay intact');
        assert.doesNotMatch(text, /^\/leave/m);
    });

    it('drops script and data link targets, keeping the link text', () => {
        assert.equal(neutralizeMentions('[click](javascript:alert(1)) [img](data:text/html,x)'), 'click img');
    });

    it('is idempotent', () => {
        const once = neutralizeMentions('@all /cmd');
        assert.equal(neutralizeMentions(once), once);
    });
});

describe('trimQuotedReply', () => {
    it('cuts Gmail, Outlook and German quote headers', () => {
        for (const header of [
            'On Tue, 24 Nov 2026 at 09:00, Support <support@example.test> wrote:',
            '-----Original Message-----',
            'Am 24.11.2026 um 09:00 schrieb Support <support@example.test>:',
            'From: Support <support@example.test>',
        ]) {
            const { visible, trimmed } = trimQuotedReply(`Thanks, that worked.\n\n${header}\n> old text`);
            assert.equal(visible, 'Thanks, that worked.', header);
            assert.match(trimmed ?? '', /old text/);
        }
    });

    it('cuts signatures and mobile footers, and trailing quoted lines', () => {
        assert.equal(trimQuotedReply('Yes.\n-- \nCarla\nACME').visible, 'Yes.');
        assert.equal(trimQuotedReply('Yes.\n\nSent from my iPhone').visible, 'Yes.');
        assert.equal(trimQuotedReply('Yes.\n\n> earlier\n> text\n').visible, 'Yes.');
    });

    it("cuts the inbox's signature quoted back in a Gmail reply (attribution wrapped over two lines) and an Outlook one", () => {
        const gmail = [
            'Thanks, it works now.',
            '',
            'On Mon, 2 Mar 2026 at 10:15, Jane Doe via ACME Support <',
            'support@example.test> wrote:',
            '',
            '> Hi Carla, please unplug it.',
            '>',
            '> --',
            '> Jane Doe',
            '> ACME Support',
            '>',
        ].join('\r\n');
        assert.equal(trimQuotedReply(gmail).visible, 'Thanks, it works now.');
        const outlook = [
            'Thanks, it works now.',
            '',
            '________________________________',
            'From: Jane Doe via ACME Support <support@example.test>',
            'Sent: Monday, March 2, 2026 10:15 AM',
            'To: Carla Customer <carla@example.net>',
            'Subject: Re: Printer on fire',
            '',
            'Hi Carla, please unplug it.',
            '',
            '-- ',
            'Jane Doe',
            'ACME Support',
        ].join('\r\n');
        assert.equal(trimQuotedReply(outlook).visible, 'Thanks, it works now.');
        // An HTML-only Outlook mail, as read into text: its header labels are bold.
        assert.equal(trimQuotedReply('Thanks.\n\n**From:** Jane Doe via ACME Support <support@example.test>\n**Sent:** Monday').visible, 'Thanks.');
    });

    it('takes a quoted signature out of a reply written under the quote, keeping the answer', () => {
        const { visible, trimmed } = trimQuotedReply('> Please unplug it.\n> -- \n> Jane Doe\n> ACME Support\n\nDone, it is off now.');
        assert.equal(visible, '> Please unplug it.\n\nDone, it is off now.');
        assert.match(trimmed ?? '', /Jane Doe/);
    });

    it('never leaves nothing: an all-quoted mail is kept whole', () => {
        const text = '> only a quote\n> nothing else';
        assert.deepEqual(trimQuotedReply(text), { visible: text });
    });
});
