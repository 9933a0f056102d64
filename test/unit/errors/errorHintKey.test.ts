import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ErrorCode } from '../../../src/errors/ErrorCode';
import { errorHintKey } from '../../../src/errors/errorHintKey';
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
