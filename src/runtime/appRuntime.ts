/**
 * The app runtimes Rocket.Chat ships: Deno 2.3.1 (8.5–8.8) and Node 22 (8.9 and newer). What
 * Deno 2.3 does differently from Node was found by running the app in the real Apps-Engine
 * (README, "What the app runtimes change"); none of it applies on Node.
 * - Code outside npm packages has no global `setImmediate` (2.3): see immediateTimers.ts.
 * - `tls.connect({ socket })` waits forever when the socket's read loop already asked for
 *   more bytes, which is always the case by the time imapflow starts TLS after STARTTLS
 *   (2.3; fine on 2.9): see inbound/earlyStartTlsTransport.ts.
 * - `rejectUnauthorized: false` is ignored: certificates are always verified (2.3; honoured
 *   on 2.6 and later). An inbox that allows an untrusted certificate is refused at once,
 *   with the advice to trust the server's certificate instead (tlsOptions.ts).
 * - `tls.connect` with `autoSelectFamily` hangs when the first address fails instead of
 *   trying the next (before 2.7): see tlsForRuntime.ts.
 */
export function denoVersion(): { major: number; minor: number; text: string } | undefined {
    const text = typeof process === 'object' ? process.versions?.deno : undefined;
    if (!text) return undefined;
    const [major, minor] = text.split('.').map(Number);
    return { major, minor, text };
}

function denoOlderThan(major: number, minor: number): boolean {
    const version = denoVersion();
    return version !== undefined && (version.major < major || (version.major === major && version.minor < minor));
}

/** Whether imapflow's STARTTLS needs the TLS socket made while the OK is being read. */
export function imapStartTlsNeedsEarlyUpgrade(): boolean {
    return denoOlderThan(2, 7);
}

/** Whether this runtime verifies every certificate whatever `rejectUnauthorized` says. */
export function certificatesAlwaysVerified(): boolean {
    return denoOlderThan(2, 6);
}

/** Whether `tls.connect` falls back between address families by itself. */
export function tlsHappyEyeballsWorksHere(): boolean {
    return !denoOlderThan(2, 7);
}

/** "Deno 2.3.1" or "Node 22.22.2": for messages that explain a runtime's limits. */
export function runtimeName(): string {
    const deno = denoVersion();
    if (deno) return `Deno ${deno.text}`;
    return typeof process === 'object' && process.versions?.node ? `Node ${process.versions.node}` : 'an unknown runtime';
}

/**
 * Why the app cannot work in this runtime, if it cannot: Rocket.Chat before 8.5 ran apps on
 * Deno 1.43, which lacks what the mail libraries need (and app.json's requiredApiVersion keeps
 * such servers from installing it). Said in the app log by onEnable instead of failing on the
 * first mail.
 */
export function unsupportedRuntimeReason(): string | undefined {
    const deno = denoVersion();
    const getBuiltinModule = typeof process === 'object' ? (process as { getBuiltinModule?: unknown }).getBuiltinModule : undefined;
    if ((deno && denoOlderThan(2, 3)) || typeof getBuiltinModule !== 'function') {
        return (
            `Email Inboxes cannot run in this Rocket.Chat server's app runtime (${runtimeName()}): it needs Deno 2.3 or newer ` +
            '(Rocket.Chat 8.5–8.8) or Node 22 (Rocket.Chat 8.9 and newer). Update Rocket.Chat, then enable the app again.'
        );
    }
    return undefined;
}
