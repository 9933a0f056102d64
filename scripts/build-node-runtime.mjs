// The engine's Deno runtime (deno-runtime/main.ts) bundled into one CommonJS file for Node 22,
// as Rocket.Chat 8.9+ runs apps, with its few Deno-only modules swapped for ours
// (scripts/node-runtime/). Called by setup-engine.mjs after the Deno cache is filled: the bundle
// takes the npm packages from that cache, at the versions deno.jsonc pins.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const engineDir = join(root, 'node_modules/@rocket.chat/apps-engine');
const runtimeDir = join(engineDir, 'deno-runtime');
const ourModules = join(root, 'scripts/engine-runtime');
const nodeModules = join(root, 'scripts/node-runtime');
/** Inside the apps-engine folder, so `--allow-fs-read=<apps-engine dir>` covers it, as in Rocket.Chat. */
const nodeRuntimeOut = join(engineDir, '.email-inboxes-node-runtime');

/** The engine's runtime bundled for Node by buildNodeRuntime(): `<dir>/main.js`. */
export function nodeRuntimeDir() {
    return nodeRuntimeOut;
}

function fail(message) {
    console.error(`setup-engine: ${message}`);
    process.exit(1);
}

function filesUnder(dir, skip = () => false) {
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => {
            const path = join(dir, entry.name);
            if (skip(entry.name)) return [];
            return entry.isDirectory() ? filesUnder(path, skip) : [path];
        });
}

