import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import type { OutgoingEmail } from './domain/OutgoingEmail';

const OUTBOX: RecordKind<OutgoingEmail> = { name: 'outbox', ownerOf: (email) => email.inboxId };

/** How many replies an inbox has sent (a display counter for `/email-inbox status`). */
/** Why the last copy could not be filed in the Sent folder. */
export type SentCopyError = { code: string; detail: string; at: string };

interface SentCount {
    inboxId: string;
    /** Agents' replies and closing messages. */
    sent: number;
    /** Acknowledgements of new conversations (absent before the first). */
    acknowledgements?: number;
    lastSentAt?: string;
    /** Set while filing copies in the Sent folder fails (cleared by the next copy that works). */
    sentCopyError?: SentCopyError;
}

const SENT: RecordKind<SentCount> = { name: 'sent-count', ownerOf: (count) => count.inboxId };

/**
 * The outbox in app persistence: emails not yet accepted by an SMTP server (waiting or
 * failed), owned by their inbox so removing the inbox removes them.
 */
export class OutboxStore {
    private readonly emails: RecordStore<OutgoingEmail>;
    private readonly sent: RecordStore<SentCount>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.emails = new RecordStore(OUTBOX, reader, writer);
        this.sent = new RecordStore(SENT, reader, writer);
    }

    /** Every email in the outbox, oldest first (replies of a room go out in the order agents wrote them). */
    public async list(): Promise<OutgoingEmail[]> {
        return (await this.emails.list()).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    }

    public get(id: string): Promise<OutgoingEmail | undefined> {
        return this.emails.get(id);
    }

    /** Adds a new email to the outbox. */
    public add(email: OutgoingEmail): Promise<void> {
        return this.emails.put(email.id, email);
    }

    /** Changes an email still in the outbox; one removed meanwhile (sent by another run) stays removed. */
    public update(email: OutgoingEmail): Promise<void> {
        return this.emails.update(email.id, email);
    }

    public remove(id: string): Promise<void> {
        return this.emails.remove(id);
    }

    public async sentCount(inboxId: string): Promise<SentCount> {
        return (await this.sent.get(inboxId)) ?? { inboxId, sent: 0 };
    }

    /**
     * Counts a delivered email (a reply, or an acknowledgement apart) and, when a copy was filed in the Sent folder, how that went
     * (`copy.error` undefined: it worked). Two senders finishing in the same instant may count
     * one delivery too few: it is a display counter, and no email depends on it.
     */
    public async countSent(inboxId: string, at: Date, copy?: { error?: SentCopyError }, kind: OutgoingEmail['kind'] = 'reply'): Promise<void> {
        const current = await this.sentCount(inboxId);
        const sentCopyError = copy ? copy.error : current.sentCopyError;
        const counts =
            kind === 'acknowledgement' ? { acknowledgements: (current.acknowledgements ?? 0) + 1 } : { sent: current.sent + 1, lastSentAt: at.toISOString() };
        await this.sent.put(inboxId, { ...current, ...counts, sentCopyError });
    }
}
