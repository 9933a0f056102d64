import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStatus } from '../configuration/domain/InboxStatus';
import { notifyInboxOwner } from '../configuration/notifyInboxOwner';
import { translatorFor } from '../i18n/translate';
import { readImportSettings, readWorkspaceLanguage } from '../settings/readSettings';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { afterFailure, isDue } from './domain/retryPolicy';
import { importNewMail } from './MailboxImport';
import type { RunContext } from './MailboxImport';
import type { InboundServices } from './InboundServices';
import { ErrorCode } from '../errors/ErrorCode';
import { inboxSecrets } from '../configuration/domain/Inbox';

/**
 * One run of the poll job over every active inbox: bounded by time and by message count,
 * fair (each inbox gets a share of the time, the starting inbox rotates), and never losing
 * mail (the cursor moves only past fully handled messages; errors stop the inbox, not the run).
 */
export async function runPoll(services: InboundServices, startedAt = Date.now()): Promise<void> {
    const { read, log } = services;
    const inboxes = (await services.inboxes.list()).filter((inbox) => inbox.active);
    if (inboxes.length === 0) return;
    // One run at a time, across overlapping calls and Rocket.Chat instances: two runs would both import the same mail.
    const claim = await services.claims.claim('poll-run', BUDGET.checkClaim);
    if (!claim) {
        log.info('mail check skipped: another check is still running');
        return;
    }
    try {
        const settings = await readImportSettings(read);
        const context: RunContext = {
            services,
            settings,
            deadline: Deadline.after(BUDGET.work, startedAt),
            remaining: settings.maxMessagesPerRun,
            t: translatorFor(await readWorkspaceLanguage(read)),
            inboxAddresses: inboxes.map((inbox) => inbox.email),
        };
        const offset = Math.floor(startedAt / 1000) % inboxes.length;
        const order = [...inboxes.slice(offset), ...inboxes.slice(0, offset)];
        for (const [index, inbox] of order.entries()) {
            if (context.deadline.passed() || context.remaining <= 0) break;
            // Each inbox left gets its share of the time left, so one slow server cannot starve the others.
            const share = Math.max(2_000, context.deadline.remaining() / (order.length - index));
            await pollInbox(inbox, context, context.deadline.atMost(share));
        }
    } finally {
        await claim.release();
    }
}

async function pollInbox(inbox: Inbox, context: RunContext, deadline: Deadline): Promise<void> {
    const { statuses, read, modify, log } = context.services;
    const now = new Date();
    const previous = await statuses.get(inbox.id);
    if (!isDue(previous, now)) return;
    let status: InboxStatus = { ...previous, lastPollAt: now.toISOString() };
    let connectable = inbox;
    try {
        // An OAuth2 inbox logs in with its access token, refreshed first when it is about to expire.
        connectable = await context.services.connectable(inbox, deadline);
        await importNewMail(connectable, context, deadline, status);
        // The successful check is the one that started at `now`: never shown later than the last check.
        status = { ...status, lastSuccessAt: now.toISOString(), consecutiveFailures: 0, nextAttemptAt: undefined };
    } catch (error) {
        const failure = classifyConnectionError(error, inboxSecrets(connectable));
        // Mail-server trouble backs off; Rocket.Chat refusing a chat (no agent online...) is retried at every check.
        const fromMailServer = error instanceof ConnectionError;
        status = {
            ...status,
            ...(fromMailServer ? afterFailure(status, now, failure.code === ErrorCode.AuthenticationFailed) : {}),
            lastError: { code: failure.code, detail: failure.detail, at: now.toISOString() },
        };
        // A refused sign-in pauses the inbox as it happens (signin/AccessTokens), and tells the admin.
        if (failure.code === ErrorCode.SignInNeeded) status.paused ??= (await statuses.get(inbox.id)).paused;
        log.error(`inbox ${inbox.name}: mail check failed (${failure.code}): ${failure.detail}`);
        if (status.paused && !previous.paused && failure.code === ErrorCode.AuthenticationFailed) {
            await notifyInboxOwner(
                read,
                modify,
                inbox,
                context.t(inbox.oauth ? 'inbox_paused_oauth' : 'inbox_paused', { name: inbox.name, count: status.consecutiveFailures, detail: failure.detail }),
                log,
            );
        }
    } finally {
        await statuses.save(status);
    }
}
