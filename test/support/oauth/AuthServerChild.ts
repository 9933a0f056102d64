import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

import type { ControlOperation, ControlOperations, ControlReply, ControlRequest } from './protocol';

const root = resolve(__dirname, '../../..');
const STOP_TIMEOUT_MS = 3_000;
/** The child's output kept for error messages. */
const OUTPUT_LIMIT = 20_000;

const running = new Set<ChildProcess>();
process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
});

async function node22(): Promise<string> {
    const setup = (await import(join(root, 'scripts/setup-engine.mjs'))) as { nodeBinary(): string };
    return setup.nodeBinary();
}

/**
 * The auth server's process (authServerProcess.ts), seen from the test process.
 *
 * Why a child process on the Node 22 binary the project installs for the engine's `node` runtime:
 * oidc-provider 9 supports only Node 22 LTS and later and prints "Unsupported runtime" on the
 * Node 20 that runs the tests. That is a version check, not a detected fault (the flows used here
 * pass on Node 20.20 too, which has the URL.parse and crypto.hash it calls), but nothing keeps a
 * later 9.x working there, so it runs where it is supported. The test talks to it over Node's IPC
 * channel, and the child exits when that channel closes: no server outlives its test process.
 */
export class AuthServerChild {
    private nextId = 1;
    private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    private output = '';
    private readonly exited: Promise<void>;

    private constructor(private readonly child: ChildProcess) {
        running.add(child);
        // oidc-provider's notices and any crash report: shown only when something fails.
        const collect = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-OUTPUT_LIMIT));
        child.stdout?.on('data', collect);
        child.stderr?.on('data', collect);
        child.on('message', (reply: ControlReply) => {
            const waiting = this.pending.get(reply.id);
            this.pending.delete(reply.id);
            if ('error' in reply) waiting?.reject(new Error(`auth server: ${reply.error}`));
            else waiting?.resolve(reply.result);
        });
        this.exited = new Promise((done) =>
            child.once('exit', (code, signal) => {
                running.delete(child);
                for (const waiting of this.pending.values()) waiting.reject(new Error(`the auth server exited (${signal ?? code}): ${this.output}`));
                this.pending.clear();
                done();
            }),
        );
    }

    static async spawn(): Promise<AuthServerChild> {
        const child = spawn(await node22(), ['--import', 'tsx', join(__dirname, 'authServerProcess.ts')], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        });
        return new AuthServerChild(child);
    }

    /**
     * Runs a control operation in the auth server process.
     * @throws the operation's error, or when the process is gone or does not answer within `timeoutMs`.
     */
    call<K extends ControlOperation>(op: K, args: Parameters<ControlOperations[K]>, timeoutMs = 10_000): Promise<ReturnType<ControlOperations[K]>> {
        return new Promise((resolveCall, rejectCall) => {
            if (!this.alive) return rejectCall(new Error(`the auth server is not running: ${this.output}`));
            const request: ControlRequest<K> = { id: this.nextId++, op, args };
            const timer = setTimeout(() => {
                this.pending.delete(request.id);
                rejectCall(new Error(`the auth server did not answer ${op} within ${timeoutMs} ms: ${this.output}`));
            }, timeoutMs);
            this.pending.set(request.id, {
                resolve: (value) => {
                    clearTimeout(timer);
                    resolveCall(value as ReturnType<ControlOperations[K]>);
                },
                reject: (error) => {
                    clearTimeout(timer);
                    rejectCall(error);
                },
            });
            this.child.send(request);
        });
    }

    async stop(): Promise<void> {
        if (this.alive) this.child.kill('SIGTERM');
        await Promise.race([this.exited, new Promise((done) => setTimeout(done, STOP_TIMEOUT_MS))]);
        if (this.alive) this.child.kill('SIGKILL');
    }

    private get alive(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }
}
