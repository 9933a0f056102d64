import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { withBrowserPage } from '../browser';
import type { Values, View } from './page/clientRules';
import { pageBundle } from './pageBundle';

const ROOT = resolve(__dirname, '../../..');
export const DEFAULT_SCREENSHOTS_DIR = join(ROOT, 'test-output/screenshots');

/** An interaction the page sends, as Rocket.Chat 8.x's client would send it to the server. */
export type ClientInteraction =
    | { type: 'viewSubmit'; viewId: string; view: Record<string, unknown> /* with state */ }
    | { type: 'blockAction'; actionId: string; blockId: string; value: unknown; container: { type: 'view'; id: string } }
    | { type: 'viewClosed'; viewId: string; view: Record<string, unknown>; isCleared: boolean };

/**
 * A person in front of Rocket.Chat 8.x's web client, with one UIKit view open: rendered by
 * fuselage-ui-kit 0.31.23 in headless Chromium, its form state kept as 8.x keeps it (by actionId,
 * grouped by blockId on submit; see page/clientRules.ts). Fields are found by their label, options
 * and buttons by their text. Each action returns once the page has sent what it sends and shown
 * the app's answer (errors under fields, an update, or the view closed).
 */
export interface BrowserClient {
    /** Renders a view the app opened ('modal' or 'contextualBar'), as the client does on modal.open / contextual_bar.open. */
    show(view: object, surface: 'modal' | 'contextualBar'): Promise<void>;
    /** A modal.update / contextual_bar.update for the shown view (same id): merged, values kept. @throws when no view with that id is shown. */
    update(view: object): Promise<void>;
    /** Where the page's interactions go (the test passes them to the app through the engine host and returns the app's answer). */
    onInteraction(handler: (interaction: ClientInteraction) => Promise<unknown>): void;
    /** Types text into the input whose label is `label` (clears it first); the n-th such label with { nth }. */
    type(label: string, text: string, options?: { nth?: number }): Promise<void>;
    /** Chooses the option with this visible text in the select labelled `label`. */
    choose(label: string, optionText: string, options?: { nth?: number }): Promise<void>;
    /** Clicks a button (or overflow menu item) by its visible text. */
    click(text: string): Promise<void>;
    /** The error text shown under the field labelled `label`, if any. */
    errorUnder(label: string, options?: { nth?: number }): Promise<string | undefined>;
    /** Every visible text of the surface. */
    text(): Promise<string>;
    /** The value shown in the field labelled `label` (input text or chosen option's text). */
    shownValue(label: string, options?: { nth?: number }): Promise<string>;
    /** The client's form values, keyed by actionId, as they are now (undefined when nothing is shown). */
    values(): Promise<Values | undefined>;
    /** Saves a full-surface screenshot under screenshotsDir/<name>.png; returns the path. */
    screenshot(name: string): Promise<string>;
    /** Console errors and warnings and page errors seen so far (React's included), and blocks or elements given but not shown. */
    problems(): string[];
    /** Whether the surface is still shown (after a successful submit the client closes the modal). */
    isOpen(): Promise<boolean>;
}

export interface BrowserClientOptions {
    /** Where screenshot() saves (default test-output/screenshots at the repository's root). */
    screenshotsDir?: string;
}

/**
 * Runs `fn` with a browser client on a fresh headless Chromium (test/support/browser.ts), closed
 * afterwards whether `fn` succeeds or throws. The page bundle is built on first use (pageBundle.ts).
 *
 * @throws when Chromium cannot start or the page does not build, and whatever `fn` throws.
 */
