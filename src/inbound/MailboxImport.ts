import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { redactSecrets } from '../connection/domain/redactSecrets';
import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStatus } from '../configuration/domain/InboxStatus';
import { notifyInboxOwner } from '../configuration/notifyInboxOwner';
import type { Translator } from '../i18n/translate';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import type { ConversationStore } from '../omnichannel/ConversationStore';
import { AppError } from '../errors/AppError';
import { ErrorCode } from '../errors/ErrorCode';
import type { LivechatGateway } from '../omnichannel/LivechatGateway';
import type { ImportSettings } from '../settings/readSettings';
import { FETCH_LIMITS, planFetchBatches } from './domain/fetchPlan';
import type { InboundEmail } from '../mail/domain/InboundEmail';
import { afterAnotherFailure, MAIL_FAILURE, maySetAside } from './domain/setAsidePolicy';
import { CursorProgress } from './CursorProgress';
import { ImapMailbox } from './ImapMailbox';
import type { FetchedMessage } from './ImapMailbox';
import { importEmail } from './importEmail';
import type { ImportOutcome } from './importEmail';
import { parseInboundEmail } from './parseInboundEmail';
import type { SetAsideMail } from './SetAsideMailStore';
import type { SetAsideMailStore } from './SetAsideMailStore';
import type { MailboxCursor } from './MailboxCursorStore';
import type { InboundServices } from './InboundServices';
import { inboxSecrets } from '../configuration/domain/Inbox';

/**
 * Marks a promise that is started ahead of its use as handled, so that a run that stops before
 * awaiting it (deadline, error) does not end with an unhandled rejection, which would end the
 * app's process. Whoever awaits it still gets its error.
 */
function handledLater<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => undefined);
    return promise;
}

/** What one poll run shares between its inboxes. */
export interface RunContext {
    services: InboundServices;
    settings: ImportSettings;
    deadline: Deadline;
    /** Messages this run may still take. */
    remaining: number;
    t: Translator;
    inboxAddresses: string[];
}

/** A mail that failed again at a check where it may be set aside, if the mail after it goes in. */
interface Suspect {
    uid: number;
    email: InboundEmail;
    error: unknown;
    detail: string;
    /** Checks in a row at which it failed, this one included. */
    failures: number;
}

class ImportRun {
    private readonly livechat: LivechatGateway;
    private readonly setAside: SetAsideMailStore;
    private readonly settings: ImportSettings;

    constructor(
        private readonly inbox: Inbox,
        private readonly context: RunContext,
        private readonly deadline: Deadline,
        private readonly status: InboxStatus,
        private readonly mailbox: ImapMailbox,
        private readonly conversations: ConversationStore,
        private readonly progress: CursorProgress,
    ) {
        this.livechat = context.services.livechatGateway();
        this.setAside = context.services.setAside;
        // Old mail asked for by an admin is not a flood: the per-sender limit is for new mail.
        this.settings = progress.current.rescanSince ? { ...context.settings, newConversationsPerSenderPerHour: 0 } : context.settings;
    }

    private stopped(): boolean {
        return this.deadline.passed() || this.context.remaining <= 0;
    }

    private import(email: InboundEmail): Promise<ImportOutcome> {
        return importEmail(email, {
            inbox: this.inbox,
            inboxAddresses: this.context.inboxAddresses,
            departmentId: this.inbox.departmentId || this.context.settings.defaultDepartment || undefined,
            settings: this.settings,
            conversations: this.conversations,
            livechat: this.livechat,
            t: this.context.t,
            log: this.context.services.log,
            // Older mail imported on request (or a renumbered folder rescanned) is history: nobody is acknowledged for it.
            acknowledger: this.progress.current.rescanSince ? undefined : this.context.services.acknowledgements,
        });
    }

    private count(outcome: ImportOutcome): void {
        const status = this.status;
        if (outcome.kind === 'imported') status.imported++;
        if (outcome.kind === 'duplicate') status.duplicates = (status.duplicates ?? 0) + 1;
        if (outcome.kind === 'skipped') {
            status.skipped++;
            status.skippedByReason = { ...status.skippedByReason, [outcome.reason]: (status.skippedByReason?.[outcome.reason] ?? 0) + 1 };
        }
    }

    /** Why a mail failed, for status and the admin, free of the inbox's passwords. */
    private describe(error: unknown): string {
        const secrets = inboxSecrets(this.inbox);
        return error instanceof AppError ? redactSecrets(error.detail, secrets) : classifyConnectionError(error, secrets).detail;
    }

