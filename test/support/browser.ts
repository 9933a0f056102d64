import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

/** Debian's Chromium; `npm test` installs it when missing (scripts/ensure-system-packages.mjs). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, local-only browser: no sandbox (the tests run as root), no GPU, no QUIC, and
 * none of Chromium's own traffic (first-run, background networking, component updates, sync).
 */
const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export interface BrowserOptions {
    /** Playwright's timeout for each action and navigation, in ms (default 15 s). */
    timeoutMs?: number;
}

/**
 * Runs `fn` with a page of a headless Chromium started for it alone, in a fresh temporary profile
 * (user data dir) that is deleted afterwards with the browser closed, whether `fn` succeeds or throws.
 *
 * @throws when Chromium is missing (run `npm test`, or `node scripts/ensure-system-packages.mjs --browser`)
 *   or cannot start, and whatever `fn` throws.
 */
export async function withBrowserPage<T>(fn: (page: Page) => Promise<T>, { timeoutMs = 15_000 }: BrowserOptions = {}): Promise<T> {
    const userDataDir = mkdtempSync(join(tmpdir(), 'email-inboxes-chromium-'));
    try {
        // A persistent context is how Playwright takes a user data dir of ours (launch() refuses --user-data-dir).
        const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
        try {
            context.setDefaultTimeout(timeoutMs);
            const page = context.pages()[0] ?? (await context.newPage());
            return await fn(page);
        } finally {
            await context.close();
        }
    } finally {
        rmSync(userDataDir, { recursive: true, force: true });
    }
}
