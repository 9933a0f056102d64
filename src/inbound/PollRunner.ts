import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStatus } from '../configuration/domain/InboxStatus';
import { withCountsAdded } from '../configuration/domain/InboxStatus';
import { notifyInboxOwner } from '../configuration/notifyInboxOwner';
import { translatorFor } from '../i18n/translate';
import { readImportSettings, readPollIntervalMs, readPushEnabled, readWorkspaceLanguage } from '../settings/readSettings';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import type { HeldClaim } from '../persistence/ClaimStore';
import { afterFailure, isDue } from './domain/retryPolicy';
import { checkOrder, forEachAtMost, KeyedQueue, SharedAllowance, Slots } from './domain/concurrentChecks';
import type { Allowance, CheckCandidate } from './domain/concurrentChecks';
import { deliveryPlan, polledInboxDue } from './domain/pushPlan';
import type { Delivery, PollReason } from './domain/pushPlan';
import { commandDeadline, importAnnounced, importFrom, openMailbox } from './MailboxImport';
import { CursorProgress } from './CursorProgress';
import type { MailboxCursor } from './MailboxCursorStore';
import type { RunContext } from './MailboxImport';
import type { ImapMailbox } from './ImapMailbox';
import { KeptConnections, keptConnections } from './KeptConnections';
import type { InboundServices } from './InboundServices';
import { ErrorCode } from '../errors/ErrorCode';
import { inboxSecrets } from '../configuration/domain/Inbox';
import type { InboxLogin } from '../signin/InboxLogin';

/**
 * Inboxes checked at once. A check mostly waits on its mail server (without new mail, a dozen
 * round trips: TCP, TLS, login, select, search, logout; some 1.5 s at 100 ms), so one after
 * another a 20 s run reaches 11-14 inboxes. The bench's 200 inboxes 100 ms away with 5 new mails
 * each need 16 to be checked at least every second run: 8 at once reached 80-104 inboxes a run,
 * 16 reach 150-200, 32 all 200 in 10 s. More at once is not free, and the app is one process:
 * each check holds an IMAP connection and up to two fetch batches (FETCH_LIMITS: 16 MiB each),
 * so 16 keep the worst case near 0.5 GiB (the bench's peak on Deno: 157 MiB one at a time, 180
 * with 8, 204 with 16, 230 with 32); every check's Rocket.Chat calls (rooms, messages, uploads)
 * go through the engine's one channel to the server and load it with as many at once; and
 * inboxes on one provider see that many connections from one address, what a few mail clients
 * open, where more could look like abuse.
 */
export const CHECKS_AT_ONCE = 16;

/** Between two tries at the mail check's claim while a push run waits for it. */
const CLAIM_RETRY_MS = 1_000;

/** A run of the push chain (inbound/domain/pushPlan): it listens on the inboxes whose server offers IDLE. */
export interface PushRun {
    /** Epoch ms: listening ends then (BUDGET.pushListen after the run's start). */
    listenUntil: number;
    /** How long to wait for the mail check's claim while another run holds it (a catch-up, another instance). */
    claimWaitMs: number;
}

export interface PollOptions {
    /** Set for a run of the push chain; without, a check of every inbox (the recurring job). */
    push?: PushRun;
    /** The connections kept between push runs (the app process's own, by default). */
    kept?: KeptConnections;
}

/** What a run did, for the push chain to decide on its next run. */
export interface PollOutcome {
    /** Whether it held the mail check (another run did otherwise, and this one checked nothing). */
    ran: boolean;
    /** Inboxes it listened on (IMAP IDLE). */
    listened: number;
    /** Inboxes that are to be pushed (their server offered IDLE at their last check, or was never checked), listened on or not. */
    pushed: number;
    /** The push setting as the run read it (undefined when it checked nothing). */
    pushOn?: boolean;
}

/**
 * An inbox a push run listens on after its check: the connection, the inbox as it logged in, the
 * status its imports go on counting in, and the cursor the check left.
 */
interface Listener {
    mailbox: ImapMailbox;
    inbox: Inbox;
    key: string;
    status: InboxStatus;
    cursor: MailboxCursor | undefined;
}