    /** The mail after the cursor (since its rescan date, during one), as much as the run may take. */
    public async importAfterCursor(): Promise<void> {
        const { lastUid, rescanSince } = this.progress.current;
        const next = await this.mailbox.nextUids(lastUid, { since: rescanSince ? new Date(rescanSince) : undefined, limit: this.context.remaining });
        await this.importUids(next.uids);
        const handledAll = next.uids.length === 0 || this.progress.current.lastUid >= next.uids[next.uids.length - 1];
        // Everything the page covers is handled: nothing below its end is left to import.
        if (handledAll && next.searchedThrough > this.progress.current.lastUid) this.progress.advance(next.searchedThrough);
    }

    /**
     * Imports the given UIDs in order, in small batches, until done, the deadline or the run's
     * cap. Throws when a mail cannot go in (the cursor stays before it), unless it may be set
     * aside and a mail after it goes into a room (skipped or known mail proves nothing).
     */
    public async importUids(uids: number[]): Promise<void> {
        let suspect: Suspect | undefined;
        let undecided: Array<{ message: FetchedMessage; outcome: ImportOutcome | undefined }> = [];
        for await (const { message, email } of this.mails(uids)) {
            if (this.stopped()) break;
            await this.progress.saveWhenBehind(FETCH_LIMITS.mails);
            if (message.gone) {
                // Expunged since it was listed: nothing arrived, so there is nothing to import or count.
                if (suspect) undecided.push({ message, outcome: undefined });
                else await this.finish(message, undefined);
                continue;
            }
            let outcome: ImportOutcome;
            try {
                assertComplete(message);
                outcome = await this.import(email);
            } catch (error) {
                // A mail after a suspect failing too means trouble for every mail: hold at the suspect.
                if (suspect) throw this.holdAt(suspect);
                const detail = this.describe(error);
                const held = afterAnotherFailure(this.progress.current.held, { uid: message.uid, error: detail }, new Date());
                const candidate = { uid: message.uid, email, error, detail, failures: held.failures };
                if (MAIL_FAILURE[codeOf(error)] === 'waits' || !maySetAside(held)) throw this.holdAt(candidate);
                suspect = candidate;
                continue;
            }
            if (suspect && outcome.kind !== 'imported') {
                undecided.push({ message, outcome });
                continue;
            }
            if (suspect) {
                await this.setMailAside(suspect);
                this.progress.advance(suspect.uid);
                for (const earlier of undecided) await this.finish(earlier.message, earlier.outcome);
                suspect = undefined;
                undecided = [];
            }
            await this.finish(message, outcome);
        }
        if (suspect) throw this.holdAt(suspect);
    }

    /**
     * The mails of these UIDs (as many as the run may take), in order, parsed, fetched in batches
     * bounded in count and bytes (domain/fetchPlan). The next batch is fetched and the next mail
     * parsed while the current one goes into Rocket.Chat, whose calls mostly wait on the engine.
     */
    private async *mails(uids: number[]): AsyncGenerator<{ message: FetchedMessage; email: InboundEmail }> {
        const batches = planFetchBatches(await this.mailbox.sizes(uids.slice(0, this.context.remaining)));
        const fetchBatch = (index: number) =>
            index < batches.length ? handledLater(this.mailbox.fetch(batches[index].uids, { partBytes: batches[index].partBytes })) : undefined;
        let next = fetchBatch(0);
        for (let index = 0; next; index++) {
            const messages = await next;
            next = fetchBatch(index + 1);
            const partBytes = batches[index].partBytes;
            const parse = (at: number) => (at < messages.length ? handledLater(this.parse(messages[at], partBytes)) : undefined);
            let parsing = parse(0);
            for (const [at, message] of messages.entries()) {
                const email = await (parsing as Promise<InboundEmail>);
                parsing = parse(at + 1);
                yield { message, email };
            }
        }
    }

    /** A mail read only in part keeps its text; its files, cut off, stay in the mailbox and the room is told. */
    private async parse(message: FetchedMessage, partBytes?: number): Promise<InboundEmail> {
        const email = await parseInboundEmail(message.source);
        if (!partBytes) return email;
        return { ...email, attachments: [], parseWarnings: [], partlyRead: { size: message.size, readBytes: partBytes } };
    }

