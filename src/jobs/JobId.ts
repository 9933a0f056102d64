/** Scheduler processor ids. Stable: Rocket.Chat stores scheduled jobs under them. */
export enum JobId {
    Poll = 'email-inboxes-poll',
    Outbox = 'email-inboxes-outbox',
}

/** The outbox is retried on its own rhythm: often enough for a 1-minute first retry. */
export const OUTBOX_INTERVAL_SECONDS = 60;