/**
 * One run of the poll job over every active inbox: bounded by time and by message count, with
 * CHECKS_AT_ONCE inboxes checked at once, fair (each inbox gets a share of the time; the least
 * recently checked go first, so one the last run did not reach comes early in this one), and
 * never losing mail (the cursor moves only past fully handled messages; errors stop the inbox,
 * not the run).
 *
 * Exactly once, with several checks at once: the run holds the 'poll-run' claim until every
 * check it started has ended (also when one failed); each inbox is taken by one check only, which
 * imports its mail in UID order as before; the per-run cap is shared so that the checks together
 * never take more than it (SharedAllowance); and a customer's visitor is created by one check at
 * a time, so that two inboxes meeting a new customer at once find one visitor.
 *
 * A push run (`options.push`) checks the inboxes to be pushed (deliveryPlan) and those polled
 * whose interval has passed, then listens on the first ones (IMAP IDLE) until `listenUntil`,
 * importing announced mail through the same import, from the cursor on, while it still holds the
 * claim: imports and checks share CHECKS_AT_ONCE slots and the run's cap. With push on, the
 * connections of pushed inboxes are kept for the next run (KeptConnections), also by the
 * recurring check.
 */
export async function runPoll(services: InboundServices, startedAt = Date.now(), options: PollOptions = {}): Promise<PollOutcome> {
    const { read, log } = services;
    const inboxes = (await services.inboxes.list()).filter((inbox) => inbox.active);
    if (inboxes.length === 0) return { ran: true, listened: 0, pushed: 0 };
    // One run at a time, across overlapping calls and Rocket.Chat instances: two runs would both import the same mail.
    const claim = await claimMailCheck(services, options.push?.claimWaitMs ?? 0);
    if (!claim) {
        log.info('mail check skipped: another check is still running');
        return { ran: false, listened: 0, pushed: 0 };
    }
    const listeners: Array<Promise<void>> = [];
    try {
        const settings = await readImportSettings(read);
        const pushOn = await readPushEnabled(read);
        const kept = pushOn ? (options.kept ?? keptConnections) : undefined;
        const deadline = Deadline.after(BUDGET.work, startedAt);
        const allowance = new SharedAllowance(settings.maxMessagesPerRun);
        const shared: Omit<RunContext, 'remaining'> = {
            services: withOneVisitorCreationPerAddress(services),
            settings,
            deadline,
            t: translatorFor(await readWorkspaceLanguage(read)),
            inboxAddresses: inboxes.map((inbox) => inbox.email),
        };
        // Only a push run needs the interval (for the inboxes it does not listen on).
        const intervalMs = options.push ? await readPollIntervalMs(read) : 0;
        const plan = await planRun(services, inboxes, startedAt, { pushOn, push: options.push, intervalMs });
        const slots = new Slots(CHECKS_AT_ONCE);
        const due = plan.order.slice(0, plan.due);
        let reached = 0;
        await forEachAtMost(
            due,
            CHECKS_AT_ONCE,
            async (inbox, index) => {
                reached++;
                // Each inbox left gets its share of the time left (with CHECKS_AT_ONCE at a time), so one slow server cannot starve the others.
                const share = Math.max(BUDGET.checkShare, (deadline.remaining() * CHECKS_AT_ONCE) / Math.max(CHECKS_AT_ONCE, due.length - index));
                const check = allowance.forCheck();
                try {
                    const delivery = plan.delivery.get(inbox.id) ?? 'push_off';
                    const listener = await slots.run(() =>
                        pollInbox(inbox, contextOf(shared, check), deadline.atMost(share), { delivery, kept, listen: Boolean(options.push) }),
                    );
                    if (listener && options.push) listeners.push(listen(listener, shared, allowance, slots, options.push.listenUntil, kept));
                } finally {
                    check.release();
                }
            },
            () => deadline.remaining() > BUDGET.checkStart && allowance.left > 0,
        );
        // The inboxes due come first in the order: those past `reached` waited for the next run.
        if (reached < plan.due) {
            log.info(`mail check: ${plan.due - reached} of ${plan.due} inboxes not reached in this run (time or message limit); they come first in the next`);
        }
        return { ran: true, listened: listeners.length, pushed: [...plan.delivery.values()].filter((how) => how === 'push').length, pushOn };
    } finally {
        // The listeners import while they listen: the claim is let go only once every one has ended.
        await Promise.all(listeners);
        await claim.release();
    }
}

