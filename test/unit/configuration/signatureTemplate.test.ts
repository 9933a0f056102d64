import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fillSignature, unknownPlaceholders } from '../../../src/configuration/domain/signatureTemplate';

describe('signature placeholders', () => {
    const values = { agent: 'Jane Doe', inbox: 'ACME Support', department: 'Billing' };

    it('fills {agent}, {inbox} and {department}, in any case', () => {
        assert.equal(fillSignature('{agent}\n{INBOX} · {Department}', values), 'Jane Doe\nACME Support · Billing');
    });

    it('leaves out a line that only had placeholders that came out empty, keeps lines typed empty between', () => {
        assert.equal(fillSignature('{agent}\n\n{department}\nACME', { ...values, department: '' }), 'Jane Doe\n\nACME');
        assert.equal(fillSignature('{agent}\n{department}', { ...values, agent: '', department: '' }), '');
    });

    it('keeps braces that are no placeholder as typed, and names them', () => {
        assert.equal(fillSignature('{agent} {team}', values), 'Jane Doe {team}');
        assert.deepEqual(unknownPlaceholders('{agent} {team} {team} { spaced } {{agent}}'), ['team']);
    });
});
