import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeWindows1252, repairRawMessage } from '../../../src/inbound/domain/repairRawMessage';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('repairRawMessage', () => {
    it('reads undeclared 8-bit headers and text as Windows-1252, and declares the UTF-8 it wrote', () => {
        const repaired = repairRawMessage(latin1('From: Ren\xe9e <r@example.fr>\r\nSubject: Probl\xe8me \x80\r\n\r\nD\xe9j\xe0 vu\r\n'));
        const text = repaired.toString('utf8');
        assert.match(text, /^From: Renée <r@example\.fr>\r\nSubject: Problème €\r\nContent-Type: text\/plain; charset=utf-8\r\n\r\nDéjà vu\r\n$/);
    });

    it('adds the charset to an existing text content type', () => {
        const repaired = repairRawMessage(latin1('Subject: x\r\nContent-Type: text/plain; format=flowed\r\n\r\nna\xefve\r\n'));
        assert.match(repaired.toString('utf8'), /Content-Type: text\/plain; charset=utf-8; format=flowed\r\n\r\nnaïve/);
    });

    it('leaves alone what is already right or not text: UTF-8, declared charsets, binary and multipart bodies', () => {
        const cases = [
            Buffer.from('Subject: Grüße\r\n\r\nSchöne Grüße\r\n', 'utf8'),
            latin1('Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nGr\xfc\xdfe\r\n'),
            latin1('Subject: x\r\nContent-Type: application/octet-stream\r\n\r\n\x80\x81\xff\x00'),
            latin1('Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n\xe9\r\n--b--\r\n'),
        ];
        for (const raw of cases) assert.equal(repairRawMessage(raw), raw);
    });

    it('maps the Windows-1252 range that differs from Latin-1', () => {
        assert.equal(decodeWindows1252(Uint8Array.from([0x80, 0x93, 0x94, 0x96, 0x99, 0xe9])), '€“”–™é');
    });
});
