/** How a connection to a mail server is secured. */
export type ConnectionSecurity = 'ssl' | 'starttls' | 'none';

export const CONNECTION_SECURITIES: readonly ConnectionSecurity[] = ['ssl', 'starttls', 'none'];

/** Everything needed to log in to one IMAP or SMTP server. */
export interface MailServer {
    host: string;
    port: number;
    security: ConnectionSecurity;
    username: string;
    password: string;
    /** Off by default: a self-signed or unknown certificate is refused unless the admin allows it. */
    allowUntrustedCertificate: boolean;
    /**
     * PEM certificates the admin trusts for this server besides the public authorities: its own
     * CA's or its self-signed certificate. Verification stays on; absent on inboxes saved before.
     */
    trustedCertificate?: string;
    /**
     * For inboxes that sign in with OAuth2: the access token to log in with (XOAUTH2/OAUTHBEARER),
     * set in memory just before connecting (signin/AccessTokens), never stored with the server.
     */
    accessToken?: string;
}

/** What must never appear in anything recorded about this server: its password and access token. */
export function serverSecrets(server: Pick<MailServer, 'password' | 'accessToken'>): string[] {
    return [server.password, server.accessToken ?? ''].filter((secret) => secret.length > 0);
}

/** Time limits for one connection, well inside the engine's 30 s per call. */
export const CONNECTION_TIMEOUTS = {
    connectMs: 8_000,
    greetingMs: 8_000,
    socketMs: 15_000,
} as const;

export function describeServer(server: Pick<MailServer, 'host' | 'port' | 'security'>): string {
    return `${server.host}:${server.port} (${server.security})`;
}
