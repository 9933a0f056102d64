import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

export type DenoVersion = '2.6' | '2.9';

interface SetupEngineModule {
    denoBinary(version: string): string;
    denoDir(version: string): string;
}

/**
 * The engine spawns `deno` from PATH with DENO_DIR from the environment: put the chosen
 * version first on PATH (a folder holding only a `deno` link) and point DENO_DIR at the
 * cache that scripts/setup-engine.mjs filled for it.
 */
export async function selectDeno(version: DenoVersion): Promise<{ binary: string; denoDir: string }> {
    const setup = (await import(join(root, 'scripts/setup-engine.mjs'))) as SetupEngineModule;
    const binary = setup.denoBinary(version);
    const binDir = join(root, 'node_modules/.cache/email-inboxes-deno', `bin-${version}`);
    mkdirSync(binDir, { recursive: true });
    rmSync(join(binDir, 'deno'), { force: true });
    symlinkSync(binary, join(binDir, 'deno'));
    process.env.PATH = `${binDir}:${process.env.PATH ?? ''}`;
    process.env.DENO_DIR = setup.denoDir(version);
    return { binary, denoDir: process.env.DENO_DIR };
}

export function requestedDenoVersion(): DenoVersion {
    const version = process.env.EMAIL_INBOXES_DENO ?? '2.6';
    if (version !== '2.6' && version !== '2.9') throw new Error(`EMAIL_INBOXES_DENO must be 2.6 or 2.9, not "${version}"`);
    return version;
}
