import { createServer } from 'node:net';

/** Ports already handed out in this process: the OS may offer a just-released port again. */
const handedOut = new Set<number>();

function askTheOs(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
        });
    });
}

/**
 * A loopback TCP port that was free a moment ago and that this process has not handed out
 * before (servers started in parallel would otherwise race for the same port).
 */
export async function freePort(): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
        const port = await askTheOs();
        if (!handedOut.has(port)) {
            handedOut.add(port);
            return port;
        }
    }
    throw new Error('no free loopback port found');
}