/** The npm packages deno.jsonc maps bare imports to (`npm:<name>@<version or range>`), by name. */
function pinnedNpmPackages() {
    const config = JSON.parse(readFileSync(join(runtimeDir, 'deno.jsonc'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    const pinned = new Map();
    for (const target of Object.values(config.imports)) {
        const match = /^npm:((?:@[^/]+\/)?[^@/]+)@(.+)$/.exec(target);
        if (match) pinned.set(match[1], match[2]);
    }
    return pinned;
}

const compareVersions = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The folder of an npm package in the Deno cache that setup-engine.mjs filled
 * (`<npmDir>/<registry>/<name>/<version>/`): the pinned version when present, else the newest cached.
 */
function cachedPackageDir(npmDir, name, version) {
    if (!existsSync(npmDir)) return undefined;
    for (const registry of readdirSync(npmDir)) {
        const packageDir = join(npmDir, registry, name);
        if (!existsSync(packageDir)) continue;
        const versions = readdirSync(packageDir)
            .filter((entry) => existsSync(join(packageDir, entry, 'package.json')))
            .sort(compareVersions);
        const chosen = versions.includes(version) ? version : versions.at(-1);
        if (chosen) return join(packageDir, chosen);
    }
    return undefined;
}

/**
 * esbuild plugin: the runtime's Deno-only modules become ours (scripts/node-runtime/), its jsr
 * imports our stand-ins (scripts/engine-runtime/), its npm imports the versions deno.jsonc pins,
 * and `@rocket.chat/apps-engine/*` stays outside the bundle, required at run time from the
 * shipped JavaScript, so the app and the runtime share one module instance of App & co.
 */
function nodeRuntimePlugin(npmDir, pinned) {
    const replaced = new Map([
        [join(runtimeDir, 'lib/require.ts'), join(nodeModules, 'require.ts')],
        [join(runtimeDir, 'handlers/app/construct.ts'), join(nodeModules, 'construct.ts')],
        [join(runtimeDir, 'error-handlers.ts'), join(nodeModules, 'error-handlers.ts')],
        // The accessors live in the app's process and call the host's bridges, as in Rocket.Chat's base-runtime.
        [join(runtimeDir, 'lib/accessors/mod.ts'), join(nodeModules, 'accessors/AppAccessors.ts')],
        // msgpack as before, without the fields whose value is undefined (as the IPC channel carries them).
        [join(runtimeDir, 'lib/codec.ts'), join(nodeModules, 'codec.ts')],
    ]);
    const aliases = new Map([
        ['@std/io', join(ourModules, 'io.ts')],
        ['@std/streams', join(ourModules, 'streams.ts')],
        ['@std/cli/parse-args', join(ourModules, 'parse_args.ts')],
    ]);
    const runtimeImporters = [runtimeDir, nodeModules, ourModules, npmDir];
    return {
        name: 'email-inboxes-node-runtime',
        setup(build) {
            build.onResolve({ filter: /^\./ }, (args) => {
                const target = resolve(args.resolveDir, args.path);
                return replaced.has(target) ? { path: replaced.get(target) } : undefined;
            });
            build.onResolve({ filter: /^apps-engine-runtime\// }, (args) => ({
                path: join(runtimeDir, `${args.path.slice('apps-engine-runtime/'.length)}.ts`),
            }));
            build.onResolve({ filter: /^@rocket\.chat\/apps-engine(\/|$)/ }, (args) => {
                const inPackage = args.path.replace(/^@rocket\.chat\/apps-engine\/?(src\/)?/, '').replace(/\.ts$/, '.js');
                return { path: `../${inPackage}`, external: true };
            });
            build.onResolve({ filter: /^[^./]/ }, async (args) => {
                if (aliases.has(args.path)) return { path: aliases.get(args.path) };
                if (isBuiltin(args.path) || args.pluginData?.fromCache) return undefined;
                // Only the runtime's code and the packages it pins; anything else resolves as esbuild would.
                if (!runtimeImporters.some((dir) => !relative(dir, args.importer).startsWith('..'))) return undefined;
                const [, name, subpath = ''] = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(args.path) ?? [];
                const packageDir = name && cachedPackageDir(npmDir, name, pinned.get(name));
                // Not cached (or not a runtime dependency): as Node would, from node_modules.
                const from = packageDir ? { path: `.${subpath || '/'}`, resolveDir: packageDir } : { path: args.path, resolveDir: root };
                const result = await build.resolve(from.path, { kind: args.kind, resolveDir: from.resolveDir, pluginData: { fromCache: true } });
                return result.errors.length > 0 ? { errors: result.errors } : { path: result.path, external: result.external, sideEffects: result.sideEffects };
            });
        },
    };
}

/**
 * Rocket.Chat 8.9 lets the Node runtime read the apps-engine folder but not the node_modules
 * around it, and the engine's definitions (definition/uikit, which apps require) and
 * server/misc/UIHelper.js (which the runtime requires) load `uuid`, hoisted by npm to the
 * project's node_modules: copy such packages into apps-engine/node_modules, where Node's
 * resolution finds them first (the layout where a package carries its own dependencies).
 */
export function vendorEngineDependencies() {
    const engineRequire = createRequire(join(engineDir, 'package.json'));
    const sources = [...filesUnder(join(engineDir, 'definition')), ...filesUnder(join(engineDir, 'server/misc'))].filter((file) => file.endsWith('.js'));
    const names = new Set();
    for (const file of sources) {
        for (const match of readFileSync(file, 'utf8').matchAll(/\brequire\("([^".][^"]*)"\)/g)) {
            if (!isBuiltin(match[1])) names.add(/^(?:@[^/]+\/)?[^/]+/.exec(match[1])[0]);
        }
    }
    for (const name of names) {
        const packageJson = engineRequire.resolve(`${name}/package.json`);
        if (!relative(engineDir, packageJson).startsWith('..')) continue; // already inside
        const target = join(engineDir, 'node_modules', name);
        const version = JSON.parse(readFileSync(packageJson, 'utf8')).version;
        if (existsSync(join(target, 'package.json')) && JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).version === version) continue;
        const { dependencies = {} } = JSON.parse(readFileSync(packageJson, 'utf8'));
        if (Object.keys(dependencies).length > 0) fail(`the engine needs ${name}, which has dependencies of its own: vendor them too`);
        cpSync(dirname(packageJson), target, { recursive: true, dereference: true });
    }
}

/** Builds `<nodeRuntimeDir>/main.js` unless a stamp over every input says it is up to date. */
export async function buildNodeRuntime(npmDir) {
    const outFile = join(nodeRuntimeOut, 'main.js');
    const stampPath = join(nodeRuntimeOut, '.email-inboxes-stamp');
    const pinned = pinnedNpmPackages();
    const inputs = [
        ...filesUnder(runtimeDir, (name) => name === 'tests' || name === '.email-inboxes-std'),
        ...filesUnder(nodeModules),
        ...filesUnder(ourModules),
        join(root, 'scripts/sandbox-modules.json'),
        fileURLToPath(import.meta.url),
    ];
    const hash = createHash('sha256');
    for (const file of inputs)
        hash.update(`${relative(root, file)}\0`)
            .update(readFileSync(file))
            .update('\0');
    const esbuild = await import('esbuild');
    hash.update(esbuild.version);
    for (const [name, version] of pinned) hash.update(`${name}@${cachedPackageDir(npmDir, name, version) ?? 'node_modules'}\0`);
    const stamp = hash.digest('hex').slice(0, 16);
    if (existsSync(outFile) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return;

    mkdirSync(nodeRuntimeOut, { recursive: true });
    const result = await esbuild
        .build({
            entryPoints: [join(runtimeDir, 'main.ts')],
            bundle: true,
            platform: 'node',
            format: 'cjs',
            target: 'node22',
            outfile: outFile,
            write: false,
            inject: [join(nodeModules, 'deno-shim.ts')],
            plugins: [nodeRuntimePlugin(npmDir, pinned)],
            // The runtime's own sources, not this project's tsconfig (decorators, paths...).
            tsconfigRaw: {},
            banner: { js: '// Generated by email-inboxes scripts/setup-engine.mjs: the Apps-Engine Deno runtime bundled for Node 22.' },
            logLevel: 'silent',
        })
        .catch((error) => fail(`bundling the engine runtime for Node failed:\n${error.message}`));
    for (const warning of result.warnings) console.warn(`setup-engine: esbuild: ${warning.text}`);
    // esbuild names each bundled file (comments, module keys): keep the registry's host out of them.
    const code = result.outputFiles[0].text.replace(/(\.cache\/email-inboxes-deno\/[^/]+\/npm\/)[^/\s"]+\//g, '$1<registry>/');
    writeFileSync(`${outFile}.tmp`, code);
    renameSync(`${outFile}.tmp`, outFile);
    writeFileSync(join(nodeRuntimeOut, 'package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(stampPath, stamp);
}
