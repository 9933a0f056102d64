#!/usr/bin/env node
// Prepares @rocket.chat/apps-engine's Deno runtime so the engine tests (and `npm start`) can
// run the packaged app exactly as Rocket.Chat does, on every Deno version we test. Runs as
// `postinstall` and before the engine tests; idempotent and quick once done.
//  1. The runtime imports three jsr modules (not reachable here): point its import map at our
//     own small modules (scripts/engine-runtime/), copied into the runtime's folder because
//     the Deno process may only read the engine's folder and node_modules.
//  2. It imports a few engine definitions as values from `../src/`, which npm does not ship:
//     generate `src/` re-exports of the shipped JavaScript.
//  3. Pre-cache its npm dependencies for each Deno version (it runs with --cached-only).
//  4. Prepare the same runtime for Node 22, as Rocket.Chat 8.9+ runs apps
//     (scripts/build-node-runtime.mjs).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildNodeRuntime, vendorEngineDependencies } from './build-node-runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const engineDir = join(root, 'node_modules/@rocket.chat/apps-engine');
const runtimeDir = join(engineDir, 'deno-runtime');
const ourModules = join(root, 'scripts/engine-runtime');

/**
 * The Deno versions the engine tests run on, as npm packages of the binary alone (optional
 * dependencies `deno-<version>-<platform>`): the `deno` npm wrapper declares every platform's
 * binary as an optional dependency, which makes `npm ci` fail where the registry lacks some.
 */
export const DENO_VERSIONS = ['2.3'];

export function denoBinary(version) {
    if (!DENO_VERSIONS.includes(version)) throw new Error(`unknown Deno version "${version}"; use one of ${DENO_VERSIONS.join(', ')}`);
    const platform = `${process.platform}-${process.arch}`;
    const binary = join(root, 'node_modules', `deno-${version}-${platform}`, process.platform === 'win32' ? 'deno.exe' : 'deno');
    if (!existsSync(binary)) {
        throw new Error(`no Deno ${version} binary for ${platform} (${relative(root, binary)}); the engine tests run on linux-x64, where npm ci installs it`);
    }
    return binary;
}

export function denoDir(version) {
    return join(root, 'node_modules/.cache/email-inboxes-deno', String(version));
}

/** The Node 22 binary the `node` runtime runs apps with (optional dependency `node-22-<platform>`). */
export function nodeBinary() {
    const platform = `${process.platform}-${process.arch}`;
    const binary = join(root, 'node_modules', `node-22-${platform}`, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
    if (!existsSync(binary)) {
        throw new Error(`no Node 22 binary for ${platform} (${relative(root, binary)}); the engine tests run on linux-x64, where npm ci installs it`);
    }
    return binary;
}

export { nodeRuntimeDir } from './build-node-runtime.mjs';

function fail(message) {
    console.error(`setup-engine: ${message}`);
    process.exit(1);
}

function patchImportMap() {
    const stdDir = join(runtimeDir, '.email-inboxes-std');
    mkdirSync(stdDir, { recursive: true });
    for (const file of readdirSync(ourModules)) copyFileSync(join(ourModules, file), join(stdDir, file));
    const configPath = join(runtimeDir, 'deno.jsonc');
    const config = JSON.parse(readFileSync(configPath, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    delete config.imports['@std/cli'];
    delete config.imports['@std/io'];
    delete config.imports['@std/streams'];
    config.imports['@std/cli/parse-args'] = './.email-inboxes-std/parse_args.ts';
    config.imports['@std/io'] = './.email-inboxes-std/io.ts';
    config.imports['@std/streams'] = './.email-inboxes-std/streams.ts';
    config.lock = false;
    writeFileSync(configPath, JSON.stringify(config, null, '\t') + '\n');
}

function valueImportsOfEngineSource() {
    const found = new Set();
    const walk = (dir) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'tests' && !entry.name.startsWith('.')) walk(path);
            } else if (entry.name.endsWith('.ts')) {
                for (const match of readFileSync(path, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'@rocket\.chat\/apps-engine\/([^']+)'/gms)) {
                    found.add(match[1]);
                }
            }
        }
    };
    walk(runtimeDir);
    return [...found];
}

function generateSourceShims() {
    for (const specifier of valueImportsOfEngineSource()) {
        const shim = join(engineDir, 'src', specifier);
        const target = join(engineDir, specifier.replace(/\.ts$/, '.js'));
        if (!existsSync(target)) fail(`the engine runtime imports ${specifier}, but ${relative(root, target)} is not shipped`);
        mkdirSync(dirname(shim), { recursive: true });
        writeFileSync(shim, `export * from '${relative(dirname(shim), target)}';\n`);
    }
}

function cacheRuntimeDependencies() {
    const config = readFileSync(join(runtimeDir, 'deno.jsonc'));
    const stamp = createHash('sha256').update(config).digest('hex').slice(0, 16);
    for (const version of DENO_VERSIONS) {
        const dir = denoDir(version);
        const stampPath = join(dir, '.email-inboxes-stamp');
        if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) continue;
        mkdirSync(dir, { recursive: true });
        const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout?.trim();
        const env = {
            ...process.env,
            DENO_DIR: dir,
            DENO_NO_PACKAGE_JSON: '1',
            DENO_NO_UPDATE_CHECK: '1',
            // Trust the machine's certificate store too (for registries behind a corporate proxy).
            DENO_TLS_CA_STORE: 'system,mozilla',
            ...(registry ? { NPM_CONFIG_REGISTRY: registry } : {}),
        };
        const result = spawnSync(denoBinary(version), ['install', `--config=${join(runtimeDir, 'deno.jsonc')}`, '--entrypoint', 'main.ts'], {
            cwd: runtimeDir,
            env,
            encoding: 'utf8',
        });
        if (result.status !== 0) fail(`caching the runtime's dependencies for Deno ${version} failed:\n${result.stderr || result.error}`);
        writeFileSync(stampPath, stamp);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    if (!existsSync(runtimeDir)) fail('@rocket.chat/apps-engine is not installed; run npm ci');
    patchImportMap();
    generateSourceShims();
    cacheRuntimeDependencies();
    vendorEngineDependencies();
    await buildNodeRuntime(join(denoDir(DENO_VERSIONS[0]), 'npm'));
}
