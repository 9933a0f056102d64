import { connect } from 'tls';

import { certificatesAlwaysVerified } from '../runtime/appRuntime';
import type { MailServer } from './domain/MailServer';
import { tlsOptions } from './tlsOptions';
import { BUDGET } from '../runtime/budgets';

export interface CertificateSummary {
    subject: string;
    issuer: string;
    validTo: string;
}

function names(entity: Record<string, unknown> | undefined): string {
    if (!entity) return '?';
    return ['CN', 'O']
        .filter((key) => entity[key])
        .map((key) => `${key}=${String(entity[key])}`)
        .join(', ');
}

/**
 * Who the server's certificate claims to be and who issued it, read over a connection that
 * does not verify it and sends nothing: used only to explain an "untrusted certificate"
 * failure. Implicit TLS only (STARTTLS would need the protocol's own dialogue). Not where the
 * runtime cannot skip verification: Deno 2.3 then reports a made-up certificate. Never throws.
 */
export function inspectCertificate(server: MailServer): Promise<CertificateSummary | undefined> {
    if (server.security !== 'ssl' || certificatesAlwaysVerified()) return Promise.resolve(undefined);
    return new Promise((resolve) => {
        const socket = connect({ host: server.host, port: server.port, ...tlsOptions({ host: server.host, allowUntrustedCertificate: true }) }, () => {
            const certificate = socket.getPeerCertificate();
            finish(
                certificate && certificate.subject
                    ? {
                          subject: names(certificate.subject as unknown as Record<string, unknown>),
                          issuer: names(certificate.issuer as unknown as Record<string, unknown>),
                          validTo: certificate.valid_to,
                      }
                    : undefined,
            );
        });
        const timer = setTimeout(() => finish(undefined), BUDGET.certificateLook);
        socket.on('error', () => finish(undefined));
        function finish(summary: CertificateSummary | undefined): void {
            clearTimeout(timer);
            socket.destroy();
            resolve(summary);
        }
    });
}
