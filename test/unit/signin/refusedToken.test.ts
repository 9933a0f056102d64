import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ErrorCode } from '../../../src/errors/ErrorCode';
import { retriesWithNewToken } from '../../../src/signin/domain/refusedToken';

describe('a refused access token', () => {
    it('is replaced once when it was a kept one: the provider may have revoked or forgotten it before it expired', () => {
        assert.equal(retriesWithNewToken(ErrorCode.AuthenticationFailed, 'kept-token'), true);
    });

    it('counts as a refused login when the provider issued it for this login: the server does not take the account', () => {
        assert.equal(retriesWithNewToken(ErrorCode.AuthenticationFailed, 'new-token'), false);
    });

    it('leaves a password inbox’s refused login as it was', () => {
        assert.equal(retriesWithNewToken(ErrorCode.AuthenticationFailed, 'password'), false);
    });

    it('is not what any other failure is: only a refused login asks for a new token', () => {
        for (const code of Object.values(ErrorCode).filter((code) => code !== ErrorCode.AuthenticationFailed)) {
            assert.equal(retriesWithNewToken(code, 'kept-token'), false, code);
        }
    });
});