    /** `outcome` is undefined for a mail that was gone from the server. */
    private async finish(message: FetchedMessage, outcome: ImportOutcome | undefined): Promise<void> {
        if (outcome) this.count(outcome);
        if (this.context.settings.markAsSeen && outcome?.kind === 'imported') await this.mailbox.markSeen(message.uid);
        this.progress.advance(message.uid);
        this.context.remaining--;
    }

    /** Records where the import stops, and gives back the error to throw. */
    private holdAt(suspect: Suspect): unknown {
        this.progress.holdAt({
            uid: suspect.uid,
            error: suspect.detail,
            from: suspect.email.from?.address,
            subject: suspect.email.subject,
            code: codeOf(suspect.error),
            waitsForWorkspace: MAIL_FAILURE[codeOf(suspect.error)] === 'waits',
        });
        return suspect.error;
    }

    private async setMailAside(suspect: Suspect): Promise<void> {
        const mail: SetAsideMail = {
            inboxId: this.inbox.id,
            uidValidity: this.progress.current.uidValidity,
            uid: suspect.uid,
            messageId: suspect.email.messageId,
            from: suspect.email.from?.address,
            subject: suspect.email.subject,
            error: suspect.detail,
            failures: suspect.failures,
            setAsideAt: new Date().toISOString(),
        };
        await this.setAside.save(mail);
        this.context.services.log.warn(
            `inbox ${this.inbox.name}: mail UID ${mail.uid} from ${mail.from ?? '?'} set aside after ${mail.failures} failed checks: ${mail.error}`,
        );
        await notifyInboxOwner(
            this.context.services.read,
            this.context.services.modify,
            this.inbox,
            this.context.t('mail_set_aside', {
                name: this.inbox.name,
                from: mail.from ?? '?',
                subject: mail.subject || '—',
                uid: mail.uid,
                failures: mail.failures,
                error: mail.error,
            }),
            this.context.services.log,
        );
    }

    /** Set-aside mails an admin asked to try again: in their room now, or still set aside with the new reason. */
    public async retrySetAside(): Promise<void> {
        const requested = (await this.setAside.ofInbox(this.inbox.id)).filter((mail) => mail.retryRequested);
        const current = requested.filter((mail) => mail.uidValidity === this.progress.current.uidValidity);
        for (const mail of requested.filter((candidate) => !current.includes(candidate))) {
            await this.setAside.save({ ...mail, retryRequested: false, error: this.context.t('set_aside_renumbered') });
        }
        for (const batch of planFetchBatches(await this.mailbox.sizes(current.map((mail) => mail.uid)))) {
            if (this.stopped()) return;
            const fetched = new Map((await this.mailbox.fetch(batch.uids, { partBytes: batch.partBytes })).map((message) => [message.uid, message]));
            for (const mail of current.filter((candidate) => batch.uids.includes(candidate.uid))) {
                await this.retryOne(mail, fetched.get(mail.uid), batch.partBytes);
            }
        }
    }

    private async retryOne(mail: SetAsideMail, message: FetchedMessage | undefined, partBytes?: number): Promise<void> {
        if (!message || message.gone) {
            await this.setAside.save({ ...mail, retryRequested: false, error: this.context.t('set_aside_gone') });
            return;
        }
        try {
            assertComplete(message);
            this.count(await this.import(await this.parse(message, partBytes)));
            await this.setAside.remove(mail);
        } catch (error) {
            await this.setAside.save({ ...mail, retryRequested: false, error: this.describe(error), failures: mail.failures + 1 });
        }
        this.context.remaining--;
    }
}

/** The code of whatever a mail's import threw: the app's own errors carry one; anything else is unknown. */
function codeOf(error: unknown): ErrorCode {
    return error instanceof AppError ? error.code : ErrorCode.Unknown;
}

function assertComplete(message: FetchedMessage): void {
    // Never posted cut or with a damaged file: held like a mail Rocket.Chat refused, tried again at later checks.
    if (message.notReturned) throw new AppError(ErrorCode.MailNotReturned, 'the server lists this mail but left it out of its answer twice; it was not posted');
    if (message.damaged) {
        const { expectedBytes, receivedBytes } = message.damaged;
        throw new AppError(
            ErrorCode.MailDamaged,
            `the mail arrived with ${receivedBytes} bytes instead of the ${expectedBytes} the server announced, twice; it was not posted`,
        );
    }
}

