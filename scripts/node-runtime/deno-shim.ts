// The `Deno` global (and the web events Deno has and Node 22 lacks) for the engine's runtime
// bundled for Node: injected by esbuild wherever the runtime's code names these globals.
import { createReadStream, openSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

interface Writer {
    write(chunk: Uint8Array): Promise<number>;
    writeSync(chunk: Uint8Array): number;
}

/** `writeAll` (scripts/engine-runtime/io.ts) awaits each write; resolve once Node has flushed it. */
function writer(stream: NodeJS.WriteStream, fd: number): Writer {
    return {
        write: (chunk) =>
            new Promise((resolve, reject) => {
                stream.write(chunk, (error) => (error ? reject(error) : resolve(chunk.length)));
            }),
        writeSync: (chunk) => writeSync(fd, chunk),
    };
}

export const Deno = {
    args: process.argv.slice(2),
    pid: process.pid,
    // msgpack's decodeStream takes any async iterable of bytes: process.stdin yields Buffers.
    stdin: { readable: process.stdin },
    stdout: writer(process.stdout, 1),
    stderr: writer(process.stderr, 2),
    exit: (code?: number): never => process.exit(code),
    // handlers/app/handleUploadEvents.ts: `using file = await Deno.open(path, { read: true })`, then reads `file.readable`.
    async open(path: string, _options?: { read?: boolean; create?: boolean }): Promise<{ readable: ReadableStream<Uint8Array>; [Symbol.dispose](): void }> {
        const fd = openSync(path, 'r'); // fails here (ENOENT, ERR_ACCESS_DENIED) as Deno.open rejects
        const stream = createReadStream(path, { fd, autoClose: true });
        return {
            readable: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
            // `using` disposes it: the stream closes the descriptor (at once if already read to the end).
            [Symbol.dispose]: () => void stream.destroy(),
        };
    },
};

/** main.ts's handleResponse creates ErrorEvents and lib/messenger.ts checks `instanceof ErrorEvent`; Node 22 has no ErrorEvent. */
class ErrorEventShim extends Event {
    readonly error: unknown;
    readonly message: string;
    readonly filename: string;
    readonly lineno: number;
    readonly colno: number;

    constructor(
        type: string,
        init: ConstructorParameters<typeof Event>[1] & { error?: unknown; message?: string; filename?: string; lineno?: number; colno?: number } = {},
    ) {
        super(type, init);
        this.error = init.error;
        this.message = init.message ?? '';
        this.filename = init.filename ?? '';
        this.lineno = init.lineno ?? 0;
        this.colno = init.colno ?? 0;
    }
}

const globals = globalThis as { ErrorEvent?: typeof ErrorEventShim };
export const ErrorEvent: typeof ErrorEventShim = globals.ErrorEvent ?? ErrorEventShim;
