import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { build, version as esbuildVersion } from 'esbuild';

const PAGE_DIR = join(__dirname, 'page');
const ROOT = resolve(PAGE_DIR, '../../../..');
const CACHE_DIR = join(ROOT, 'node_modules/.cache/email-inboxes-uikit-page');

/**
 * The page's script (React, fuselage, fuselage-ui-kit and ./page), built with esbuild once per
 * source: cached under node_modules/.cache by a hash of the page's files, the lockfile and
 * esbuild's version. React stays in its development build so that its warnings reach the console.
 *
 * @returns the path of the built script
 * @throws esbuild's error when the page does not build
 */
export async function pageBundle(): Promise<string> {
    const hash = createHash('sha256')
        .update(esbuildVersion)
        .update(readFileSync(join(ROOT, 'package-lock.json')));
    for (const name of readdirSync(PAGE_DIR).sort()) hash.update(name).update(readFileSync(join(PAGE_DIR, name)));
    const path = join(CACHE_DIR, `page-${hash.digest('hex').slice(0, 16)}.js`);
    if (existsSync(path)) return path;

    const result = await build({
        entryPoints: [join(PAGE_DIR, 'index.tsx')],
        tsconfig: join(PAGE_DIR, 'tsconfig.json'),
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"development"' },
        loader: { '.woff2': 'dataurl' },
        logLevel: 'silent',
    });
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed: test files running at the same time never read half a bundle.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, result.outputFiles[0].contents);
    renameSync(partial, path);
    return path;
}
