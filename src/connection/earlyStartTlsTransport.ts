import { connect as netConnect } from 'net';
import { connect as tlsConnect } from 'tls';
import type { TLSSocket } from 'tls';

import type { ImapFlowOptions } from 'imapflow';

type ImapTransport = NonNullable<ImapFlowOptions['transport']>;
type ConnectOptions = Parameters<ImapTransport['connect']>[0];
type TransportSocket = ReturnType<ImapTransport['connect']>;

interface EarlyUpgrade {
    tlsSocket: TLSSocket;
    secure: boolean;
    /** A handshake failure before imapflow took the socket (its error listener comes with upgrade()). */
    error?: Error;
}

/** A tagged answer (not `* ...` or `+ ...`); STARTTLS is the only command in flight when it is watched for. */
const TAGGED_RESPONSE = /(?:^|\r\n)[^*+\r\n][^ \r\n]* (OK|NO|BAD)\b[^\r\n]*\r\n/i;

/**
 * imapflow's connections for Deno before 2.7 (Rocket.Chat 8.5–8.8 run apps on Deno 2.3.1).
 *
 * Deno's `tls.connect({ socket })` hands the TCP connection to `Deno.startTls`, which needs the
 * connection to itself: if the socket's read loop has already asked for the next bytes, the
 * handshake waits behind a read the server never answers (it waits for our ClientHello).
 * imapflow starts TLS a few ticks after STARTTLS's OK arrived (the OK travels through a pipe
 * and its parser), by which time that read is always pending: UPGRADE_TIMEOUT. So the TLS
 * socket is made here, in the very `data` event that carries the OK, before the read loop goes
 * on; imapflow's `upgrade()` then takes it. The certificate is verified as always (Deno has no
 * way to skip it), with the same options imapflow passes for a direct TLS connection.
 */
export function createEarlyStartTlsTransport(): ImapTransport {
    const destinations = new WeakMap<TransportSocket, ConnectOptions>();
    const upgrades = new WeakMap<TransportSocket, EarlyUpgrade>();

    const tlsOptions = (options: ConnectOptions) => ({ ...options.tls, host: options.host, port: options.port, servername: options.servername });

    return {
        connect(options, onConnect) {
            const socket = (
                options.secure ? tlsConnect(tlsOptions(options), onConnect) : netConnect({ host: options.host, port: options.port }, onConnect)
            ) as TransportSocket;
            destinations.set(socket, options);
            return socket;
        },
        prepareUpgrade(socket) {
            const watch = (chunk: Buffer) => {
                const answer = TAGGED_RESPONSE.exec(chunk.toString('latin1'));
                if (!answer) return;
                socket.removeListener('data', watch);
                const destination = destinations.get(socket);
                // A refused STARTTLS (NO/BAD) is imapflow's to report; nothing to upgrade.
                if (answer[1].toUpperCase() !== 'OK' || !destination) return;
                const upgrade: EarlyUpgrade = {
                    tlsSocket: tlsConnect({ ...tlsOptions(destination), socket: socket as unknown as TLSSocket }),
                    secure: false,
                };
                upgrade.tlsSocket.once('secureConnect', () => (upgrade.secure = true));
                upgrade.tlsSocket.on('error', (error: Error) => (upgrade.error ??= error));
                upgrades.set(socket, upgrade);
            };
            // Before imapflow's own pipe listener, so that the upgrade starts within this event.
            socket.prependListener('data', watch);
        },
        upgrade(socket, _options, onSecure) {
            const upgrade = upgrades.get(socket);
            if (!upgrade) throw new Error('STARTTLS was answered without an OK this connection could act on');
            const { error } = upgrade;
            // Handed on once imapflow listens, which it does as soon as this returns.
            if (error) setImmediate(() => upgrade.tlsSocket.emit('error', error));
            else if (upgrade.secure) setImmediate(onSecure);
            else upgrade.tlsSocket.once('secureConnect', onSecure);
            return upgrade.tlsSocket as unknown as TransportSocket;
        },
    };
}
