import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { redactSecrets } from '../../../src/connection/domain/redactSecrets';

describe('redactSecrets', () => {
    it('removes every occurrence of each secret, plain and base64 (as AUTH LOGIN sends it)', () => {
        const secret = 'S3cret-Pass';
        const base64 = Buffer.from(secret).toString('base64');
        const text = `login with ${secret} failed; server echoed ${base64}; again ${secret}`;
        const redacted = redactSecrets(text, [secret]);
        assert.equal(redacted, 'login with *** failed; server echoed ***; again ***');
        assert.ok(!redacted.includes(secret) && !redacted.includes(base64));
    });

    it('leaves text alone when it holds no secret, and ignores secrets too short to tell from ordinary text', () => {
        assert.equal(redactSecrets('connection refused', ['S3cret-Pass', '']), 'connection refused');
        assert.equal(redactSecrets('a 1 b', ['1']), 'a 1 b');
    });
});

describe('redactSecrets and AUTH answers', () => {
    it('removes the answer of AUTH PLAIN, which encodes user and password together', () => {
        const plain = Buffer.from('\u0000support@example.test\u0000S3cret-Pass').toString('base64');
        const redacted = redactSecrets(`C: AUTH PLAIN ${plain}\nS: 535 5.7.8 failed`, ['S3cret-Pass']);
        assert.equal(redacted, 'C: AUTH PLAIN ***\nS: 535 5.7.8 failed');
        assert.equal(redactSecrets(`A1 AUTHENTICATE XOAUTH2 ${plain}`, []), 'A1 AUTHENTICATE XOAUTH2 ***');
    });
});
