import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import { freePort } from './freePort';

/**
 * A loopback TCP proxy that makes a local test server as far away as a real one: every chunk is
 * passed on `delayMs` after it arrived, in each direction and in order (50 ms each way is a
 * 100 ms round trip, as from a Rocket.Chat server to a mail provider). A new connection also
 * costs the round trip of TCP's handshake before the client's first bytes arrive. TLS passes
 * through untouched: the proxy only delays bytes.
 */
export interface LatencyProxy {
    port: number;
    /** Connections accepted so far. */
    connections: number;
    /** Connections open now, and the most that were open at once. */
    open: number;
    mostOpen: number;
    close(): Promise<void>;
}

/** Passes `from`'s bytes to `to`, each chunk `delayMs` after it came (never before `notBefore`), keeping their order. */
function relay(from: Socket, to: Socket, delayMs: number, notBefore: number): void {
    const queue: Array<{ at: number; chunk?: Buffer }> = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
        timer = undefined;
        while (queue.length > 0 && queue[0].at <= Date.now()) {
            const { chunk } = queue.shift() as { at: number; chunk?: Buffer };
            if (to.destroyed) return;
            if (chunk) to.write(chunk);
            else to.end();
        }
        if (queue.length > 0) timer = setTimeout(flush, queue[0].at - Date.now());
    };
    const enqueue = (chunk?: Buffer) => {
        queue.push({ at: Math.max(Date.now(), notBefore) + delayMs, chunk });
        timer ??= setTimeout(flush, queue[0].at - Date.now());
    };
    from.on('data', (chunk: Buffer) => enqueue(chunk));
    from.on('end', () => enqueue());
}

export async function startLatencyProxy(target: { host: string; port: number }, delayMs: number): Promise<LatencyProxy> {
    const port = await freePort();
    const sockets = new Set<Socket>();
    const proxy: LatencyProxy = {
        port,
        connections: 0,
        open: 0,
        mostOpen: 0,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
    const server: Server = createServer((client) => {
        proxy.connections++;
        proxy.open++;
        proxy.mostOpen = Math.max(proxy.mostOpen, proxy.open);
        client.once('close', () => proxy.open--);
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('close', () => {
                sockets.delete(socket);
                // Either side gone for good: the other follows (after what was already on its way).
                if (socket === client) setTimeout(() => upstream.destroy(), delayMs).unref();
                else setTimeout(() => client.destroy(), delayMs).unref();
            });
            socket.on('error', () => undefined);
        }
        // SYN, SYN-ACK: the client's first bytes leave one round trip after it connected.
        relay(client, upstream, delayMs, Date.now() + 2 * delayMs);
        relay(upstream, client, delayMs, 0);
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
    });
    return proxy;
}
