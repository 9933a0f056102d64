import type { OutgoingEmail } from './OutgoingEmail';

/**
 * Where an agent's reply is, as its conversation's Email panel shows it:
 * - queued: in the outbox, not tried yet;
 * - sending: a sender holds it right now (its lease);
 * - waiting: it failed for a reason that may pass and is tried again at `nextAttemptAt`;
 * - failed: refused for good (or out of retries), kept until someone sends it again;
 * - sent: the server accepted it (the outbox holds only emails not yet accepted), `at` when known.
 */
export type DeliveryState =
    | { kind: 'queued' }
    | { kind: 'sending' }
    | { kind: 'waiting'; attempts: number; nextAttemptAt: string; error?: { code: string; detail: string } }
    | { kind: 'failed'; attempts: number; error?: { code: string; detail: string } }
    | { kind: 'sent'; at?: string };

/**
 * The state of a reply from its outbox entry (undefined once it left the outbox), when it was
 * noted as sent, and whether a sender holds it now (its claim: OutboxDelivery).
 */
export function deliveryState(queued: OutgoingEmail | undefined, sentAt: string | undefined, held: boolean, now: Date): DeliveryState {
    if (!queued) return { kind: 'sent', ...(sentAt && { at: sentAt }) };
    const attempts = (queued.earlierAttempts ?? 0) + queued.attempts;
    const error = queued.lastError && { code: queued.lastError.code, detail: queued.lastError.detail };
    if (queued.state === 'failed') return { kind: 'failed', attempts, ...(error && { error }) };
    if (held || (queued.leaseUntil && new Date(queued.leaseUntil).getTime() > now.getTime())) return { kind: 'sending' };
    if (queued.attempts === 0) return { kind: 'queued' };
    return { kind: 'waiting', attempts, nextAttemptAt: queued.nextAttemptAt, ...(error && { error }) };
}

/** Whether "Send again" is offered: for a reply that failed or waits for its next attempt. */
export function maySendAgain(state: DeliveryState): boolean {
    return state.kind === 'failed' || state.kind === 'waiting';
}

/** The reply made due now, with a fresh retry window (as `/email-inbox retry` does for a whole inbox: OutboxDelivery.makeDueAgain). */
export function dueAgain(email: OutgoingEmail, now: Date): OutgoingEmail {
    const at = now.toISOString();
    return {
        ...email,
        state: 'waiting',
        attempts: 0,
        earlierAttempts: (email.earlierAttempts ?? 0) + email.attempts,
        nextAttemptAt: at,
        retryWindowFrom: at,
        delayNoticeSent: false,
    };
}
