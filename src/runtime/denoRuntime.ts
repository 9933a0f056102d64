/**
 * Workarounds for the Deno versions Rocket.Chat runs apps on, found by running the app in
 * the real Apps-Engine on Deno 2.6.8 and 2.9.6 (see README, "Deno 2.6"):
 * - `tls.connect` over an already-connected socket never completes its handshake once the
 *   socket has been piped and unpiped (imapflow's STARTTLS does exactly that). A stream
 *   wrapper gets the handshake through, but then Deno 2.6 skips certificate verification,
 *   so it is not an option: IMAP STARTTLS is refused up front with the alternative named.
 * - `tls.connect` with `autoSelectFamily` (nodemailer's happy eyeballs for hosts with IPv4
 *   and IPv6 addresses) hangs when the first address fails instead of trying the next.
 * Both work on Deno 2.9.
 */
export function denoVersion(): { major: number; minor: number; text: string } | undefined {
    const text = typeof process === 'object' ? process.versions?.deno : undefined;
    if (!text) return undefined;
    const [major, minor] = text.split('.').map(Number);
    return { major, minor, text };
}

function olderThan(major: number, minor: number): boolean {
    const version = denoVersion();
    return version !== undefined && (version.major < major || (version.major === major && version.minor < minor));
}

/** Whether imapflow's STARTTLS upgrade can work in this runtime (see above). */
export function imapStartTlsWorksHere(): boolean {
    return !olderThan(2, 7);
}

/** Whether `tls.connect` falls back between address families by itself. */
export function tlsHappyEyeballsWorksHere(): boolean {
    return !olderThan(2, 7);
}
