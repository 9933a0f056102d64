#!/usr/bin/env node
// `npm test [unit|mail|engine ...]`: runs the test layers in order (all three by default).
// Mail and engine tests need Dovecot and openssl, the browser tests Chromium: installed here with
// apt when missing and possible (scripts/ensure-system-packages.mjs).
// Engine tests run the packaged zip on each app runtime listed in EMAIL_INBOXES_RUNTIME
// (comma-separated; default both that Rocket.Chat ships: "deno-2.3" for 8.5-8.8, "node" for 8.9+).
// `EMAIL_INBOXES_RUNTIME=node npm test -- engine` runs them on one.
// The runtimes' engine layers run at the same time (most of their time is spent waiting on
// servers and timers, so this halves CI's time); each one's report is printed whole when it ends and
// written as it goes to test-output/engine-<runtime>.log. EMAIL_INBOXES_TEST_SERIAL=1 runs them one after another.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

function layerTitle(layer, files, env) {
    return `\n== ${layer} tests (${files.length} files)${env.EMAIL_INBOXES_RUNTIME ? ` on the ${env.EMAIL_INBOXES_RUNTIME} runtime` : ''}`;
}

function testArgs(layer, files) {
    // Unit files two at a time (Node's default is one less than the cores: one on CI's two).
    // One file at a time for the layers with servers; no test may hang CI (the slowest waits 30 s for the engine's call timeout).
    const concurrency = layer === 'unit' ? ['--test-concurrency=2'] : ['--test-concurrency=1', '--test-timeout=240000'];
    return ['--import', 'tsx', '--test', ...concurrency, '--test-reporter=spec', ...files.map((file) => relative(root, file))];
}

function runLayer(layer, files, env = {}) {
    if (files.length === 0) return true;
    console.log(layerTitle(layer, files, env));
    return run(process.execPath, testArgs(layer, files), env);
}

// Runs the engine layer on one runtime in the background; resolves to whether it passed once its
// report (kept whole, so the two runtimes' lines never interleave) has been printed.
function runLayerInBackground(layer, files, env) {
    const logDir = join(root, 'test-output');
    mkdirSync(logDir, { recursive: true });
    const logPath = join(logDir, `${layer}-${env.EMAIL_INBOXES_RUNTIME}.log`);
    const log = createWriteStream(logPath);
    const chunks = [];
    const started = Date.now();
    const child = spawn(process.execPath, testArgs(layer, files), { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: '0' } });
    for (const stream of [child.stdout, child.stderr]) {
        stream.on('data', (chunk) => {
            chunks.push(chunk);
            log.write(chunk);
        });
    }
    console.log(`${layerTitle(layer, files, env).trim()}: started, report in ${relative(root, logPath)} as it runs`);
    return new Promise((resolvePassed) => {
        child.on('close', (code) => {
            log.end();
            console.log(`${layerTitle(layer, files, env)} (ended after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
            process.stdout.write(Buffer.concat(chunks));
            resolvePassed(code === 0);
        });
    });
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
        if (process.env.EMAIL_INBOXES_TEST_SERIAL === '1' || runtimes.length === 1 || files.length === 0) {
            for (const runtime of runtimes) ok = runLayer(layer, files, { EMAIL_INBOXES_RUNTIME: runtime }) && ok;
        } else {
            // Each runtime's servers take their ports from a range of their own (test/support/mail/freePort.ts).
            const passed = await Promise.all(
                runtimes.map((runtime, index) =>
                    runLayerInBackground(layer, files, {
                        EMAIL_INBOXES_RUNTIME: runtime,
                        EMAIL_INBOXES_PORT_RANGE: `${20000 + index * 6000}-${25999 + index * 6000}`,
                    }),
                ),
            );
            ok = passed.every(Boolean) && ok;
        }
    } else {
        ok = runLayer(layer, files) && ok;
    }
}
console.log(`\nnpm test: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(ok ? 0 : 1);
