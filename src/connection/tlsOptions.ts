import { isIP } from 'net';
import { rootCertificates } from 'tls';

import type { MailServer } from './domain/MailServer';

export interface TlsClientOptions {
    rejectUnauthorized: boolean;
    minVersion: 'TLSv1.2';
    servername?: string;
    ca?: string[];
}

/**
 * TLS options shared by IMAP and SMTP: verification on unless the admin allowed otherwise (which
 * Deno 2.3 ignores, see runtime/appRuntime.ts); a trusted certificate is added to the public
 * authorities, not put in their place; SNI for host names only.
 */
export function tlsOptions(server: Pick<MailServer, 'host' | 'allowUntrustedCertificate' | 'trustedCertificate'>): TlsClientOptions {
    const options: TlsClientOptions = { rejectUnauthorized: !server.allowUntrustedCertificate, minVersion: 'TLSv1.2' };
    if (isIP(server.host) === 0) options.servername = server.host;
    if (server.trustedCertificate) options.ca = [...rootCertificates, server.trustedCertificate];
    return options;
}
