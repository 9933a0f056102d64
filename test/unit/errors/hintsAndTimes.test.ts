import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ErrorCode } from '../../../src/errors/ErrorCode';
import { errorHintKey } from '../../../src/errors/errorHintKey';
import { readableTime } from '../../../src/i18n/readableTime';
import { translatorFor } from '../../../src/i18n/translate';

describe('errorHintKey', () => {
    const t = translatorFor('en');

    it('gives every code a hint', () => {
        for (const code of Object.values(ErrorCode)) assert.ok(t(errorHintKey(code), { folder: 'INBOX' }).length > 10, code);
    });

    it('talks about SMTP for a refused SMTP login, and about IMAP for a refused IMAP login', () => {
        assert.match(t(errorHintKey(ErrorCode.AuthenticationFailed, 'smtp')), /SMTP server refused .*SMTP AUTH/);
        assert.doesNotMatch(t(errorHintKey(ErrorCode.AuthenticationFailed, 'smtp')), /IMAP/);
        assert.match(t(errorHintKey(ErrorCode.AuthenticationFailed, 'imap')), /IMAP/);
        assert.equal(errorHintKey(ErrorCode.Timeout, 'smtp'), errorHintKey(ErrorCode.Timeout, 'imap'));
    });
});

describe('readableTime', () => {
    it('shows a stored time to the minute, saying it is UTC', () => {
        assert.equal(readableTime('2026-11-30T14:05:59.123Z'), '2026-11-30 14:05 UTC');
        assert.equal(readableTime(undefined), '');
        assert.equal(readableTime('not a time'), 'not a time');
    });
});
