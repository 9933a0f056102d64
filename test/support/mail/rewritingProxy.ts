import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import { freePort } from './freePort';

/** A loopback TCP proxy that passes the client's bytes on as they are and rewrites the server's. */
export interface RewritingProxy {
    port: number;
    close(): Promise<void>;
}

/**
 * Stands between the app and a test server to play a runtime or network that alters bytes in
 * flight. `rewrite` sees each chunk the server sends, as latin1 text so that every byte maps to
 * one character; tokens split across chunks are not seen (fine for short protocol lines).
 */
export async function startRewritingProxy(target: { host: string; port: number }, rewrite: (chunk: string) => string): Promise<RewritingProxy> {
    const port = await freePort();
    const sockets = new Set<Socket>();
    const server: Server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('close', () => sockets.delete(socket));
            socket.on('error', () => undefined);
        }
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => client.write(Buffer.from(rewrite(chunk.toString('latin1')), 'latin1')));
        upstream.on('end', () => client.end());
        client.on('end', () => upstream.end());
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
    });
    return {
        port,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}
