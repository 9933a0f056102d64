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

describe('plural forms', () => {
    it("take the language's form for the count, where the catalog has one", () => {
        assert.equal(translatorFor('en')('list_title', { count: 1 }), '1 inbox:');
        assert.equal(translatorFor('en')('list_title', { count: 3 }), '3 inboxes:');
        assert.equal(translatorFor('de')('list_title', { count: 1 }), '1 Postfach:');
        assert.equal(translatorFor('pt-BR')('list_title', { count: 0 }), '0 caixa de entrada:', 'Portuguese treats 0 as singular');
        assert.equal(translatorFor('pt-BR')('list_title', { count: 2 }), '2 caixas de entrada:');
        assert.equal(translatorFor('xx-unknown')('list_title', { count: 1 }), '1 inbox:');
    });
});
