// The test support's promise that the test CA's private key and Dovecot do not outlive an
// interrupted test, demo or bench: a child process registers a folder's removal, then ends by
// Ctrl-C, a kill, or by itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const helper = resolve(__dirname, '../../support/processEnd.ts');

/** Starts a process that makes a folder, has it removed when the process ends, says "ready", then `then`. */
function childWithFolder(then: 'wait' | 'exit' | 'forget-and-exit'): {
    folder: string;
    ready: Promise<void>;
    ended: Promise<{ code: number | null; signal: string | null }>;
    kill(signal: NodeJS.Signals): void;
} {
    const folder = mkdtempSync(join(tmpdir(), 'email-inboxes-process-end-'));
    const code = `
        const { rmSync } = require('node:fs');
        const { whenProcessEnds } = require(${JSON.stringify(helper)});
        const forget = whenProcessEnds(() => rmSync(${JSON.stringify(folder)}, { recursive: true, force: true }));
        console.log('ready');
        if (${JSON.stringify(then)} === 'wait') setInterval(() => undefined, 1000);
        if (${JSON.stringify(then)} === 'forget-and-exit') forget();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ready = new Promise<void>((done) => child.stdout.once('data', () => done()));
    const ended = new Promise<{ code: number | null; signal: string | null }>((done) =>
        child.once('exit', (exitCode, signal) => done({ code: exitCode, signal })),
    );
    return { folder, ready, ended, kill: (signal) => child.kill(signal) };
}

describe('whenProcessEnds', () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        it(`removes the folder when the process is stopped by ${signal}, and the process still ends by that signal`, async () => {
            const child = childWithFolder('wait');
            await child.ready;
            assert.ok(existsSync(child.folder));
            child.kill(signal);
            assert.deepEqual(await child.ended, { code: null, signal });
            assert.equal(existsSync(child.folder), false, 'the folder was removed');
        });
    }

    it('removes the folder when the process ends by itself', async () => {
        const child = childWithFolder('exit');
        assert.deepEqual(await child.ended, { code: 0, signal: null });
        assert.equal(existsSync(child.folder), false);
    });

    it('leaves alone what was cleaned up and forgotten before the end', async () => {
        const child = childWithFolder('forget-and-exit');
        assert.deepEqual(await child.ended, { code: 0, signal: null });
        assert.equal(existsSync(child.folder), true, 'the forgotten clean-up did not run');
        rmSync(child.folder, { recursive: true, force: true });
    });
});
