import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shorten } from '../../../src/inbound/domain/shorten';

describe('shorten', () => {
    it('leaves text within the limit as it is', () => {
        assert.equal(shorten('Invoice 42', 10), 'Invoice 42');
    });

    it('cuts to the limit with "…", without a blank before it', () => {
        assert.equal(shorten('Invoice for March', 9), 'Invoice…');
        assert.equal(shorten('Invoice for March', 12).length, 12);
    });

    it('never splits a character made of two UTF-16 units', () => {
        assert.equal(shorten('ab😀cd', 4), 'ab…');
    });

    it('keeps the given end after "…" (a file name keeps its extension)', () => {
        assert.equal(shorten('quarterly-report-final.pdf', 14, '.pdf'), 'quarterly….pdf');
    });
});
