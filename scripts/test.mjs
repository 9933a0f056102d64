#!/usr/bin/env node
// `npm test [unit|mail|engine ...]`: runs the test layers in order (all three by default).
// Mail and engine tests need Dovecot and openssl, the browser tests Chromium: installed here with
// apt when missing and possible (scripts/ensure-system-packages.mjs).
// Engine tests run the packaged zip on each app runtime listed in EMAIL_INBOXES_RUNTIME
// (comma-separated; default both that Rocket.Chat ships: "deno-2.3" for 8.5-8.8, "node" for 8.9+).
// `EMAIL_INBOXES_RUNTIME=node npm test -- engine` runs them on one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureSystemPackages } from './ensure-system-packages.mjs';
import { packageApp } from './package.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAYERS = ['unit', 'mail', 'engine'];
const APP_RUNTIMES = ['deno-2.3', 'node'];
const requested = process.argv.slice(2);
const layers = requested.length > 0 ? requested : LAYERS;
for (const layer of layers) {
    if (!LAYERS.includes(layer)) fail(`unknown test layer "${layer}"; use one of ${LAYERS.join(', ')}`);
}

function fail(message) {
    console.error(`\nnpm test: ${message}`);
    process.exit(1);
}

function testFiles(dir) {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .flatMap((name) => {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) return testFiles(path);
            return name.endsWith('.test.ts') ? [path] : [];
        })
        .sort();
}

function run(command, args, env = {}) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    return result.status === 0;
}

function runLayer(layer, files, env = {}) {
    if (files.length === 0) return true;
    console.log(`\n== ${layer} tests (${files.length} files)${env.EMAIL_INBOXES_RUNTIME ? ` on the ${env.EMAIL_INBOXES_RUNTIME} runtime` : ''}`);
    // One file at a time for the layers with servers; no test may hang CI (the slowest waits 30 s for the engine's call timeout).
    const concurrency = layer === 'unit' ? [] : ['--test-concurrency=1', '--test-timeout=240000'];
    return run(process.execPath, ['--import', 'tsx', '--test', ...concurrency, '--test-reporter=spec', ...files.map((file) => relative(root, file))], env);
}

const started = Date.now();
let ok = true;
if (layers.some((layer) => layer !== 'unit')) {
    try {
        ensureSystemPackages({ browser: true });
    } catch (error) {
        fail(error.message);
    }
}
for (const layer of layers) {
    const files = testFiles(join(root, 'test', layer));
    if (layer === 'engine') {
        if (!run(process.execPath, [join(root, 'scripts/setup-engine.mjs')])) fail('preparing the Apps-Engine runtime failed (see above)');
        const { zipPath } = await packageApp({ quiet: true });
        console.log(`packaged ${relative(root, zipPath)}`);
        const runtimes = (process.env.EMAIL_INBOXES_RUNTIME ?? APP_RUNTIMES.join(',')).split(',').map((v) => v.trim());
        for (const runtime of runtimes) {
            if (!APP_RUNTIMES.includes(runtime)) fail(`unknown app runtime "${runtime}" in EMAIL_INBOXES_RUNTIME; use one of ${APP_RUNTIMES.join(', ')}`);
        }
        for (const runtime of runtimes) {
            ok = runLayer(layer, files, { EMAIL_INBOXES_RUNTIME: runtime }) && ok;
        }
    } else {
        ok = runLayer(layer, files) && ok;
    }
}
console.log(`\nnpm test: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(ok ? 0 : 1);
