import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseServerUrl } from '../../../src/configuration/domain/parseServerUrl';

describe('parseServerUrl', () => {
    it('reads protocol, security, default port and decoded credentials', () => {
        const parsed = parseServerUrl('imaps://support%40example.com:p%40ss%3Aword@imap.example.com');
        assert.equal(parsed.protocol, 'imap');
        assert.deepEqual(parsed.server, {
            host: 'imap.example.com',
            port: 993,
            security: 'ssl',
            username: 'support@example.com',
            password: 'p@ss:word',
            allowUntrustedCertificate: false,
        });
        assert.equal(parsed.folder, 'INBOX');
    });

    it('knows STARTTLS and plain variants and their ports', () => {
        assert.equal(parseServerUrl('smtp+starttls://u:p@h').server.port, 587);
        assert.equal(parseServerUrl('smtp+starttls://u:p@h').server.security, 'starttls');
        assert.equal(parseServerUrl('smtps://u:p@h').server.port, 465);
        assert.equal(parseServerUrl('imap://u:p@h:1143').server.port, 1143);
        assert.equal(parseServerUrl('imap://u:p@h').server.security, 'none');
    });

    it('reads allowUntrusted and folder options', () => {
        const parsed = parseServerUrl('imap+starttls://u:p@127.0.0.1:1143?allowUntrusted=1&folder=Support%2FEU');
        assert.equal(parsed.server.allowUntrustedCertificate, true);
        assert.equal(parsed.folder, 'Support/EU');
    });

    it('explains bad input without echoing the password', () => {
        assert.throws(() => parseServerUrl('not a url'), /expected for example imaps:/);
        assert.throws(
            () => parseServerUrl('pop3://u:secret@h'),
            (error: Error) => /unknown scheme "pop3:"/.test(error.message) && !error.message.includes('secret'),
        );
    });
});
