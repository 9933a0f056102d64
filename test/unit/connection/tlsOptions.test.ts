import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { describe, it } from 'node:test';

import { tlsOptions } from '../../../src/connection/tlsOptions';

// Real certificates to paste: public authorities, each a valid PEM.
const [first, second] = rootCertificates;
const server = (trustedCertificate?: string, host = 'mail.example.com') => ({ host, allowUntrustedCertificate: false, trustedCertificate });

describe('tlsOptions', () => {
    it('trusts a pasted certificate through one TLS context, shared by every connection to a server with it', () => {
        const context = tlsOptions(server(first)).secureContext;
        assert.ok(context);
        assert.equal(tlsOptions(server(first, 'imap.example.com')).secureContext, context);
    });

    it('gives another certificate its own context, and a server without one none (the public authorities alone)', () => {
        assert.notEqual(tlsOptions(server(second)).secureContext, tlsOptions(server(first)).secureContext);
        assert.equal(tlsOptions(server()).secureContext, undefined);
    });

    it('keeps the contexts of the 32 certificates used last: an older one is built again', () => {
        const kept = tlsOptions(server(first)).secureContext;
        for (const certificate of rootCertificates.slice(1, 33)) tlsOptions(server(certificate));
        assert.notEqual(tlsOptions(server(first)).secureContext, kept);
        const recent = tlsOptions(server(rootCertificates[32])).secureContext;
        assert.equal(tlsOptions(server(rootCertificates[32])).secureContext, recent);
    });

    it('names the server for SNI by host name only, asks for TLS 1.2 or newer, and verifies unless the admin allowed otherwise', () => {
        assert.equal(tlsOptions(server(undefined, 'mail.example.com')).servername, 'mail.example.com');
        assert.equal(tlsOptions(server(undefined, '192.0.2.7')).servername, undefined);
        assert.equal(tlsOptions(server()).minVersion, 'TLSv1.2');
        assert.equal(tlsOptions(server()).rejectUnauthorized, true);
        assert.equal(tlsOptions({ host: 'mail.example.com', allowUntrustedCertificate: true }).rejectUnauthorized, false);
    });
});
