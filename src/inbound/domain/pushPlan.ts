/**
 * Push within the engine's limits: the rules of the push chain, pure. A push run is a mail check
 * (every inbox caught up by UID from its cursor, as always) that then listens (IMAP IDLE) on the
 * inboxes whose server offers it until BUDGET.pushListen, importing on EXISTS through the same
 * import; as it ends it starts the next run of the chain (a one-off job due at once, which
 * Rocket.Chat's Agenda starts at once on the same instance). The recurring mail check stays the
 * safety net: when the chain breaks (the app's process killed mid-run), its lease expires and
 * the next recurring run catches up and starts a new chain. PollRunner and jobs/pollJob apply
 * these rules.
 */
import type { Delivery, PollReason } from '../../configuration/domain/InboxStatus';
import { BUDGET } from '../../runtime/budgets';

export type { Delivery, PollReason } from '../../configuration/domain/InboxStatus';

export const PUSH_LIMITS = {
    /**
     * Inboxes one Rocket.Chat instance listens on at once (one IMAP connection each, kept open in
     * the app's process); the others are checked at the interval. A connection listening costs
     * little (its TLS state, a few buffers: the latency bench measures the process's memory with
     * 200), but every push run catches each of them up, so this also bounds a run's work.
     */
    inboxesPerProcess: 200,
    /** A connection kept between push runs and not used again within this is logged out. */
    keptUnusedMs: 60_000,
    /**
     * A kept connection is logged out after this, whatever: RFC 2177 asks clients to end IDLE
     * within 29 minutes, and a fresh login also picks up what a long session would not see.
     */
    keptAtMostMs: 25 * 60_000,
} as const;

/** The push chain's lease in app persistence: one chain at a time, across overlapping runs and Rocket.Chat instances. */
export interface ChainLease {
    token: string;
    /** Epoch ms; renewed by each run of the chain as it starts. */
    until: number;
}

/**
 * What a run of the chain carrying `token` does with the lease it finds: `renew` it (its own,
 * still valid), `take` it (none, or expired: its holder died or fell behind), or stop because
 * another chain `holds` it (that run then only catches up, and starts no next run).
 */
export function leaseVerdict(lease: ChainLease | undefined, token: string, now: number): 'renew' | 'take' | 'held' {
    if (!lease || lease.until <= now) return 'take';
    return lease.token === token ? 'renew' : 'held';
}

/** How long after a lease ran out its chain's watch looks (a run that renews it as it starts is never that late). */
export const WATCH_AFTER_LEASE_MS = 1_000;

/**
 * When a recurring check that found the lease held should look again: just after the lease runs
 * out, when that comes before the next recurring check; else undefined (that check looks). Should
 * the chain's process have died, a new chain then starts as its lease ends (at most
 * BUDGET.pushLease after its last run began), not an interval later: within one interval of the
 * death for intervals of at least the lease, and the default is 60 s.
 */
export function chainWatchAt(lease: ChainLease, now: number, intervalMs: number): number | undefined {
    const at = lease.until + WATCH_AFTER_LEASE_MS;
    return at < now + intervalMs ? at : undefined;
}

/**
 * When the chain's next run is to start: at once after a run that listened until its end, and
 * never before this run's listening would have ended, so that a run cut short (every server
 * failing, the mail check claimed by another run) never turns the chain into a loop of logins.
 */
export function nextRunAt(startedAt: number, now: number): number {
    return Math.max(now, startedAt + BUDGET.pushListen);
}

/**
 * Whether a push run checks an inbox it does not listen on: once its interval has passed since
 * its last check, less half a run, so that on average such an inbox is checked every interval
 * (push runs come every ~BUDGET.pushListen, not at the interval).
 */
export function polledInboxDue(lastCheckedAt: string | undefined, intervalMs: number, now: number): boolean {
    const at = lastCheckedAt ? Date.parse(lastCheckedAt) : NaN;
    return Number.isNaN(at) || now - at >= intervalMs - BUDGET.pushListen / 2;
}

/** An inbox as the delivery plan sees it: whether its server offered IDLE at its last check (unknown before its first). */
export interface PushCandidate {
    id: string;
    idle?: boolean;
}

/**
 * How each inbox gets its new mail in a run: pushed when push is on, its server offered IDLE at
 * its last check (or it was never checked: its first check finds out), and it is among the first
 * `limit` such inboxes (in the given order: the oldest first, so that adding an inbox never takes
 * push from another); otherwise polled, and why.
 */
export function deliveryPlan(
    candidates: readonly PushCandidate[],
    pushOn: boolean,
    limit: number = PUSH_LIMITS.inboxesPerProcess,
): Map<string, 'push' | PollReason> {
    const plan = new Map<string, 'push' | PollReason>();
    let pushed = 0;
    for (const candidate of candidates) {
        if (!pushOn) plan.set(candidate.id, 'push_off');
        else if (candidate.idle === false) plan.set(candidate.id, 'no_idle');
        else if (pushed >= limit) plan.set(candidate.id, 'over_limit');
        else {
            plan.set(candidate.id, 'push');
            pushed++;
        }
    }
    return plan;
}

/** What status says of an inbox's delivery (see i18n: status_delivery_*). */
export type DeliveryLine =
    | { kind: 'push' }
    /** To be pushed, but no push run listened on it yet (push just turned on, a new inbox): polled until one does. */
    | { kind: 'push_soon' }
    /** Pushed, but no push run listened on it lately (the chain broke): polled until one does. */
    | { kind: 'push_resuming'; since: string }
    | { kind: 'poll'; reason: PollReason }
    /** Not checked yet: nothing to say. */
    | { kind: 'unknown' };

/**
 * Status's line on an inbox's delivery, from the setting now and what its last checks found:
 * polled with push off, or when its server did not offer IDLE, or past the limit of pushed
 * inboxes; pushed while the chain listened on it lately (within a lease and an interval: the
 * longest a broken chain takes to start again), else pushed "soon" or "resuming".
 */
export function deliveryLine(status: { idle?: boolean; delivery?: Delivery }, pushOn: boolean, intervalMs: number, now: number): DeliveryLine {
    const { idle, delivery } = status;
    if (idle === undefined && !delivery) return { kind: 'unknown' };
    if (!pushOn) return { kind: 'poll', reason: 'push_off' };
    if (idle === false) return { kind: 'poll', reason: 'no_idle' };
    if (delivery?.mode === 'poll' && delivery.reason === 'over_limit') return { kind: 'poll', reason: 'over_limit' };
    if (delivery?.mode !== 'push') return { kind: 'push_soon' };
    return now - Date.parse(delivery.at) <= BUDGET.pushLease + intervalMs ? { kind: 'push' } : { kind: 'push_resuming', since: delivery.at };
}
