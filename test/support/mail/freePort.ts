import { createServer } from 'node:net';

/** Ports already handed out in this process: the OS may offer a just-released port again. */
const handedOut = new Set<number>();

function tryListen(port: number): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error)));
        server.listen(port, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
        });
    });
}

/**
 * EMAIL_INBOXES_PORT_RANGE ("20000-25999"): scripts/test.mjs gives each app runtime's engine layer
 * its own range below the OS's ephemeral ports, because those layers run at the same time and a port
 * the OS hands one process (then freed for the server that will take it) may be handed to the other
 * before that server binds it.
 */
function portRange(): [number, number] | undefined {
    const match = /^(\d+)-(\d+)$/.exec(process.env.EMAIL_INBOXES_PORT_RANGE ?? '');
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * A loopback TCP port that was free a moment ago and that this process has not handed out
 * before (servers started in parallel would otherwise race for the same port).
 */
export async function freePort(): Promise<number> {
    const range = portRange();
    if (range) {
        for (let port = range[0]; port <= range[1]; port++) {
            if (handedOut.has(port)) continue;
            if ((await tryListen(port)) === undefined) continue;
            handedOut.add(port);
            return port;
        }
        throw new Error(`no free loopback port in EMAIL_INBOXES_PORT_RANGE ${range.join('-')}`);
    }
    for (let attempt = 0; attempt < 50; attempt++) {
        const port = await tryListen(0);
        if (port !== undefined && !handedOut.has(port)) {
            handedOut.add(port);
            return port;
        }
    }
    throw new Error('no free loopback port found');
}
