/** Why an inbox's new mail waits for the next check instead of being pushed (inbound/domain/pushPlan). */
export type PollReason = 'push_off' | 'no_idle' | 'over_limit';

/** How an inbox's new mail reaches its rooms, as the last check of it decided (`at`: that check's start). */
export type Delivery = { mode: 'push'; at: string } | { mode: 'poll'; reason: PollReason; at: string };

/** What the jobs record about an inbox, for `/email-inbox status` (no secrets, ever). */
export interface InboxStatus {
    inboxId: string;
    lastPollAt?: string;
    lastSuccessAt?: string;
    lastError?: { code: string; detail: string; at: string };
    imported: number;
    skipped: number;
    /** Mail that came again after it was imported (same Message-ID): counted so that imported + duplicates + skipped adds up to what arrived. */
    duplicates?: number;
    /** Why mail was skipped: auto_submitted, bounce, own_address, rate_limited... → count. */
    skippedByReason?: Record<string, number>;
    /** Failed checks in a row (0 after a successful one). */
    consecutiveFailures: number;
    nextAttemptAt?: string;
    /** Set after repeated refused logins: not checked until the inbox is edited or enabled again. */
    paused?: { reason: string; at: string };
    /** Whether its server offered IMAP IDLE at the last successful check (unknown before the first). */
    idle?: boolean;
    /** Pushed or polled, and why; absent before the first check. */
    delivery?: Delivery;
}

export function emptyStatus(inboxId: string): InboxStatus {
    return { inboxId, imported: 0, skipped: 0, consecutiveFailures: 0 };
}

/**
 * The status as stored now (`latest`) with what a run counted since it read `before` and reached
 * `after`: the counts are added, nothing else of `latest` is touched. A push run writes its counts
 * this way as it stops listening, so that what an admin or a sign-in wrote meanwhile (a pause, its
 * clearing) stays.
 */
export function withCountsAdded(latest: InboxStatus, before: InboxStatus, after: InboxStatus): InboxStatus {
    const reasons = new Set([...Object.keys(before.skippedByReason ?? {}), ...Object.keys(after.skippedByReason ?? {})]);
    const skippedByReason = { ...latest.skippedByReason };
    for (const reason of reasons) {
        const added = (after.skippedByReason?.[reason] ?? 0) - (before.skippedByReason?.[reason] ?? 0);
        if (added > 0) skippedByReason[reason] = (skippedByReason[reason] ?? 0) + added;
    }
    return {
        ...latest,
        imported: latest.imported + (after.imported - before.imported),
        skipped: latest.skipped + (after.skipped - before.skipped),
        duplicates: (latest.duplicates ?? 0) + ((after.duplicates ?? 0) - (before.duplicates ?? 0)),
        ...(Object.keys(skippedByReason).length > 0 && { skippedByReason }),
    };
}
