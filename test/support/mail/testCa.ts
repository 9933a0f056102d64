import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { whenProcessEnds } from '../processEnd';

const run = promisify(execFile);

/** A private certificate authority and a server certificate it signed for localhost and 127.0.0.1. */
export interface TestCa {
    dir: string;
    caPem: string;
    certPem: string;
    keyPem: string;
    certPath: string;
    keyPath: string;
}

/** Generates a fresh CA and server certificate (EC P-256, SHA-256) with the openssl CLI. */
export async function createTestCa(dir: string, commonName = 'Email Inboxes Test CA'): Promise<TestCa> {
    mkdirSync(dir, { recursive: true });
    // The CA's private key must not outlive the test, demo or bench that made it, however it ends.
    whenProcessEnds(() => rmSync(dir, { recursive: true, force: true }));
    const path = (name: string) => join(dir, name);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await run('openssl', ['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.pem'), '-days', '3', '-subj', `/CN=${commonName}`]);
    await run('openssl', ['req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost']);
    writeFileSync(path('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
    await run('openssl', [
        'x509',
        '-req',
        '-in',
        path('server.csr'),
        '-CA',
        path('ca.pem'),
        '-CAkey',
        path('ca.key'),
        '-CAcreateserial',
        '-out',
        path('server.pem'),
        '-days',
        '3',
        '-sha256',
        '-extfile',
        path('server.ext'),
    ]);
    return {
        dir,
        caPem: readFileSync(path('ca.pem'), 'utf8'),
        certPem: readFileSync(path('server.pem'), 'utf8'),
        keyPem: readFileSync(path('server.key'), 'utf8'),
        certPath: path('server.pem'),
        keyPath: path('server.key'),
    };
}
