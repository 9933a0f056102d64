import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStore } from '../configuration/InboxStore';
import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { ConnectionError } from '../connection/domain/ConnectionError';
import type { AppLog } from '../runtime/AppLog';
import { readOutboundSettings } from '../settings/readSettings';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import { decideRetry, failureKind, isDeliverable, SEND_FAILURE } from './domain/deliveryPolicy';
import type { OutgoingEmail } from './domain/OutgoingEmail';
import type { ClaimStore } from '../persistence/ClaimStore';
import type { AgentNotices } from './AgentNotices';
import type { OutboundServices } from './OutboundServices';
import type { OutboxStore } from './OutboxStore';
import type { SentCopyError } from './OutboxStore';
import { InboxConnections } from './InboxConnections';
import type { FileContent } from './SmtpMailSender';
import { ErrorCode } from '../errors/ErrorCode';

/** The claim a sender holds on an email while it sends it (ClaimStore). */
export function outboxClaim(emailId: string): string {
    return `outbox:${emailId}`;
}

export interface DeliveryReport {
    sent: number;
    waiting: number;
    failed: number;
    /** Emails not attempted because an earlier email of their room is still waiting. */
    held: string[];
    /** Emails another sender (the outbox job, another message's hook, another instance) is sending right now. */
    busy: string[];
}

/**
 * Delivers outbox emails: claims them (ClaimStore, so that no two senders send one email), sends each, and then removes it (accepted), keeps
 * it for a later attempt with backoff (temporary failure) or marks it failed (permanent
 * failure, or retries exhausted), telling the agent what happened. Stops taking emails at
 * `deadline`. Emails of one room go out in order: after one is held back, the later ones of
 * that room wait too.
 */
export class OutboxDelivery {
    private readonly read: IRead;
    private readonly store: OutboxStore;
    private readonly notices: AgentNotices;
    private readonly claims: ClaimStore;
    private readonly inboxes: InboxStore;
    private readonly log: AppLog;

    constructor(
        private readonly services: OutboundServices,
        private readonly deadline: Deadline,
    ) {
        this.read = services.read;
        this.store = services.outbox;
        this.notices = services.notices;
        this.claims = services.claims;
        this.inboxes = services.inboxes;
        this.log = services.log;
    }

    /** Delivers the given emails (oldest first) that are due and not held by another sender. */
    public async deliver(emails: OutgoingEmail[]): Promise<DeliveryReport> {
        const report: DeliveryReport = { sent: 0, waiting: 0, failed: 0, held: [], busy: [] };
        const { retryHours } = await readOutboundSettings(this.read);
        const connections = new InboxConnections(this.services, this.deadline);
        /** Inboxes this run wrote state for (a sent count, an email's attempt). */
        const touched = new Set<string>();
        const heldRooms = new Set<string>();
        const due = emails.filter((email) => isDeliverable(email, new Date()));
        const claimed = new Map(
            (
                await this.claims.claimAll(
                    due.map((email) => ({ name: outboxClaim(email.id), ownerId: email.inboxId })),
                    BUDGET.sendClaim,
                )
            ).map((claim) => [claim.name, claim]),
        );
        try {
            for (const listed of emails) {
                if (this.deadline.passed()) break;
                const email = await this.store.get(listed.id);
                const now = new Date();
                if (!email) continue;
                if (heldRooms.has(email.roomId) && email.state === 'waiting') {
                    report.held.push(email.id);
                    continue;
                }
                if (!isDeliverable(email, now)) {
                    // An earlier reply of the room still to be sent keeps the later ones behind it.
                    if (email.state === 'waiting') heldRooms.add(email.roomId);
                    continue;
                }
                if (!claimed.has(outboxClaim(email.id))) {
                    // Another sender has it now; the later replies of its room wait, to keep their order.
                    report.busy.push(email.id);
                    heldRooms.add(email.roomId);
                    continue;
                }

                touched.add(email.inboxId);
                const inbox = await this.inboxes.getById(email.inboxId);
                try {
                    if (!inbox) throw new ConnectionError(ErrorCode.MessageRejected, 'the inbox of this conversation no longer exists');
                    if (!inbox.active) throw new ConnectionError(ErrorCode.TemporaryFailure, `the inbox ${inbox.name} is disabled`);
                    // The files are read once the inbox can log in (none for an inbox that cannot), and once for a send tried again.
                    let files: FileContent[] | undefined;
                    // A send started late in the run must still end inside the engine's 30 s.
                    const receipt = await connections.send(inbox, async (sender) =>
                        sender.send(email, (files ??= await this.filesOf(email)), this.deadline.plus(BUDGET.lastSend)),
                    );
                    await this.store.remove(email.id);
                    await this.noteSent(email);
                    const copy = inbox.imap.saveSentCopy ? { error: await this.fileCopy(inbox, receipt.raw, connections) } : undefined;
                    await this.store.countSent(email.inboxId, new Date(), copy, email.kind);
                    // The room learns that its acknowledgement went out; of a reply, only that one which had to wait did.
                    if (email.kind === 'acknowledgement') await this.notices.acknowledged(email);
                    else if (email.lastError) await this.notices.deliveredLate(email, new Date());
                    report.sent++;
                } catch (error) {
                    const failure = classifyConnectionError(error);
                    if (SEND_FAILURE[failure.code].concerns === 'server') connections.markUnreachable(email.inboxId, failure);
                    const outcome = await this.recordFailure(email, failure, retryHours, inbox);
                    const where = `inbox ${inbox?.name ?? email.inboxId}: reply to ${email.headers.to} (${email.headers.subject})`;
                    const log = outcome === 'failed' ? this.log.error : this.log.warn;
                    log.call(this.log, `${where} ${outcome === 'failed' ? 'failed' : 'waits for another attempt'} (${failure.code}): ${failure.detail}`);
                    report[outcome]++;
                    heldRooms.add(email.roomId);
                }
            }
        } finally {
            await connections.close();
            for (const claim of claimed.values()) await claim.release();
            for (const inboxId of touched) await this.inboxes.removeLeftoversOf(inboxId);
        }
        return report;
    }