/** The mail check's claim, tried again for up to `waitMs` while another run holds it. */
async function claimMailCheck(services: InboundServices, waitMs: number): Promise<HeldClaim | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
        const claim = await services.claims.claim('poll-run', BUDGET.checkClaim);
        if (claim || Date.now() + CLAIM_RETRY_MS > until) return claim;
        await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
    }
}

/**
 * One check's RunContext: the run's, with `remaining` read and spent through the check's share of
 * the run's cap (an accessor, live: a copy of the number would let the checks overrun the cap).
 */
function contextOf(shared: Omit<RunContext, 'remaining'>, check: Allowance): RunContext {
    return {
        ...shared,
        get remaining(): number {
            return check.remaining;
        },
        set remaining(value: number) {
            check.remaining = value;
        },
    };
}

/** A run's plan: the inboxes in the order it checks them, how many of them are due, and how each gets its mail. */
interface RunPlan {
    order: Inbox[];
    due: number;
    delivery: Map<string, 'push' | PollReason>;
}

/**
 * The inboxes in the order this run checks them (domain/concurrentChecks: least recently checked
 * first, the due ones first) and how each gets its mail (domain/pushPlan). A push run checks the
 * inboxes to be pushed every time and the others once their interval has passed.
 */
async function planRun(
    services: InboundServices,
    inboxes: Inbox[],
    startedAt: number,
    options: { pushOn: boolean; push?: PushRun; intervalMs: number },
): Promise<RunPlan> {
    const now = new Date(startedAt);
    const statuses: InboxStatus[] = [];
    await forEachAtMost(inboxes, CHECKS_AT_ONCE, async (inbox, index) => {
        statuses[index] = await services.statuses.get(inbox.id);
    });
    const delivery = deliveryPlan(
        inboxes.map((inbox, index) => ({ id: inbox.id, idle: statuses[index].idle })),
        options.pushOn,
    );
    const candidates: CheckCandidate[] = inboxes.map((inbox, index) => {
        const status = statuses[index];
        const polledAndWaiting = options.push && delivery.get(inbox.id) !== 'push' && !polledInboxDue(status.lastPollAt, options.intervalMs, startedAt);
        return { id: inbox.id, lastCheckedAt: status.lastPollAt, due: isDue(status, now) && !polledAndWaiting };
    });
    const byId = new Map(inboxes.map((inbox) => [inbox.id, inbox]));
    return {
        order: checkOrder(candidates, startedAt).map((id) => byId.get(id) as Inbox),
        due: candidates.filter((candidate) => candidate.due).length,
        delivery,
    };
}

/**
 * The run's services, but with gateways that create a customer's visitor for one check at a time.
 * Two checks meeting a new customer at once would otherwise both find no visitor and both create
 * one: Rocket.Chat then gives the address's visitor the second one's token, and the first check's
 * room no longer takes the customer's messages. In line, the second finds the first's visitor.
 */
function withOneVisitorCreationPerAddress(services: InboundServices): InboundServices {
    const visitors = new KeyedQueue();
    // Everything else is the run's own services (found through the prototype, getters included).
    const wrapped: InboundServices = Object.create(services);
    wrapped.livechatGateway = () => {
        const gateway = services.livechatGateway();
        const visitorFor = gateway.visitorFor.bind(gateway);
        gateway.visitorFor = (email, name, departmentId) => visitors.run(email.trim().toLowerCase(), () => visitorFor(email, name, departmentId));
        return gateway;
    };
    return wrapped;
}

/** How a check treats its inbox: pushed or polled (and why), where connections are kept, and whether the run listens. */
interface CheckMode {
    delivery: 'push' | PollReason;
    /** Connections kept between push runs; absent while push is off. */
    kept?: KeptConnections;
    /** A push run: a pushed inbox whose server offers IDLE is listened on after its check. */
    listen: boolean;
}