export async function withBrowserClient<T>(fn: (client: BrowserClient) => Promise<T>, options: BrowserClientOptions = {}): Promise<T> {
    const script = readFileSync(await pageBundle());
    // Served from loopback: fuselage-hooks reads localStorage, which about:blank (setContent) denies.
    const server = createServer((request, response) => {
        if (request.url === '/page.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        else response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_HTML);
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    try {
        return await withBrowserPage(async (page) => {
            const problems: string[] = [];
            page.on('console', (message) => {
                const text = message.text();
                if ((message.type() === 'error' || message.type() === 'warning') && !RENDERER_NOISE.some((noise) => text.includes(noise)))
                    problems.push(`console ${message.type()}: ${text}`);
            });
            page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
            let handler: (interaction: ClientInteraction) => Promise<unknown> = async (interaction) => {
                throw new Error(`the page sent ${interaction.type} but no onInteraction handler is set`);
            };
            const failures: unknown[] = [];
            // Both ways as JSON, as Rocket.Chat's client and server exchange them (undefined values drop out).
            await page.exposeFunction('uikitSend', async (interaction: ClientInteraction) => {
                try {
                    return json((await handler(json(interaction))) ?? null);
                } catch (error) {
                    failures.push(error); // thrown by the action that caused it: the test's handler failed, not the view
                    throw error;
                }
            });
            await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
            return fn(browserClient(page, problems, failures, (next) => (handler = next), options.screenshotsDir ?? DEFAULT_SCREENSHOTS_DIR));
        });
    } finally {
        server.closeAllConnections();
        await new Promise((closed) => server.close(closed));
    }
}

/**
 * React warnings that every form gives and that say nothing about the app's view: fuselage-ui-kit's
 * PlainTextInputElement (0.31.23 as 8.x) passes `value={undefined}` until the first change, so each
 * text field that starts empty turns from uncontrolled to controlled when typed into.
 */
const RENDERER_NOISE = ['A component is changing an uncontrolled input to be controlled'];

const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>UIKit client</title></head><body><script src="/page.js"></script></body></html>';

function browserClient(
    page: Page,
    problems: string[],
    failures: unknown[],
    setHandler: (handler: (interaction: ClientInteraction) => Promise<unknown>) => void,
    screenshotsDir: string,
): BrowserClient {
    const surface = () => page.locator('[data-surface]');
    /** Returns once nothing is on its way to the app or waiting to be sent, and React has rendered the answer. */
    const settled = async () => {
        await page.waitForFunction(() => (globalThis as unknown as PageWindow).uikitClient.idle(), undefined, { polling: 20 });
        await page.evaluate(() => new Promise((done) => (globalThis as unknown as PageWindow).requestAnimationFrame(() => done(undefined))));
        if (failures.length > 0) throw failures.splice(0)[0];
    };
    const shownText = async () => ((await surface().count()) > 0 ? withoutIcons(await surface().innerText()) : '');
    /** The input block whose label reads exactly `label` (the nth of them). */
    const field = async (label: string, nth = 0): Promise<Locator> => {
        const fields = surface()
            .locator('[data-block-type="input"]')
            .filter({ has: page.locator('.rcx-field__label').getByText(label, { exact: true }) });
        const count = await fields.count();
        if (count <= nth) throw new Error(`no field labelled "${label}"${nth ? ` (#${nth})` : ''}; the surface shows: ${(await shownText()) || 'nothing'}`);
        return fields.nth(nth);
    };
    /** The open option list of a select or an overflow menu (fuselage renders it at the end of the body). */
    const option = (text: string) => page.locator('.rcx-options [role="option"]').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) });

    return {
        async show(view, surfaceType) {
            await page.evaluate(([view, surfaceType]) => (globalThis as unknown as PageWindow).uikitClient.show(view, surfaceType), [
                view as View,
                surfaceType,
            ] as const);
            await settled();
        },
        async update(view) {
            const applied = await page.evaluate((view) => (globalThis as unknown as PageWindow).uikitClient.update(view), view as View);
            if (!applied) throw new Error(`update for view ${(view as View).id}: no view with that id is shown (Rocket.Chat's client would ignore it)`);
            await settled();
        },
        onInteraction: setHandler,
        async type(label, text, { nth = 0 } = {}) {
            const input = (await field(label, nth)).locator('input:not(.rcx-select__focus), textarea').first();
            // Like a person selecting the field's text and typing (or pasting) over it: one input event.
            await input.fill(text);
            await settled();
        },
        async choose(label, optionText, { nth = 0 } = {}) {
            await (await field(label, nth)).locator('.rcx-select').first().click();
            await option(optionText).first().click();
            await settled();
        },
        async click(text) {
            const button = surface().getByRole('button', { name: text, exact: true });
            if ((await button.count()) === 0 && (await openOverflowWith(page, text))) await option(text).first().click();
            else await button.click();
            await settled();
        },
        async errorUnder(label, { nth = 0 } = {}) {
            const error = (await field(label, nth)).locator('.rcx-field__error');
            return (await error.count()) > 0 ? (await error.innerText()).trim() : undefined;
        },
        text: shownText,
        async shownValue(label, { nth = 0 } = {}) {
            const box = await field(label, nth);
            if ((await box.locator('.rcx-select').count()) > 0) {
                // The chosen option's text; with none chosen the select shows only its placeholder.
                const item = box.locator('.rcx-select__item');
                return (await item.count()) > 0 ? withoutIcons(await item.first().innerText()).trim() : '';
            }
            return box.locator('input, textarea').first().inputValue();
        },
        values: () => page.evaluate(() => (globalThis as unknown as PageWindow).uikitClient.values()),
        async screenshot(name) {
            mkdirSync(screenshotsDir, { recursive: true });
            const path = join(screenshotsDir, `${name}.png`);
            // The whole form, not only what fits: the modal (or the contextual bar, window-high) may grow beyond the window for this picture.
            const unclip = await page.addStyleTag({
                content:
                    '.rcx-modal, .rcx-modal__content, .rcx-modal-backdrop { max-height: none !important; overflow: visible !important; position: static !important; }' +
                    ' [data-surface="contextualBar"] > div { height: auto !important; } [data-surface="contextualBar"] > div > div { overflow: visible !important; }',
            });
            try {
                await page
                    .locator('[data-surface="modal"] .rcx-modal, [data-surface="contextualBar"] > div, [data-surface="crashed"]')
                    .first()
                    .screenshot({ path });
            } finally {
                await unclip.evaluate((style) => style.remove());
            }
            return path;
        },
        // The page's own reports (blocks not shown, crashes, timeouts) reach the console as warnings.
        problems: () => [...problems],
        isOpen: () => page.evaluate(() => (globalThis as unknown as PageWindow).uikitClient.isOpen()),
    };
}

/** Opens the overflow menu (kebab) whose options include `text`; false when none has it. */
async function openOverflowWith(page: Page, text: string): Promise<boolean> {
    const kebabs = page.locator('[data-surface] button:has(.rcx-icon--name-kebab)');
    // A menu rendered a moment after its view: wait for one before counting (none may exist).
    await kebabs
        .first()
        .waitFor({ timeout: 2000 })
        .catch(() => undefined);
    for (let index = 0; index < (await kebabs.count()); index++) {
        await kebabs.nth(index).click();
        // The menu's options appear a moment after the click (fuselage's PositionAnimated).
        await page
            .locator('.rcx-options [role="option"]')
            .first()
            .waitFor({ timeout: 2000 })
            .catch(() => undefined);
        if ((await page.locator('.rcx-options [role="option"]').filter({ hasText: text }).count()) > 0) return true;
        await page.keyboard.press('Escape');
    }
    return false;
}

function json<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** Icons are glyphs of the RocketChat font, in Unicode's private use area: not text a person reads. */
function withoutIcons(text: string): string {
    return text.replace(/[\uE000-\uF8FF]/g, '').replace(/\n{3,}/g, '\n\n');
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The page's globals the harness calls (page/index.tsx); page.evaluate's callbacks run there. */
interface PageWindow {
    uikitClient: {
        show(view: View, surface: 'modal' | 'contextualBar'): void;
        update(view: View): boolean;
        values(): Values | undefined;
        isOpen(): boolean;
        idle(): boolean;
    };
    requestAnimationFrame(callback: () => void): void;
}
