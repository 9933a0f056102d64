import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { attachmentName, isSignaturePart } from '../../../src/inbound/domain/attachmentName';
import { describeBrokenStructure, rawBodyText } from '../../../src/inbound/domain/mimeStructure';
import { parseInboundEmail } from '../../../src/inbound/parseInboundEmail';
import { sanitizeName, sanitizeText } from '../../../src/inbound/domain/sanitizeText';

describe('sanitizeText', () => {
    it('drops control characters and terminal sequences, keeps tabs and line breaks, and turns CRLF and CR into LF', () => {
        assert.equal(sanitizeText('a\u0000b\u0007c\u001b[31mred\u001b[0m\u007f'), 'abcred');
        assert.equal(sanitizeText('one\r\ntwo\rthree\n\tfour'), 'one\ntwo\nthree\n\tfour');
        assert.equal(sanitizeText('Grüße, 日本語 👍'), 'Grüße, 日本語 👍', 'text itself is never touched');
    });
});

describe('attachmentName', () => {
    it("keeps a part's own name, trimmed", () => {
        assert.equal(attachmentName('  invoice.pdf ', 'application/pdf', 'abcdef0123'), 'invoice.pdf');
    });

    it('names an unnamed part from its checksum with the extension its type implies', () => {
        assert.equal(attachmentName(undefined, 'text/calendar', 'abcdef0123'), 'attachment-abcdef01.ics');
        assert.equal(attachmentName('', 'IMAGE/PNG', '1234567890'), 'attachment-12345678.png');
        assert.equal(attachmentName(undefined, 'application/x-unknown', 'ffffffff99'), 'attachment-ffffffff', 'no made-up extension');
    });

    it('recognises S/MIME and PGP signature parts, whatever the case', () => {
        assert.equal(isSignaturePart('application/pkcs7-signature'), true);
        assert.equal(isSignaturePart('Application/PGP-Signature'), true);
        assert.equal(isSignaturePart('application/pdf'), false);
    });
});

describe('mimeStructure', () => {
    const mail = (contentType: string, body: string) => Buffer.from(`Content-Type: ${contentType}\r\n\r\n${body}`);

    it('finds nothing wrong in a whole multipart mail or in a single-part one', () => {
        const type = 'multipart/mixed; boundary="b1"';
        assert.deepEqual(describeBrokenStructure(mail(type, '--b1\r\n\r\nhi\r\n--b1--\r\n'), type), []);
        assert.deepEqual(describeBrokenStructure(mail('text/plain', 'hi'), 'text/plain'), []);
    });

    it('names a multipart mail without a boundary, without its parts, or cut off before its last part ends', () => {
        assert.deepEqual(describeBrokenStructure(mail('multipart/mixed', 'x'), 'multipart/mixed'), ['multipart mail without a boundary']);
        const type = 'multipart/mixed; boundary=b2';
        assert.deepEqual(describeBrokenStructure(mail(type, 'no parts here'), type), ['multipart mail without any of its parts']);
        assert.deepEqual(describeBrokenStructure(mail(type, '--b2\r\n\r\nhalf a file'), type), [
            'the mail ends before its last part is complete (cut off in transfer?)',
        ]);
    });

    it('gives the text after the headers for a mail whose parts cannot be found', () => {
        assert.equal(rawBodyText(mail('multipart/mixed', '\r\n  the words  \r\n')), 'the words');
    });
});

describe('direction overrides', () => {
    it('are removed from text and names, so a file or a sender cannot show another name than it has', () => {
        assert.equal(sanitizeName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
        assert.equal(sanitizeName(' Alice\u2066 \u2069Admin\n'), 'Alice Admin');
        assert.equal(sanitizeText('שלום \u202Bworld\u202C'), 'שלום world', 'right-to-left text itself stays');
    });
});

describe('parsed names', () => {
    it("carry no direction override from a sender's display name or an attachment's file name", async () => {
        const raw = [
            'From: "Bob\u202Enimda" <bob@example.net>',
            'To: help@example.test',
            'Subject: file',
            'Content-Type: multipart/mixed; boundary=b',
            '',
            '--b',
            'Content-Type: text/plain',
            '',
            'see file',
            '--b',
            'Content-Type: application/octet-stream',
            "Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe",
            '',
            'MZ',
            '--b--',
            '',
        ].join('\r\n');
        const email = await parseInboundEmail(Buffer.from(raw, 'utf8'));
        assert.equal(email.from?.name, 'Bobnimda');
        assert.deepEqual(
            email.attachments.map((file) => file.filename),
            ['invoicefdp.exe'],
        );
    });
});
