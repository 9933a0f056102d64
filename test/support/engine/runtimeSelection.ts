import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/**
 * What runs the app: the engine's Deno runtime on Deno 2.3 (Rocket.Chat up to 8.8), or the
 * same runtime bundled for Node 22 in an 8.9-style sandbox (`node`, Rocket.Chat 8.9+).
 */
export type AppRuntime = 'deno-2.3' | 'node';

export const APP_RUNTIMES: readonly AppRuntime[] = ['deno-2.3', 'node'];

interface SetupEngineModule {
    denoBinary(version: string): string;
    denoDir(version: string): string;
    nodeBinary(): string;
    nodeRuntimeDir(): string;
}

/** Where the `node` runtime's pieces are (see NodeRuntimeController). */
export interface NodeRuntimePaths {
    /** The Node 22 binary from npm (optional dependency node-22-<platform>). */
    binary: string;
    /** The engine's runtime bundled for Node by scripts/setup-engine.mjs: `<runtimeDir>/main.js`. */
    runtimeDir: string;
}

export function requestedRuntime(): AppRuntime {
    const runtime = process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3';
    if (!(APP_RUNTIMES as readonly string[]).includes(runtime)) {
        throw new Error(`EMAIL_INBOXES_RUNTIME must be one of ${APP_RUNTIMES.join(', ')}, not "${runtime}"`);
    }
    return runtime as AppRuntime;
}

async function setupEngine(): Promise<SetupEngineModule> {
    return (await import(join(root, 'scripts/setup-engine.mjs'))) as SetupEngineModule;
}

/**
 * The engine spawns `deno` from PATH with DENO_DIR from the environment: put the chosen
 * version first on PATH (a folder holding only a `deno` link) and point DENO_DIR at the
 * cache that scripts/setup-engine.mjs filled for it.
 */
export async function selectDeno(version: '2.3'): Promise<{ binary: string; denoDir: string }> {
    const setup = await setupEngine();
    const binary = setup.denoBinary(version);
    const binDir = join(root, 'node_modules/.cache/email-inboxes-deno', `bin-${version}`);
    mkdirSync(binDir, { recursive: true });
    rmSync(join(binDir, 'deno'), { force: true });
    symlinkSync(binary, join(binDir, 'deno'));
    process.env.PATH = `${binDir}:${process.env.PATH ?? ''}`;
    process.env.DENO_DIR = setup.denoDir(version);
    return { binary, denoDir: process.env.DENO_DIR };
}

/** The Node 22 binary and the bundled runtime; throws with what to do when either is missing. */
export async function selectNode(): Promise<NodeRuntimePaths> {
    const setup = await setupEngine();
    const runtimeDir = setup.nodeRuntimeDir();
    if (!existsSync(join(runtimeDir, 'main.js'))) {
        throw new Error(`the engine runtime for Node is not built (${join(runtimeDir, 'main.js')}); run node scripts/setup-engine.mjs`);
    }
    return { binary: setup.nodeBinary(), runtimeDir };
}
