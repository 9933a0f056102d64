import { ImapFlow } from 'imapflow';

import { CONNECTION_TIMEOUTS } from './domain/MailServer';
import type { MailServer } from './domain/MailServer';
import { tlsOptions } from './tlsOptions';
import { imapStartTlsNeedsEarlyUpgrade } from '../runtime/appRuntime';
import { createEarlyStartTlsTransport } from './earlyStartTlsTransport';

/**
 * A single-use imapflow client for one server: connect, work, `logout()` in `finally`.
 * Library logging is off (it would print server dialogue, which can hold credentials);
 * socket errors are swallowed here because every call that could hit them rejects anyway.
 */
export function createImapClient(server: MailServer): ImapFlow {
    const client = new ImapFlow({
        host: server.host,
        port: server.port,
        secure: server.security === 'ssl',
        doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
        // imapflow picks OAUTHBEARER or XOAUTH2, whichever the server offers, for an access token.
        auth: server.accessToken ? { user: server.username, accessToken: server.accessToken } : { user: server.username, pass: server.password },
        tls: tlsOptions(server),
        ...(server.security === 'starttls' && imapStartTlsNeedsEarlyUpgrade() && { transport: createEarlyStartTlsTransport() }),
        logger: false,
        disableAutoIdle: true,
        connectionTimeout: CONNECTION_TIMEOUTS.connectMs,
        greetingTimeout: CONNECTION_TIMEOUTS.greetingMs,
        socketTimeout: CONNECTION_TIMEOUTS.socketMs,
    });
    client.on('error', () => undefined);
    return client;
}

/** Logs out politely, or drops the connection if the server does not answer. Never throws. */
export async function closeImapClient(client: ImapFlow): Promise<void> {
    try {
        if (client.usable) await client.logout();
    } catch {
        // The connection is gone either way.
    } finally {
        client.close();
    }
}
