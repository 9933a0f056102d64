import type * as timers from 'timers';

import { loadBuiltin } from './loadBuiltin';

/**
 * Deno 2.3 (Rocket.Chat 8.5–8.8) gives code outside npm packages no global `setImmediate`,
 * and the app's bundle is such code; imapflow, nodemailer and mailparser call it throughout.
 * The package step injects these in place of the globals, so every runtime hands out its own
 * `node:timers` functions (on Node they are the globals themselves).
 */
const runtimeTimers = loadBuiltin('timers') as typeof timers;

export const setImmediate = runtimeTimers.setImmediate;
export const clearImmediate = runtimeTimers.clearImmediate;
