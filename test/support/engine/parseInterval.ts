const UNIT_MS: Record<string, number> = {
    ms: 1,
    millisecond: 1,
    second: 1000,
    sec: 1000,
    minute: 60_000,
    min: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
};

/**
 * Milliseconds for the interval forms apps give Rocket.Chat's scheduler (Agenda with
 * human-interval): a number of milliseconds, or "<n> <unit>" such as "60 seconds".
 * Cron strings are refused with a clear error: the test host does not run cron.
 */
export function parseInterval(interval: string | number): number {
    if (typeof interval === 'number') return interval;
    const match = /^\s*(?:in\s+)?(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$/i.exec(interval);
    const unit = match ? UNIT_MS[match[2].toLowerCase()] : undefined;
    if (!match || unit === undefined) throw new Error(`the test host cannot schedule interval "${interval}"; use "<n> seconds|minutes|hours"`);
    return Number(match[1]) * unit;
}
