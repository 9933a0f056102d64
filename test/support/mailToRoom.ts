import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { Inbox } from '../../src/configuration/domain/Inbox';
import { translatorFor } from '../../src/i18n/translate';
import { FETCH_LIMITS, planFetchBatches } from '../../src/inbound/domain/fetchPlan';
import { importEmail } from '../../src/inbound/importEmail';
import type { ImportOutcome } from '../../src/inbound/importEmail';
import { parseInboundEmail } from '../../src/inbound/parseInboundEmail';
import type { InboundEmail } from '../../src/mail/domain/InboundEmail';
import { ConversationStore } from '../../src/omnichannel/ConversationStore';
import type { LivechatGateway, NewRoom, PostedMessage } from '../../src/omnichannel/LivechatGateway';
import { SILENT_LOG } from '../../src/runtime/AppLog';
import type { ImportSettings } from '../../src/settings/readSettings';

/**
 * One mail, from its raw bytes to what the agents of its room see, through the app's own code:
 * the fetch plan (a mail over FETCH_LIMITS.wholeMailBytes is read only in part, as the mailbox
 * import does), parseInboundEmail and importEmail. Rocket.Chat is stood in for by a gateway that
 * records what is posted and refuses, as core does, a message longer than Message_MaxAllowedSize;
 * the conversation index is the app's own ConversationStore over an in-memory app storage.
 */
export interface RoomView {
    email: InboundEmail;
    outcome: ImportOutcome;
    /** The visitor the mail was posted as (its name is the room's name). */
    visitor?: { email: string; name: string };
    /** Messages in order: the visitor's (the mail's text) and the app's notes. */
    messages: Array<{ by: 'visitor' | 'app'; text: string }>;
    files: Array<{ filename: string; size: number }>;
}

export const INBOX_ADDRESS = 'support@inbox.example';

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
    maxMessagesPerRun: 50,
    maxAttachmentBytes: 20 * 1_048_576,
    markAsSeen: false,
    stripQuotedReplies: true,
    defaultDepartment: '',
    newConversationsPerSenderPerHour: 0,
    maxMessageLength: 5_000,
};

const INBOX: Inbox = {
    id: 'inbox-1',
    name: 'support',
    email: INBOX_ADDRESS,
    description: '',
    senderInfo: 'Support',
    active: true,
    smtp: { host: 'smtp.inbox.example', port: 465, security: 'ssl', username: 'support', password: 'x', allowUntrustedCertificate: false },
    imap: { host: 'imap.inbox.example', port: 993, security: 'ssl', username: 'support', password: 'x', allowUntrustedCertificate: false, folder: 'INBOX' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'admin',
    updatedBy: 'admin',
};

/** App storage as Rocket.Chat keeps it: reads match associations as a subset, updates the exact list. */
class MemoryStorage {
    private readonly records: Array<{ keys: string[]; data: object }> = [];

    private static keys(associations: RocketChatAssociationRecord[]): string[] {
        return associations.map((association) => `${association.getModel()}:${association.getID()}`);
    }

    public async readByAssociations(associations: RocketChatAssociationRecord[]): Promise<object[]> {
        const wanted = MemoryStorage.keys(associations);
        return this.records.filter((record) => wanted.every((key) => record.keys.includes(key))).map((record) => structuredClone(record.data));
    }

    public async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert = false): Promise<string> {
        const keys = MemoryStorage.keys(associations);
        const existing = this.records.find((record) => record.keys.join('\n') === keys.join('\n'));
        if (existing) existing.data = structuredClone(data);
        else if (upsert) this.records.push({ keys, data: structuredClone(data) });
        return 'id';
    }

    public async removeByAssociations(associations: RocketChatAssociationRecord[]): Promise<object[] | undefined> {
        const wanted = MemoryStorage.keys(associations);
        const removed = this.records.filter((record) => wanted.every((key) => record.keys.includes(key)));
        for (const record of removed) this.records.splice(this.records.indexOf(record), 1);
        return removed.length ? removed.map((record) => record.data) : undefined;
    }
}

/** Rocket.Chat's livechat as the import sees it, recording everything and refusing what core refuses. */
class RecordingLivechat {
    public readonly messages: RoomView['messages'] = [];
    public readonly files: RoomView['files'] = [];
    public visitor?: RoomView['visitor'];
    private rooms = 0;

    constructor(private readonly maxMessageLength: number) {}

    public async visitorFor(email: string, name: string): Promise<{ visitor: IVisitor; isNew: boolean }> {
        this.visitor = { email, name: name || email };
        const visitor = { id: 'visitor-1', token: 'token-1', username: 'email-visitor', name: this.visitor.name, visitorEmails: [{ address: email }] };
        return { visitor: visitor as IVisitor, isNew: true };
    }

    public async room(roomId: string): Promise<{ id: string; isOpen: boolean }> {
        return { id: roomId, isOpen: true };
    }

    public async createRoom(_visitor: IVisitor, _details: NewRoom): Promise<string> {
        return `room-${++this.rooms}`;
    }

    public async postAsVisitor(roomId: string, text: string): Promise<PostedMessage> {
        // Core (sendMessage's validation) refuses a message longer than Message_MaxAllowedSize.
        if (text.length > this.maxMessageLength) throw new Error(`error-message-size-exceeded: ${text.length} > ${this.maxMessageLength}`);
        this.messages.push({ by: 'visitor', text });
        return { messageId: `message-${this.messages.length}`, roomId };
    }

    public async postAsApp(_roomId: string, text: string): Promise<void> {
        this.messages.push({ by: 'app', text });
    }

    public async uploadAsVisitor(_roomId: string, file: { filename: string; content: Buffer }): Promise<void> {
        this.files.push({ filename: file.filename, size: file.content.length });
    }

    public async postedSince(): Promise<{ textMessageId?: string; fileNames: string[] }> {
        return { fileNames: [] };
    }
}

/** Parses a raw mail as the mailbox import does: a mail over the whole-mail limit only in part, without its files. */
export async function parseAsImported(raw: Buffer, size = raw.length): Promise<InboundEmail> {
    const [batch] = planFetchBatches([{ uid: 1, size }]);
    if (!batch.partBytes) return parseInboundEmail(raw);
    const email = await parseInboundEmail(raw.subarray(0, batch.partBytes));
    return { ...email, attachments: [], parseWarnings: [], partlyRead: { size, readBytes: batch.partBytes } };
}

export { FETCH_LIMITS };

/** What the agents see of one raw mail imported into a new conversation. */
export async function mailToRoom(
    raw: Buffer | string,
    options: { settings?: Partial<ImportSettings>; inboxAddresses?: string[]; size?: number } = {},
): Promise<RoomView> {
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const settings = { ...DEFAULT_IMPORT_SETTINGS, ...options.settings };
    const storage = new MemoryStorage();
    const livechat = new RecordingLivechat(settings.maxMessageLength);
    const email = await parseAsImported(bytes, options.size);
    const outcome = await importEmail(email, {
        inbox: INBOX,
        inboxAddresses: options.inboxAddresses ?? [INBOX_ADDRESS],
        settings,
        conversations: new ConversationStore(storage as unknown as IPersistenceRead, storage as unknown as IPersistence),
        // The gateway's public surface, recorded; the real one talks to Rocket.Chat.
        livechat: livechat as unknown as LivechatGateway,
        t: translatorFor('en'),
        log: SILENT_LOG,
    });
    return { email, outcome, visitor: livechat.visitor, messages: livechat.messages, files: livechat.files };
}
