#!/usr/bin/env node
// Builds the app for Rocket.Chat: one CommonJS class file holding src/ and every runtime
// dependency, then dist/<nameSlug>_<version>.zip with app.json, icon and i18n at the root.
// Fails loudly if the bundle would require a module that Rocket.Chat's app sandbox refuses.
import { build } from 'esbuild';
import AdmZip from 'adm-zip';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { listingAuthor, listingProblems } from './listingAuthor.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const appJson = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// What the sandbox's require lets app code load besides the engine's own files: the list both
// of Rocket.Chat's runtimes allow (deno-runtime/handlers/app/construct.ts; Node's matches by prefix).
const SANDBOX_ALLOWED = new Set(JSON.parse(readFileSync(join(root, 'scripts/sandbox-modules.json'), 'utf8')));
// Built-ins the mail libraries need but the sandbox's require refuses: served by process.getBuiltinModule.
const FROM_RUNTIME = ['tls', 'events', 'dns', 'string_decoder'];
// Required only by code paths the app never takes (nodemailer's sendmail transport): a stub that throws if reached.
const UNUSED = ['child_process'];

const sandboxBuiltins = {
    name: 'sandbox-builtins',
    setup(b) {
        const pattern = new RegExp(`^(node:)?(${FROM_RUNTIME.join('|')})$`);
        b.onResolve({ filter: pattern }, (args) => ({ path: args.path.replace('node:', ''), namespace: 'runtime-builtin' }));
        b.onLoad({ filter: /.*/, namespace: 'runtime-builtin' }, (args) => ({
            contents: `module.exports = require(${JSON.stringify(join(root, 'src/runtime/loadBuiltin.ts'))}).loadBuiltin(${JSON.stringify(args.path)});`,
            resolveDir: root,
            loader: 'js',
        }));
        const unused = new RegExp(`^(node:)?(${UNUSED.join('|')})$`);
        b.onResolve({ filter: unused }, (args) => ({ path: args.path.replace('node:', ''), namespace: 'unused-builtin' }));
        b.onLoad({ filter: /.*/, namespace: 'unused-builtin' }, (args) => ({
            contents: `const refuse = () => { throw new Error('node:${args.path} is not available to Rocket.Chat apps'); };
module.exports = { spawn: refuse, spawnSync: refuse, exec: refuse, execSync: refuse, execFile: refuse, execFileSync: refuse, fork: refuse };`,
            loader: 'js',
        }));
        b.onResolve({ filter: /^pino$/ }, () => ({ path: join(root, 'src/runtime/pinoStub.ts') }));
    },
};

function remainingRequires(code) {
    const found = new Set();
    for (const match of code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) found.add(match[1]);
    return [...found];
}

function refusedBySandbox(specifier) {
    if (specifier.startsWith('@rocket.chat/apps-engine')) return false;
    return !SANDBOX_ALLOWED.has(specifier.replace(/^node:/, ''));
}

export async function packageApp({ quiet = false, marketplace = false } = {}) {
    if (appJson.version !== pkg.version) {
        throw new Error(`app.json version ${appJson.version} differs from package.json version ${pkg.version}; keep them equal.`);
    }
    const outDir = join(root, 'dist');
    const classFile = appJson.classFile.replace(/\.ts$/, '.js');
    const result = await build({
        entryPoints: [join(root, appJson.classFile)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'es2022',
        minify: true,
        keepNames: true,
        legalComments: 'none',
        write: false,
        logLevel: 'silent',
        external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
        plugins: [sandboxBuiltins],
        // Deno 2.3 has no global setImmediate for app code (src/runtime/immediateTimers.ts).
        inject: [join(root, 'src/runtime/immediateTimers.ts')],
        // The sandbox passes `globalThis` as undefined to app code; imapflow reads globalThis.crypto.
        banner: { js: 'globalThis = globalThis || Function("return this")();' },
    });
    if (result.warnings.length > 0) {
        const text = result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`).join('\n');
        throw new Error(`esbuild warnings (fix them, do not ignore them):\n${text}`);
    }
    const code = result.outputFiles[0].text;
    const refused = remainingRequires(code).filter(refusedBySandbox);
    if (refused.length > 0) {
        throw new Error(`The bundle requires modules that Rocket.Chat's app sandbox refuses: ${refused.join(', ')}`);
    }
    // deno-runtime/lib/sanitizeDeprecatedUsage.ts re-parses bundles containing these (slow install).
    for (const marker of ['.createToken(', '.usernames', '.isOnline(']) {
        if (code.includes(marker) && !quiet) console.warn(`note: the bundle contains "${marker}", which makes the engine re-parse it at install`);
    }

    const author = listingAuthor(pkg, appJson.author ?? {});
    const problems = listingProblems(author);
    if (marketplace && problems.length > 0) {
        throw new Error(`not for the marketplace while the listing's author fields are placeholders; set ${problems.join(', ')}`);
    }
    const zip = new AdmZip();
    // The engine maps app.json's classFile from .ts to .js itself, as for apps built by rc-apps.
    zip.addFile('app.json', Buffer.from(`${JSON.stringify({ ...appJson, author }, null, 2)}\n`));
    zip.addFile(classFile, Buffer.from(code));
    zip.addFile(appJson.iconFile, readFileSync(join(root, appJson.iconFile)));
    for (const file of readdirSync(join(root, 'i18n'))) {
        zip.addFile(`i18n/${file}`, readFileSync(join(root, 'i18n', file)));
    }
    mkdirSync(outDir, { recursive: true });
    const zipPath = join(outDir, `${appJson.nameSlug}_${appJson.version}.zip`);
    writeFileSync(zipPath, zip.toBuffer());
    return { zipPath, bundleBytes: code.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    packageApp({ marketplace: process.argv.includes('--marketplace') })
        .then(({ zipPath, bundleBytes }) => console.log(`${zipPath} (class file ${(bundleBytes / 1024).toFixed(0)} KiB)`))
        .catch((error) => {
            console.error(`package failed: ${error.message}`);
            process.exit(1);
        });
}