/**
 * Imports an inbox's new mail within the deadline: meets a new folder (noting where it ends),
 * follows a renumbered one (rescan by date), finishes a requested import of older mail, and
 * retries set-aside mail an admin asked for.
 */
export async function importNewMail(inbox: Inbox, context: RunContext, deadline: Deadline, status: InboxStatus): Promise<void> {
    const mailbox = await openMailbox(inbox, context);
    try {
        await importFrom(mailbox, inbox, context, deadline, status);
    } finally {
        await mailbox.close();
    }
}

/**
 * The inbox's folder, opened for a run. Its commands must be answered by the run's deadline
 * plus the last step's time: the inbox's share only says when to stop taking mail, and the
 * server step it is on then may run a little past the whole run's deadline, never past the
 * engine's 30 s.
 */
export function openMailbox(inbox: Inbox, context: RunContext): Promise<ImapMailbox> {
    return ImapMailbox.open(inbox.imap, inbox.imap.folder, { writable: context.settings.markAsSeen, deadline: commandDeadline(context) });
}

/** What every command of a run's connection must be answered by (see openMailbox). */
export function commandDeadline(context: RunContext): Deadline {
    return context.deadline.plus(BUDGET.lastStep);
}

/**
 * `importNewMail` through a connection that is open already (a push run checks through the one
 * it then listens on, and keeps it for the next run): the same steps, from the cursor on. Returns
 * the cursor as it left it (none for a folder met for the first time).
 */
export async function importFrom(
    mailbox: ImapMailbox,
    inbox: Inbox,
    context: RunContext,
    deadline: Deadline,
    status: InboxStatus,
): Promise<MailboxCursor | undefined> {
    const { cursors, conversations } = context.services;
    await mailbox.beforeImport();
    const identity = mailbox.identity;
    let cursor = await cursors.get(inbox.id);
    const request = await cursors.importRequest(inbox.id);
    if (request) {
        // An admin asked to import the mail already in the folder since a day: scan it from the start.
        cursor = { inboxId: inbox.id, uidValidity: identity.uidValidity, lastUid: 0, rescanSince: request.since, updatedAt: new Date().toISOString() };
        await cursors.save(cursor);
        await cursors.removeImportRequest(inbox.id);
    }
    if (!cursor) {
        // A new inbox starts with the mail that arrives from now on.
        await cursors.save({ inboxId: inbox.id, uidValidity: identity.uidValidity, lastUid: identity.uidNext - 1, updatedAt: new Date().toISOString() });
        return undefined;
    }
    if (cursor.uidValidity !== identity.uidValidity) {
        // The folder was renumbered: its old UIDs mean nothing. Rescan from a day before the last
        // check; the Message-ID index keeps what was imported before from coming in twice.
        const since = new Date(Date.parse(cursor.updatedAt) - 86_400_000).toISOString();
        cursor = { inboxId: inbox.id, uidValidity: identity.uidValidity, lastUid: 0, rescanSince: since, updatedAt: new Date().toISOString() };
        await cursors.save(cursor);
    }
    const progress = new CursorProgress(cursors, cursor);
    const run = new ImportRun(inbox, context, deadline, status, mailbox, conversations, progress);
    try {
        await run.retrySetAside();
        await run.importAfterCursor();
    } finally {
        await progress.save();
    }
    if (progress.current.rescanSince && progress.current.lastUid >= identity.uidNext - 1) {
        // Rescan finished: from here on, only mail above the folder's current end is new.
        const finished = { ...progress.current, rescanSince: undefined, updatedAt: new Date().toISOString() };
        await cursors.save(finished);
        return finished;
    }
    return progress.current;
}

/**
 * What a push run imports when the server announces new mail: the mail after the cursor the
 * run holds (the check it made just before left it, and only the run holding the mail check's
 * claim moves it), without the admin's requests (older mail, set-aside mail tried again: the next
 * check takes them, within seconds). The cursor is saved by the caller when it stops listening,
 * and every batch on the way: a run that dies meanwhile reads those mails again, and the
 * Message-ID index makes each a no-op.
 */
export async function importAnnounced(
    mailbox: ImapMailbox,
    inbox: Inbox,
    context: RunContext,
    deadline: Deadline,
    status: InboxStatus,
    progress: CursorProgress,
): Promise<void> {
    await mailbox.beforeImport();
    await new ImportRun(inbox, context, deadline, status, mailbox, context.services.conversations, progress).importAfterCursor();
}
