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
import { checkOrder, forEachAtMost, KeyedQueue, SharedAllowance } from './domain/concurrentChecks';
import type { Allowance, CheckCandidate } from './domain/concurrentChecks';
import { importNewMail } from './MailboxImport';
import type { RunContext } from './MailboxImport';
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
        const deadline = Deadline.after(BUDGET.work, startedAt);
        const allowance = new SharedAllowance(settings.maxMessagesPerRun);
        const shared: Omit<RunContext, 'remaining'> = {
            services: withOneVisitorCreationPerAddress(services),
            settings,
            deadline,
            t: translatorFor(await readWorkspaceLanguage(read)),
            inboxAddresses: inboxes.map((inbox) => inbox.email),
        };
        const { order, due } = await inOrderOfLastCheck(services, inboxes, startedAt);
        let reached = 0;
        await forEachAtMost(
            order,
            CHECKS_AT_ONCE,
            async (inbox, index) => {
                reached++;
                // Each inbox left gets its share of the time left (with CHECKS_AT_ONCE at a time), so one slow server cannot starve the others.
                const share = Math.max(BUDGET.checkShare, (deadline.remaining() * CHECKS_AT_ONCE) / Math.max(CHECKS_AT_ONCE, order.length - index));
                const check = allowance.forCheck();
                try {
                    await pollInbox(inbox, contextOf(shared, check), deadline.atMost(share));
                } finally {
                    check.release();
                }
            },
            () => deadline.remaining() > BUDGET.checkStart && allowance.left > 0,
        );
        // The inboxes due come first in the order: those past `reached` waited for the next run.
        if (reached < due) {
            log.info(`mail check: ${due - reached} of ${due} inboxes not reached in this run (time or message limit); they come first in the next`);
        }
    } finally {
        await claim.release();
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

/** The inboxes in the order this run checks them (domain/concurrentChecks: least recently checked first), and how many are due. */
async function inOrderOfLastCheck(services: InboundServices, inboxes: Inbox[], startedAt: number): Promise<{ order: Inbox[]; due: number }> {
    const now = new Date(startedAt);
    const candidates: CheckCandidate[] = [];
    await forEachAtMost(inboxes, CHECKS_AT_ONCE, async (inbox, index) => {
        const status = await services.statuses.get(inbox.id);
        candidates[index] = { id: inbox.id, lastCheckedAt: status.lastPollAt, due: isDue(status, now) };
    });
    const byId = new Map(inboxes.map((inbox) => [inbox.id, inbox]));
    return { order: checkOrder(candidates, startedAt).map((id) => byId.get(id) as Inbox), due: candidates.filter((candidate) => candidate.due).length };
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

async function pollInbox(inbox: Inbox, context: RunContext, deadline: Deadline): Promise<void> {
    const { statuses, read, modify, log } = context.services;
    const now = new Date();
    const previous = await statuses.get(inbox.id);
    if (!isDue(previous, now)) return;
    let status: InboxStatus = { ...previous, lastPollAt: now.toISOString() };
    let login: InboxLogin | undefined;
    try {
        // An OAuth2 inbox logs in with its access token, refreshed first when it is about to expire,
        // and once more when the server refuses it. The login is the check's first step: a check
        // run again after a refused token has imported nothing before it.
        login = await context.services.login(inbox, deadline);
        await login.run((ready) => importNewMail(ready, context, deadline, status));
        // The successful check is the one that started at `now`: never shown later than the last check.
        status = { ...status, lastSuccessAt: now.toISOString(), consecutiveFailures: 0, nextAttemptAt: undefined };
    } catch (error) {
        const failure = classifyConnectionError(error, inboxSecrets(login?.inbox ?? inbox));
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
        await context.services.inboxes.removeLeftoversOf(inbox.id);
    }
}
