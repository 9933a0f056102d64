#!/usr/bin/env node
// The Debian packages the tests and the demo run: Dovecot and openssl for the local mail servers
// (`npm test`, `npm start`), Chromium and an emoji font for the browser tests (`npm test` only).
// Installed with apt when missing (as root), nothing else: only what is missing, no package upgraded, no recommends,
// one line said, and no package's service left running or enabled (the tests and the demo start
// their own servers on free ports).
//
//   node scripts/ensure-system-packages.mjs            # what `npm start` needs (mail servers)
//   node scripts/ensure-system-packages.mjs --browser  # and Chromium, as `npm test` does
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const POLICY = '/usr/sbin/policy-rc.d';

/** Where `test/support/browser.ts` expects Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

function quiet(command, args, env = {}) {
    return spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8' });
}

function onPath(binary) {
    return quiet('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** Each package: how to tell it is there, and what it is for (for the one line said). */
const PACKAGES = {
    'dovecot-imapd': { present: () => ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].some((path) => existsSync(path)), purpose: 'mail', service: 'dovecot' },
    openssl: { present: () => onPath('openssl'), purpose: 'mail' },
    chromium: { present: () => existsSync(CHROMIUM), purpose: 'browser' },
    // Rocket.Chat draws emoji in its views as images; Chromium here has no emoji glyphs without it.
    'fonts-noto-color-emoji': { present: () => existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'), purpose: 'browser' },
};

const PURPOSES = { mail: 'the local mail servers', browser: 'the browser tests' };

/**
 * Installs whichever of the packages needed is missing: the mail servers' always, Chromium with
 * `browser`. Throws with the command to run when it cannot (not root, no apt) or apt fails.
 */
export function ensureSystemPackages({ browser = false } = {}) {
    const wanted = Object.keys(PACKAGES).filter((name) => browser || PACKAGES[name].purpose !== 'browser');
    const missing = wanted.filter((name) => !PACKAGES[name].present());
    if (missing.length === 0) return;
    const purposes = [...new Set(missing.map((name) => PURPOSES[PACKAGES[name].purpose]))].join(' and ');
    const command = `apt-get install -y --no-install-recommends --no-upgrade ${missing.join(' ')}`;
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !existsSync('/usr/bin/apt-get')) throw new Error(`${purposes} need ${missing.join(' and ')}. Install with: sudo ${command}`);
    console.log(`Installing ${missing.join(' and ')} for ${purposes} (apt-get, nothing upgraded)...`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    // Keep the packages' own services from starting during the install (Debian's policy-rc.d).
    const ownPolicy = !existsSync(POLICY);
    if (ownPolicy) writeFileSync(POLICY, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    try {
        for (const args of [
            ['update', '-qq'],
            ['install', '-y', '-qq', '--no-install-recommends', '--no-upgrade', ...missing],
        ]) {
            const result = quiet('apt-get', args, env);
            if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
        }
    } finally {
        if (ownPolicy) rmSync(POLICY, { force: true });
    }
    for (const name of missing) {
        const { service } = PACKAGES[name];
        if (service && existsSync('/bin/systemctl')) quiet('systemctl', ['disable', '--now', `${service}.service`]);
    }
    const stillMissing = missing.filter((name) => !PACKAGES[name].present());
    if (stillMissing.length > 0) throw new Error(`installing ${stillMissing.join(' and ')} failed; install with: sudo ${command}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    try {
        ensureSystemPackages({ browser: process.argv.includes('--browser') });
    } catch (error) {
        console.error(`\n${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    }
}