/**
 * Checks one inbox: logs in (or takes its kept connection), imports its new mail, records what
 * happened. Returns the inbox to listen on when the run listens and its server offers IDLE; the
 * connection is otherwise kept for the next push run (a pushed inbox, push on) or logged out.
 */
async function pollInbox(inbox: Inbox, context: RunContext, deadline: Deadline, mode: CheckMode): Promise<Listener | undefined> {
    const { statuses, inboxes } = context.services;
    const now = new Date();
    const previous = await statuses.get(inbox.id);
    if (!isDue(previous, now)) return undefined;
    let status: InboxStatus = { ...previous, lastPollAt: now.toISOString() };
    let login: InboxLogin | undefined;
    let opened: { mailbox: ImapMailbox; inbox: Inbox; key: string; cursor: MailboxCursor | undefined } | undefined;
    try {
        // An OAuth2 inbox logs in with its access token, refreshed first when it is about to expire,
        // and once more when the server refuses it. The login is the check's first step: a check
        // run again after a refused token has imported nothing before it.
        login = await context.services.login(inbox, deadline);
        opened = await login.run(async (ready) => {
            const key = KeptConnections.keyOf(ready, context.settings.markAsSeen);
            const mailbox = await connect(ready, context, mode.delivery === 'push' ? mode.kept : undefined, key);
            try {
                const cursor = await importFrom(mailbox, ready, context, deadline, status);
                return { mailbox, inbox: ready, key, cursor };
            } catch (error) {
                await mailbox.close();
                throw error;
            }
        });
        // The successful check is the one that started at `now`: never shown later than the last check.
        const idle = opened.mailbox.supportsIdle;
        status = {
            ...status,
            lastSuccessAt: now.toISOString(),
            consecutiveFailures: 0,
            nextAttemptAt: undefined,
            idle,
            delivery: deliveryOf(mode, idle, now, status.delivery),
        };
    } catch (error) {
        status = await failedCheck(inbox, login?.inbox ?? inbox, context, status, previous, error, now);
    } finally {
        await statuses.save(status);
        await inboxes.removeLeftoversOf(inbox.id);
    }
    if (!opened) return undefined;
    const pushed = mode.delivery === 'push' && opened.mailbox.supportsIdle;
    if (pushed && mode.listen) return { ...opened, status };
    if (pushed && mode.kept) mode.kept.keep(opened.key, opened.mailbox);
    else await opened.mailbox.close();
    return undefined;
}

/**
 * The inbox's folder: through the connection kept from the last push run when there is one and it
 * still answers (one round trip), else a fresh login.
 */
async function connect(inbox: Inbox, context: RunContext, kept: KeptConnections | undefined, key: string): Promise<ImapMailbox> {
    const reused = kept?.take(key);
    if (reused) {
        try {
            reused.useDeadline(commandDeadline(context).earlierOf(Deadline.after(BUDGET.pushReuse)));
            await reused.revalidate();
            reused.useDeadline(commandDeadline(context));
            return reused;
        } catch {
            await reused.close();
        }
    }
    return openMailbox(inbox, context);
}

/** What status records about how the inbox gets its mail, after a successful check. */
function deliveryOf(mode: CheckMode, idle: boolean, now: Date, previous: Delivery | undefined): Delivery | undefined {
    const at = now.toISOString();
    if (mode.delivery !== 'push') return { mode: 'poll', reason: mode.delivery, at };
    if (!idle) return { mode: 'poll', reason: 'no_idle', at };
    // A pushed inbox checked by the recurring job: the push run that listens on it says so.
    return mode.listen ? { mode: 'push', at } : previous;
}

