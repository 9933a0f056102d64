import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError, ConnectionErrorCode } from '../connection/domain/ConnectionError';
import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStatus } from '../configuration/domain/InboxStatus';
import { InboxRepository } from '../configuration/InboxRepository';
import { InboxStatusRepository } from '../configuration/InboxStatusRepository';
import { notifyInboxOwner } from '../configuration/notifyInboxOwner';
import { translatorFor } from '../i18n/translate';
import type { Translator } from '../i18n/translate';
import { ConversationStore } from '../omnichannel/ConversationStore';
import { LivechatGateway } from '../omnichannel/LivechatGateway';
import { readImportSettings, readWorkspaceLanguage } from '../settings/readSettings';
import type { ImportSettings } from '../settings/readSettings';
import { afterFailure, isDue } from './domain/retryPolicy';
import { ImapMailbox } from './ImapMailbox';
import { importEmail } from './importEmail';
import { MailboxCursorStore } from './MailboxCursorStore';
import type { MailboxCursor } from './MailboxCursorStore';
import { parseInboundEmail } from './parseInboundEmail';

/** A run stops taking new mail after this, well inside the engine's 30 s per call. */
export const RUN_BUDGET_MS = 20_000;
/** Messages fetched per IMAP FETCH: small, so memory stays flat whatever the backlog. */
export const FETCH_BATCH = 10;

interface RunContext {
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    settings: ImportSettings;
    deadline: number;
    remaining: number;
    t: Translator;
    inboxAddresses: string[];
}

/**
 * One run of the poll job over every active inbox: bounded by time and by message count,
 * fair (each inbox gets a share of the time, the starting inbox rotates), and never losing
 * mail (the cursor moves only past fully handled messages; errors stop the inbox, not the run).
 */
export async function runPoll(read: IRead, modify: IModify, persis: IPersistence, startedAt = Date.now()): Promise<void> {
    const inboxes = (await new InboxRepository(read.getPersistenceReader()).list()).filter((inbox) => inbox.active);
    if (inboxes.length === 0) return;
    const settings = await readImportSettings(read);
    const context: RunContext = {
        read,
        modify,
        persis,
        settings,
        deadline: startedAt + RUN_BUDGET_MS,
        remaining: settings.maxMessagesPerRun,
        t: translatorFor(await readWorkspaceLanguage(read)),
        inboxAddresses: inboxes.map((inbox) => inbox.email),
    };
    const offset = Math.floor(startedAt / 1000) % inboxes.length;
    const order = [...inboxes.slice(offset), ...inboxes.slice(0, offset)];
    for (const [index, inbox] of order.entries()) {
        const now = Date.now();
        if (now >= context.deadline || context.remaining <= 0) break;
        const share = Math.max(2_000, (context.deadline - now) / (order.length - index));
        await pollInbox(inbox, context, Math.min(context.deadline, now + share));
    }
}

async function pollInbox(inbox: Inbox, context: RunContext, deadline: number): Promise<void> {
    const statuses = new InboxStatusRepository(context.read.getPersistenceReader(), context.persis);
    const now = new Date();
    const previous = await statuses.get(inbox.id);
    if (!isDue(previous, now)) return;
    let status: InboxStatus = { ...previous, lastPollAt: now.toISOString() };
    try {
        await importNewMail(inbox, context, deadline, status);
        status = { ...status, lastSuccessAt: new Date().toISOString(), consecutiveFailures: 0, nextAttemptAt: undefined };
    } catch (error) {
        const failure = classifyConnectionError(error, [inbox.imap.password, inbox.smtp.password]);
        // Mail-server trouble backs off; Rocket.Chat refusing a chat (no agent online...) is retried at every check.
        const fromMailServer = error instanceof ConnectionError;
        status = {
            ...status,
            ...(fromMailServer ? afterFailure(status, now, failure.code === ConnectionErrorCode.AuthenticationFailed) : {}),
            lastError: { code: failure.code, detail: failure.detail, at: now.toISOString() },
        };
        if (status.paused && !previous.paused) {
            await notifyInboxOwner(
                context.read,
                context.modify,
                inbox,
                context.t('inbox_paused', { name: inbox.name, count: status.consecutiveFailures, detail: failure.detail }),
            );
        }
    } finally {
        await statuses.save(status);
    }
}

/**
 * The cursor as the import advances it, written once per batch rather than per mail: a run that
 * dies within a batch reads at most that batch again, and the Message-ID index makes every mail
 * of it that was handled a no-op.
 */
class CursorProgress {
    private savedUid: number;

    constructor(
        private readonly store: MailboxCursorStore,
        public current: MailboxCursor,
    ) {
        this.savedUid = current.lastUid;
    }

