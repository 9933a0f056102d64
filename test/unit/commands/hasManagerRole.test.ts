import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { hasManagerRole } from '../../../src/platform/domain/hasManagerRole';

describe('hasManagerRole', () => {
    it('allows users holding one of the configured roles', () => {
        assert.equal(hasManagerRole(['user', 'admin'], 'admin'), true);
        assert.equal(hasManagerRole(['livechat-manager'], 'admin, livechat-manager'), true);
    });

    it('refuses everyone else, including users without roles', () => {
        assert.equal(hasManagerRole(['user', 'livechat-agent'], 'admin'), false);
        assert.equal(hasManagerRole(undefined, 'admin'), false);
        assert.equal(hasManagerRole(['admin'], ' , '), false);
    });
});
