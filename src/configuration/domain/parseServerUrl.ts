import type { ConnectionSecurity, MailServer } from '../../connection/domain/MailServer';

export type MailProtocol = 'imap' | 'smtp';

export interface ServerUrl {
    protocol: MailProtocol;
    server: MailServer;
    /** IMAP folder from `?folder=`; INBOX when absent. */
    folder: string;
}

const SCHEMES: Record<string, { protocol: MailProtocol; security: ConnectionSecurity; defaultPort: number }> = {
    'imap:': { protocol: 'imap', security: 'none', defaultPort: 143 },
    'imap+starttls:': { protocol: 'imap', security: 'starttls', defaultPort: 143 },
    'imaps:': { protocol: 'imap', security: 'ssl', defaultPort: 993 },
    'smtp:': { protocol: 'smtp', security: 'none', defaultPort: 25 },
    'smtp+starttls:': { protocol: 'smtp', security: 'starttls', defaultPort: 587 },
    'smtps:': { protocol: 'smtp', security: 'ssl', defaultPort: 465 },
};

/**
 * Parses a compact server description such as
 * `imaps://user%40example.com:secret@mail.example.com:993?allowUntrusted=1&folder=Support`.
 * Throws an Error whose message says what is wrong (never containing the password).
 */
export function parseServerUrl(text: string): ServerUrl {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        throw new Error('not a server URL; expected for example imaps://user:password@imap.example.com:993');
    }
    const scheme = SCHEMES[url.protocol];
    if (!scheme) {
        throw new Error(`unknown scheme "${url.protocol}"; use one of ${Object.keys(SCHEMES).join(' ')}`);
    }
    if (!url.hostname) throw new Error('the server URL has no host');
    const port = url.port ? Number(url.port) : scheme.defaultPort;
    const allowUntrusted = url.searchParams.get('allowUntrusted');
    return {
        protocol: scheme.protocol,
        folder: url.searchParams.get('folder') ?? 'INBOX',
        server: {
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port,
            security: scheme.security,
            username: decodeURIComponent(url.username),
            password: decodeURIComponent(url.password),
            allowUntrustedCertificate: allowUntrusted === '1' || allowUntrusted === 'true',
        },
    };
}
