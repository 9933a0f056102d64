import type * as tls from 'tls';

import { tlsForRuntime } from './tlsForRuntime';

/**
 * Rocket.Chat runs app code with a `require` that refuses `tls`, `events`, `dns` and
 * `string_decoder`, which the mail libraries need. The package step redirects those
 * imports here. `process.getBuiltinModule` hands out the runtime's real built-in
 * (Node ≥ 20.16, Deno 2): no userland polyfill, so certificate checks stay the real ones.
 */
export function loadBuiltin(name: string): unknown {
    const runtime = typeof process === 'object' ? (process as { getBuiltinModule?: (id: string) => unknown }) : undefined;
    const builtin = runtime?.getBuiltinModule?.(`node:${name}`);
    if (!builtin) {
        throw new Error(
            `Email Inboxes needs the runtime's node:${name} module, which this Rocket.Chat server does not provide. ` +
                'Upgrade Rocket.Chat to a version that runs apps on Deno 2 (Rocket.Chat 7.x or 8.x).',
        );
    }
    return name === 'tls' ? tlsForRuntime(builtin as typeof tls) : builtin;
}
