const HOUR_MS = 3_600_000;

/**
 * Whether a sender may open one more conversation, given when they opened the previous ones:
 * at most `perHour` within any hour. Protects agents from loops that slip past the automated-mail
 * checks and from floods. Returns the timestamps to keep (the last hour's, plus this one when allowed).
 */
export function allowNewConversation(previous: readonly number[], now: number, perHour: number): { allowed: boolean; timestamps: number[] } {
    const recent = previous.filter((at) => now - at < HOUR_MS);
    if (perHour > 0 && recent.length >= perHour) return { allowed: false, timestamps: recent };
    return { allowed: true, timestamps: [...recent, now] };
}
