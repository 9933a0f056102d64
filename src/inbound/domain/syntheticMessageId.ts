import { createHash } from 'crypto';

/**
 * A stable Message-ID for mail that has none, from what identifies it: sender, date, subject
 * and the start of the body. The same mail gets the same id on every run, so dedupe works.
 */
export function syntheticMessageId(parts: { from?: string; date?: Date; subject: string; body: string }): string {
    const hash = createHash('sha256')
        .update([parts.from?.toLowerCase() ?? '', parts.date?.toISOString() ?? '', parts.subject, parts.body.slice(0, 65_536)].join('\u0000'))
        .digest('hex');
    return `${hash.slice(0, 40)}@email-inboxes.invalid`;
}