/** The status after a failed check (or a failed import while listening), with the owner told when the inbox got paused. */
async function failedCheck(
    inbox: Inbox,
    loggedIn: Inbox,
    context: RunContext,
    status: InboxStatus,
    previous: InboxStatus,
    error: unknown,
    now: Date,
): Promise<InboxStatus> {
    const { statuses, read, modify, log } = context.services;
    const failure = classifyConnectionError(error, inboxSecrets(loggedIn));
    // Mail-server trouble backs off; Rocket.Chat refusing a chat (no agent online...) is retried at every check.
    const fromMailServer = error instanceof ConnectionError;
    const next: InboxStatus = {
        ...status,
        ...(fromMailServer ? afterFailure(status, now, failure.code === ErrorCode.AuthenticationFailed) : {}),
        lastError: { code: failure.code, detail: failure.detail, at: now.toISOString() },
    };
    // A refused sign-in pauses the inbox as it happens (signin/AccessTokens), and tells the admin.
    if (failure.code === ErrorCode.SignInNeeded) next.paused ??= (await statuses.get(inbox.id)).paused;
    log.error(`inbox ${inbox.name}: mail check failed (${failure.code}): ${failure.detail}`);
    if (next.paused && !previous.paused && failure.code === ErrorCode.AuthenticationFailed) {
        await notifyInboxOwner(
            read,
            modify,
            inbox,
            context.t(inbox.oauth ? 'inbox_paused_oauth' : 'inbox_paused', { name: inbox.name, count: next.consecutiveFailures, detail: failure.detail }),
            log,
        );
    }
    return next;
}

/**
 * Listens on a checked inbox until `until` and imports what its server announces, as a check
 * does: from the cursor on, within the run's cap and deadline, in one of the run's slots. Stops
 * when the inbox was changed, disabled or removed meanwhile (the next run reads it anew), when
 * the run can take no more mail, or at a failed import (recorded as a failed check: the next
 * check starts from the cursor). The cursor and the status are saved as it stops (a mail costs
 * its import and the read of its inbox, nothing more): a run that dies before reads the mails
 * again at the next check, and the Message-ID index makes each a no-op. The connection is then
 * kept for the next run, or logged out. Never throws.
 */
async function listen(
    listener: Listener,
    shared: Omit<RunContext, 'remaining'>,
    allowance: SharedAllowance,
    slots: Slots,
    until: number,
    kept: KeptConnections | undefined,
): Promise<void> {
    const { mailbox, inbox, key } = listener;
    const { statuses, inboxes, cursors, log } = shared.services;
    let status = listener.status;
    // What the check left, to add only this listening's counts to the status as it is then (imports count in `status` in place).
    const before: InboxStatus = { ...status, skippedByReason: { ...status.skippedByReason } };
    let current = true;
    let imported = false;
    let failed = false;
    // A cursor in the middle of an admin's import of older mail goes the whole way at each announcement.
    const progress = listener.cursor && !listener.cursor.rescanSince ? new CursorProgress(cursors, listener.cursor) : undefined;
    try {
        await mailbox.listen(until, async () => {
            const stored = await inboxes.getById(inbox.id);
            current = Boolean(stored && stored.active && stored.updatedAt === inbox.updatedAt);
            if (!current || shared.deadline.passed() || allowance.left <= 0) return false;
            const check = allowance.forCheck();
            const previous = status;
            const now = new Date();
            imported = true;
            try {
                const context = contextOf(shared, check);
                await slots.run(async () => {
                    if (progress) await importAnnounced(mailbox, inbox, context, shared.deadline, status, progress);
                    else await importFrom(mailbox, inbox, context, shared.deadline, status);
                });
                return true;
            } catch (error) {
                failed = true;
                status = await failedCheck(inbox, inbox, contextOf(shared, check), status, previous, error, now);
                return false;
            } finally {
                check.release();
            }
        });
    } catch (error) {
        log.error(`inbox ${inbox.name}: listening for new mail ended: ${classifyConnectionError(error, inboxSecrets(inbox)).detail}`);
    } finally {
        if (imported) {
            const words = (error: unknown) => (error instanceof Error ? error.message : String(error));
            await progress
                ?.save()
                .catch((error: unknown) => log.warn(`inbox ${inbox.name}: its cursor was not saved (the next check reads its mail again): ${words(error)}`));
            // A failed import records the failed check as a check does; otherwise only the counts are added to what is stored now.
            const saving = async () => statuses.save(failed ? status : withCountsAdded(await statuses.get(inbox.id), before, status));
            await saving().catch((error: unknown) => log.warn(`inbox ${inbox.name}: its status was not saved: ${words(error)}`));
        }
        if (current && kept) kept.keep(key, mailbox);
        else await mailbox.close();
        await inboxes.removeLeftoversOf(inbox.id).catch(() => undefined);
    }
}
