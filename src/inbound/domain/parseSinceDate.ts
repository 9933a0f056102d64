export type SinceDate = { ok: true; date: Date } | { ok: false; reason: 'format' | 'future' };

/**
 * The day from which existing mail is imported, as an admin types it: `YYYY-MM-DD`, a real
 * calendar day, not after today (UTC). The day starts at 00:00 UTC; IMAP's SEARCH SINCE
 * compares whole days anyway.
 */
export function parseSinceDate(text: string, now: Date): SinceDate {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
    if (!match) return { ok: false, reason: 'format' };
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { ok: false, reason: 'format' };
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    if (date.getTime() > today) return { ok: false, reason: 'future' };
    return { ok: true, date };
}