    /** The conversation's log (its Email panel) shows when the reply went out; best effort: the reply is out whatever happens here. */
    private async noteSent(email: OutgoingEmail): Promise<void> {
        try {
            await this.services.conversations.log.sent({ inboxId: email.inboxId, messageId: email.headers.messageId }, new Date());
        } catch (error) {
            this.log.warn(`the sending time of a reply in room ${email.roomId} could not be noted: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    /**
     * Files the sent reply in the inbox's Sent folder; gives back why it could not. The reply is
     * out whatever happens here: a failure is shown in `/email-inbox status`, never retried as a send.
     */
    private async fileCopy(inbox: Inbox, raw: Buffer, connections: InboxConnections): Promise<SentCopyError | undefined> {
        try {
            await connections.copy(inbox, raw, this.deadline.plus(BUDGET.lastCopy));
            return undefined;
        } catch (error) {
            const failure = classifyConnectionError(error, connections.secretsOf(inbox));
            this.log.warn(`inbox ${inbox.name}: a sent reply could not be filed in the Sent folder (${failure.code}): ${failure.detail}`);
            return { code: failure.code, detail: failure.detail, at: new Date().toISOString() };
        }
    }

    /** The email's files from Rocket.Chat's uploads; a file gone since is a permanent failure of the email. */
    private async filesOf(email: OutgoingEmail): Promise<FileContent[]> {
        const files: FileContent[] = [];
        for (const attachment of email.attachments) {
            let content: Buffer;
            try {
                content = await this.read.getUploadReader().getBufferById(attachment.uploadId);
            } catch {
                throw new ConnectionError(ErrorCode.MessageRejected, `the file ${attachment.name} no longer exists in Rocket.Chat`);
            }
            files.push({ filename: attachment.name, contentType: attachment.type, content });
        }
        return files;
    }

    private async recordFailure(email: OutgoingEmail, failure: ConnectionError, retryHours: number, inbox: Inbox | undefined): Promise<'waiting' | 'failed'> {
        const now = new Date();
        const attempts = email.attempts + 1;
        const lastError = { code: failure.code, detail: failure.detail, at: now.toISOString() };
        const decision = decideRetry({ kind: failureKind(failure.code), attempts, createdAt: new Date(email.retryWindowFrom), now, retryHours });
        const inboxName = inbox?.name ?? '';
        if (decision.retry) {
            await this.store.update({
                ...email,
                attempts,
                lastError,
                nextAttemptAt: decision.nextAttemptAt.toISOString(),
                leaseUntil: undefined,
                delayNoticeSent: true,
            });
            if (!email.delayNoticeSent) {
                const until = new Date(new Date(email.retryWindowFrom).getTime() + retryHours * 3_600_000);
                await this.notices.delayed(email, failure, inboxName, until);
            }
            return 'waiting';
        }
        await this.store.update({ ...email, attempts, lastError, state: 'failed', leaseUntil: undefined });
        await this.notices.failed(email, failure, inboxName);
        return 'failed';
    }

    /** The outbox emails of one room, oldest first. */
    public async emailsOfRoom(roomId: string): Promise<OutgoingEmail[]> {
        return (await this.store.list()).filter((email) => email.roomId === roomId);
    }

    /** Every outbox email, oldest first. */
    public list(): Promise<OutgoingEmail[]> {
        return this.store.list();
    }

    /** Makes an inbox's failed and waiting emails due now, with a fresh retry window. */
    public async makeDueAgain(inboxId: string): Promise<OutgoingEmail[]> {
        const now = new Date().toISOString();
        const emails = (await this.store.list()).filter((email) => email.inboxId === inboxId);
        const due = emails.map((email) => ({
            ...email,
            state: 'waiting' as const,
            attempts: 0,
            earlierAttempts: (email.earlierAttempts ?? 0) + email.attempts,
            nextAttemptAt: now,
            retryWindowFrom: now,
            delayNoticeSent: false,
        }));
        for (const email of due) await this.store.update(email);
        return due;
    }
}