    /** Call only once the mail with this UID is fully handled. */
    public advance(uid: number): void {
        this.current = { ...this.current, lastUid: uid, updatedAt: new Date().toISOString() };
    }

    public async save(): Promise<void> {
        if (this.current.lastUid === this.savedUid) return;
        await this.store.save(this.current);
        this.savedUid = this.current.lastUid;
    }
}

interface ImportRun {
    inbox: Inbox;
    context: RunContext;
    deadline: number;
    status: InboxStatus;
    mailbox: ImapMailbox;
    conversations: ConversationStore;
    progress: CursorProgress;
}

/** Imports the given UIDs in order, in small batches, until done, the deadline or the run's cap. */
async function importUids(uids: number[], run: ImportRun): Promise<void> {
    const { inbox, context, status, mailbox, progress } = run;
    const departmentId = inbox.departmentId || context.settings.defaultDepartment || undefined;
    const livechat = new LivechatGateway(context.read, context.modify);
    // Old mail asked for by an admin is not a flood: the per-sender limit is for new mail.
    const settings = progress.current.rescanSince ? { ...context.settings, newConversationsPerSenderPerHour: 0 } : context.settings;
    const stop = () => Date.now() >= run.deadline || context.remaining <= 0;
    for (let start = 0; start < uids.length && !stop(); start += FETCH_BATCH) {
        await progress.save();
        const batch = uids.slice(start, start + Math.min(FETCH_BATCH, context.remaining));
        for (const message of await mailbox.fetch(batch)) {
            if (stop()) return;
            const email = await parseInboundEmail(message.source);
            const outcome = await importEmail(email, {
                inbox,
                inboxAddresses: context.inboxAddresses,
                departmentId,
                settings,
                conversations: run.conversations,
                livechat,
                t: context.t,
            });
            if (outcome.kind === 'imported') status.imported++;
            if (outcome.kind === 'skipped') {
                status.skipped++;
                status.skippedByReason = { ...status.skippedByReason, [outcome.reason]: (status.skippedByReason?.[outcome.reason] ?? 0) + 1 };
            }
            if (context.settings.markAsSeen && outcome.kind === 'imported') await mailbox.markSeen(message.uid);
            progress.advance(message.uid);
            context.remaining--;
        }
    }
}

async function importNewMail(inbox: Inbox, context: RunContext, deadline: number, status: InboxStatus): Promise<void> {
    const cursors = new MailboxCursorStore(context.read.getPersistenceReader(), context.persis);
    const conversations = new ConversationStore(context.read.getPersistenceReader(), context.persis);
    const mailbox = await ImapMailbox.open(inbox.imap, inbox.imap.folder, { writable: context.settings.markAsSeen });
    try {
        const identity = mailbox.identity;
        let cursor = await cursors.get(inbox.id);
        if (!cursor) {
            // A new inbox starts with the mail that arrives from now on.
            await cursors.save({ inboxId: inbox.id, uidValidity: identity.uidValidity, lastUid: identity.uidNext - 1, updatedAt: new Date().toISOString() });
            return;
        }
        if (cursor.uidValidity === '') {
            // An import asked for before the first check: this check meets the folder.
            cursor = { ...cursor, uidValidity: identity.uidValidity };
        } else if (cursor.uidValidity !== identity.uidValidity) {
            // The folder was renumbered: its old UIDs mean nothing. Rescan from a day before the last
            // check; the Message-ID index keeps what was imported before from coming in twice.
            const since = new Date(Date.parse(cursor.updatedAt) - 86_400_000).toISOString();
            cursor = { inboxId: inbox.id, uidValidity: identity.uidValidity, lastUid: 0, rescanSince: since, updatedAt: new Date().toISOString() };
            await cursors.save(cursor);
        }
        const progress = new CursorProgress(cursors, cursor);
        const afterUid = cursor.lastUid;
        const uids = cursor.rescanSince
            ? (await mailbox.uidsSince(new Date(cursor.rescanSince))).filter((uid) => uid > afterUid)
            : await mailbox.uidsAfter(afterUid);
        try {
            await importUids(uids, { inbox, context, deadline, status, mailbox, conversations, progress });
        } finally {
            await progress.save();
        }
        cursor = progress.current;
        if (uids.length > 0 && cursor.lastUid < uids[uids.length - 1]) return;
        if (cursor.rescanSince) {
            // Rescan finished: from here on, only mail above the folder's current end is new.
            await cursors.save({
                inboxId: inbox.id,
                uidValidity: cursor.uidValidity,
                lastUid: Math.max(cursor.lastUid, identity.uidNext - 1),
                updatedAt: new Date().toISOString(),
            });
        }
    } finally {
        await mailbox.close();
    }
}
