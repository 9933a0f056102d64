import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import { CONNECTION_TIMEOUTS } from './domain/MailServer';
import type { MailServer } from './domain/MailServer';
import { tlsOptions } from './tlsOptions';

/**
 * An access token is handed in ready to use: nodemailer's own refresh would drop a rotated
 * refresh token, so signin/AccessTokens refreshes and nodemailer only logs in with XOAUTH2.
 */
function smtpAuth(server: MailServer): SMTPTransport.Options['auth'] {
    if (server.accessToken) return { type: 'OAuth2', user: server.username, accessToken: server.accessToken };
    return server.username ? { user: server.username, pass: server.password } : undefined;
}

/**
 * A nodemailer transport for one inbox's SMTP server. `ehloName` is the inbox's domain:
 * the sandbox refuses `os.hostname()`, and a real domain in EHLO keeps spam filters calm.
 * File and URL access are off: message content never makes the app read files or fetch URLs.
 */
export function createSmtpTransport(server: MailServer, ehloName: string): Transporter<SMTPTransport.SentMessageInfo> {
    return createTransport({
        host: server.host,
        port: server.port,
        secure: server.security === 'ssl',
        requireTLS: server.security === 'starttls',
        ignoreTLS: server.security === 'none',
        auth: smtpAuth(server),
        tls: tlsOptions(server),
        name: ehloName,
        connectionTimeout: CONNECTION_TIMEOUTS.connectMs,
        greetingTimeout: CONNECTION_TIMEOUTS.greetingMs,
        socketTimeout: CONNECTION_TIMEOUTS.socketMs,
        disableFileAccess: true,
        disableUrlAccess: true,
        logger: false,
        debug: false,
    });
}
