/** When a failing inbox is tried again, and when repeated login failures pause it. Written down in one place. */
export const RETRY_POLICY = {
    /** The first failure is retried at the next check; then 2, 4, 8... minutes, at most an hour. */
    baseDelayMs: 60_000,
    maxDelayMs: 3_600_000,
    /** Consecutive refused logins after which the inbox is paused (servers lock accounts that keep failing). */
    authFailuresBeforePause: 3,
} as const;

export interface FailureState {
    consecutiveFailures: number;
    nextAttemptAt?: string;
    paused?: { reason: string; at: string };
}

/** The state after one more failed check. */
export function afterFailure(state: FailureState, now: Date, authenticationFailed: boolean): FailureState {
    const consecutiveFailures = state.consecutiveFailures + 1;
    const delay = consecutiveFailures <= 1 ? 0 : Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (consecutiveFailures - 1));
    const pause = authenticationFailed && consecutiveFailures >= RETRY_POLICY.authFailuresBeforePause;
    return {
        consecutiveFailures,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
        ...(pause ? { paused: state.paused ?? { reason: 'auth_failed', at: now.toISOString() } } : {}),
    };
}

/** Whether the inbox should be checked now. */
export function isDue(state: FailureState, now: Date): boolean {
    if (state.paused) return false;
    return !state.nextAttemptAt || Date.parse(state.nextAttemptAt) <= now.getTime();
}
