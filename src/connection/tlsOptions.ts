import { isIP } from 'net';
import { createSecureContext, rootCertificates } from 'tls';
import type { SecureContext } from 'tls';

import type { MailServer } from './domain/MailServer';

export interface TlsClientOptions {
    rejectUnauthorized: boolean;
    minVersion: 'TLSv1.2';
    servername?: string;
    secureContext?: SecureContext;
}

/**
 * Contexts for trusted certificates, most recently used last. Node builds a context from every
 * public root plus the certificate (≈1 MiB) for each connection given a `ca`, and keeps it until
 * the garbage collector catches up: with many inboxes checked every few seconds, the app's
 * process grew past a gigabyte. One context per certificate, reused, keeps it flat. Bounded so
 * that certificates replaced in forms do not pile up.
 */
const contexts = new Map<string, SecureContext>();
const MOST_CONTEXTS = 32;

function contextTrusting(certificate: string): SecureContext {
    let context = contexts.get(certificate);
    if (context) contexts.delete(certificate);
    // Deno reads `ca` from the context it is handed, Node compiles it once here.
    else context = createSecureContext({ ca: [...rootCertificates, certificate], minVersion: 'TLSv1.2' });
    contexts.set(certificate, context);
    if (contexts.size > MOST_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    return context;
}

/**
 * TLS options shared by IMAP and SMTP: verification on unless the admin allowed otherwise (which
 * Deno 2.3 ignores, see runtime/appRuntime.ts); a trusted certificate is added to the public
 * authorities, not put in their place; SNI for host names only.
 */
export function tlsOptions(server: Pick<MailServer, 'host' | 'allowUntrustedCertificate' | 'trustedCertificate'>): TlsClientOptions {
    const options: TlsClientOptions = { rejectUnauthorized: !server.allowUntrustedCertificate, minVersion: 'TLSv1.2' };
    if (isIP(server.host) === 0) options.servername = server.host;
    if (server.trustedCertificate) options.secureContext = contextTrusting(server.trustedCertificate);
    return options;
}
