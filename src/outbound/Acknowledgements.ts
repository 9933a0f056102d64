import { createHash } from 'crypto';

import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { fillAcknowledgement } from '../configuration/domain/acknowledgementTemplate';
import type { Inbox } from '../configuration/domain/Inbox';
import { normalizeSubject } from '../mail/domain/subject';
import type { ThreadState } from '../omnichannel/ConversationStore';
import { RecordStore } from '../persistence/RecordStore';
import type { RecordKind } from '../persistence/RecordStore';
import { composeAcknowledgement } from './domain/composeAcknowledgement';
import { enqueueEmail } from './enqueueEmail';
import type { OutboundServices } from './OutboundServices';

/** When a sender last got an inbox's acknowledgement (for "at most once per sender per N days"). */
interface SenderAcknowledged {
    inboxId: string;
    address: string;
    at: number;
}

const SENDER_ACKNOWLEDGED: RecordKind<SenderAcknowledged> = { name: 'ack-sender', ownerOf: (entry) => entry.inboxId };

/**
 * The outbox id, and so the Message-ID's local part, of the acknowledgement of one customer mail:
 * derived from the inbox and that mail, so that a run finishing an interrupted import finds the
 * acknowledgement it queued before instead of writing another.
 */
export function acknowledgementId(inboxId: string, customerMessageId: string): string {
    const hex = createHash('sha256').update(`acknowledgement\n${inboxId}\n${customerMessageId}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Writes the acknowledgements of new conversations to the outbox (the import's Acknowledger),
 * where they are sent with retries like any reply and never sent twice (OutboxDelivery's claims).
 * Once per customer mail: its Message-ID is indexed before the outbox entry (enqueueEmail), and
 * a mail whose acknowledgement is indexed gets none again; so a run that dies between the two
 * loses that one acknowledgement rather than sending it twice. Once per sender per the inbox's
 * days: the time of the last one is kept per inbox and address. `queued` lists what this
 * instance queued, for the caller to send at once.
 */
export class Acknowledgements {
    readonly queued: string[] = [];
    private readonly senders: RecordStore<SenderAcknowledged>;

    constructor(
        private readonly services: Pick<OutboundServices, 'conversations' | 'outbox'>,
        reader: IPersistenceRead,
        writer: IPersistence,
    ) {
        this.senders = new RecordStore(SENDER_ACKNOWLEDGED, reader, writer);
    }

    public async acknowledge(request: {
        inbox: Inbox;
        thread: ThreadState;
        customerName: string;
        subject: string;
        messageId: string;
    }): Promise<'queued' | 'already' | 'recently'> {
        const { inbox, thread } = request;
        const settings = inbox.acknowledgement;
        if (!settings?.enabled) return 'recently';
        const now = new Date();
        const key = `${inbox.id}:${thread.visitorEmail}`;
        const filled = fillAcknowledgement(settings, {
            customer: request.customerName || thread.visitorEmail,
            subject: normalizeSubject(request.subject),
            inbox: inbox.senderInfo || inbox.name,
        });
        const email = composeAcknowledgement({ id: acknowledgementId(inbox.id, request.messageId), now, inbox, thread, ...filled });
        if (await this.services.conversations.message(inbox.id, email.headers.messageId)) {
            await this.senders.put(key, { inboxId: inbox.id, address: thread.visitorEmail, at: now.getTime() });
            return 'already';
        }
        const last = await this.senders.get(key);
        if (last && now.getTime() - last.at < settings.perSenderDays * 86_400_000) return 'recently';
        await enqueueEmail(this.services, email, thread);
        await this.senders.put(key, { inboxId: inbox.id, address: thread.visitorEmail, at: now.getTime() });
        this.queued.push(email.id);
        return 'queued';
    }
}
