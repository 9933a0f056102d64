import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import { freePort } from './freePort';

/**
 * A loopback TCP proxy between the app and a test server, to play a network, a runtime or a
 * server that misbehaves: it can rewrite what the server sends (`rewrite` sees each chunk as
 * latin1 text, one character per byte; tokens split across chunks are not seen), and cut or stall
 * a connection at a chosen moment.
 */
export interface FaultProxy {
    port: number;
    /**
     * Cuts the next connection (both sides, no goodbye) once the server has sent `afterBytes`
     * bytes that follow a chunk matching `when`, as a network or a server crash does mid-answer.
     */
    cutNext(when: RegExp, afterBytes: number): void;
    /** Likewise, but the connection stays open and the server's bytes stop coming: a server that hangs. */
    stallNext(when: RegExp, afterBytes: number): void;
    /** Ends the stalled connections (both sides, no goodbye), as a server that hung and then died. */
    endStalled(): void;
    /** Connections cut or stalled so far. */
    cuts: number;
    close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }, rewrite: (chunk: string) => string = (chunk) => chunk): Promise<FaultProxy> {
    const port = await freePort();
    const sockets = new Set<Socket>();
    let plan: { when: RegExp; afterBytes: number; stall: boolean } | undefined;
    const stalledConnections = new Set<() => void>();
    const proxy: FaultProxy = {
        port,
        cuts: 0,
        cutNext(when, afterBytes) {
            plan = { when, afterBytes, stall: false };
        },
        stallNext(when, afterBytes) {
            plan = { when, afterBytes, stall: true };
        },
        endStalled() {
            for (const end of stalledConnections) end();
            stalledConnections.clear();
        },
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
    const server: Server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('close', () => sockets.delete(socket));
            socket.on('error', () => undefined);
        }
        // As without a proxy: a server that refuses or resets the connection drops the app's, and
        // the app hanging up (a timeout after a stall) ends the server's.
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        let armedAt: number | undefined;
        let sent = 0;
        let stalled = false;
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => {
            if (stalled) return;
            if (plan && armedAt === undefined && plan.when.test(chunk.toString('latin1'))) armedAt = sent;
            if (plan && armedAt !== undefined && sent + chunk.length - armedAt >= plan.afterBytes) {
                const keep = Math.max(0, armedAt + plan.afterBytes - sent);
                client.write(chunk.subarray(0, keep));
                const stall = plan.stall;
                plan = undefined;
                proxy.cuts++;
                if (stall) {
                    stalled = true;
                    stalledConnections.add(() => {
                        client.destroy();
                        upstream.destroy();
                    });
                    return;
                }
                client.destroy();
                upstream.destroy();
                return;
            }
            sent += chunk.length;
            client.write(Buffer.from(rewrite(chunk.toString('latin1')), 'latin1'));
        });
        upstream.on('end', () => client.end());
        client.on('end', () => upstream.end());
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
    });
    return proxy;
}
