import { isIP } from 'net';

import type { MailServer } from './domain/MailServer';

export interface TlsClientOptions {
    rejectUnauthorized: boolean;
    minVersion: 'TLSv1.2';
    servername?: string;
}

/** TLS options shared by IMAP and SMTP: verification on unless the admin allowed otherwise; SNI for host names only. */
export function tlsOptions(server: Pick<MailServer, 'host' | 'allowUntrustedCertificate'>): TlsClientOptions {
    const options: TlsClientOptions = { rejectUnauthorized: !server.allowUntrustedCertificate, minVersion: 'TLSv1.2' };
    if (isIP(server.host) === 0) options.servername = server.host;
    return options;
}
