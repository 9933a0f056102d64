#!/usr/bin/env node
// Dovecot and openssl for the local mail servers of `npm test` and `npm start`: installed with
// apt when missing (as root), nothing else: no package upgraded, no recommends, and no Dovecot
// service left running or enabled (the tests and the demo start their own on free ports).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
const POLICY = '/usr/sbin/policy-rc.d';

function quiet(command, args, env = {}) {
    return spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8' });
}

function present(binary) {
    return quiet('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** Installs what is missing; throws with the command to run when it cannot. */
export function ensureDovecot() {
    const missing = [...(DOVECOT.some((path) => existsSync(path)) ? [] : ['dovecot-imapd']), ...(present('openssl') ? [] : ['openssl'])];
    if (missing.length === 0) return;
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const command = `apt-get install -y --no-install-recommends --no-upgrade ${missing.join(' ')}`;
    if (!isRoot || !existsSync('/usr/bin/apt-get')) throw new Error(`the local mail servers need ${missing.join(' and ')}. Install with: sudo ${command}`);
    console.log(`Installing ${missing.join(' and ')} for the local mail servers (apt-get, nothing upgraded)...`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    // Keep the package's own service from starting during the install (Debian's policy-rc.d).
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
    if (missing.includes('dovecot-imapd') && existsSync('/bin/systemctl')) quiet('systemctl', ['disable', '--now', 'dovecot.service']);
    if (!DOVECOT.some((path) => existsSync(path))) throw new Error(`installing Dovecot failed; install it with: sudo ${command}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    try {
        ensureDovecot();
    } catch (error) {
        console.error(`\n${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    }
}
