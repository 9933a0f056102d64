import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';

import type { Inbox } from '../configuration/domain/Inbox';
import type { Translator } from '../i18n/translate';
import { chooseRoom } from '../omnichannel/domain/chooseRoom';
import { formatInboundMessage } from '../omnichannel/domain/formatInboundMessage';
import type { ConversationStore } from '../omnichannel/ConversationStore';
import { ContactBlockedError } from '../omnichannel/LivechatGateway';
import type { LivechatGateway } from '../omnichannel/LivechatGateway';
import type { ImportSettings } from '../settings/readSettings';
import type { AutomatedReason } from './domain/detectAutomatedMail';
import { conversationCopies } from './domain/conversationCopies';
import { readDeliveryReport } from './domain/deliveryStatus';
import { detectAutomatedMail } from './domain/detectAutomatedMail';
import type { InboundEmail } from './domain/InboundEmail';
import { neutralizeMentions } from './domain/neutralizeMentions';
import { allowNewConversation } from './domain/senderRateLimit';
import { normalizeSubject } from './domain/subject';

export type ImportOutcome =
    | { kind: 'imported'; roomId: string }
    | { kind: 'duplicate'; roomId: string }
    | { kind: 'skipped'; reason: AutomatedReason | 'no_sender' | 'rate_limited' | 'contact_blocked' };

export interface ImportDependencies {
    inbox: Inbox;
    inboxAddresses: string[];
    departmentId?: string;
    settings: ImportSettings;
    conversations: ConversationStore;
    livechat: LivechatGateway;
    t: Translator;
}

/**
 * Turns one parsed email into room messages, exactly once: a Message-ID already done is a
 * no-op; an index entry marked "posting" is written before the room message and "done"
 * after the files, so a run that died in between finds its message in the room instead of
 * posting it twice. Throws when Rocket.Chat refuses: the caller then keeps its cursor.
 */
export async function importEmail(email: InboundEmail, deps: ImportDependencies): Promise<ImportOutcome> {
    try {
        return await importOne(email, deps);
    } catch (error) {
        if (error instanceof ContactBlockedError) return { kind: 'skipped', reason: 'contact_blocked' };
        throw error;
    }
}

async function importOne(email: InboundEmail, deps: ImportDependencies): Promise<ImportOutcome> {
    const { inbox, conversations, livechat } = deps;
    const known = await conversations.message(inbox.id, email.messageId);
    // An agent's reply that came back (copied to the inbox, or a forwarding loop): never a customer's mail.
    if (known?.direction === 'out') return { kind: 'skipped', reason: 'own_message' };
    if (known?.state === 'done') return { kind: 'duplicate', roomId: known.roomId };
    if (known?.state === 'posting' && (await livechat.roomHasEmail(known.roomId, email.messageId))) {
        await conversations.saveMessage({ ...known, state: 'done' });
        return { kind: 'duplicate', roomId: known.roomId };
    }

    const verdict = detectAutomatedMail(email, { inboxAddresses: deps.inboxAddresses });
    if (verdict.automated && verdict.reason === 'bounce') await reportBouncedReply(email, deps);
    if (verdict.automated) return { kind: 'skipped', reason: verdict.reason };
    const sender = email.replyTo[0] ?? email.from;
    if (!sender) return { kind: 'skipped', reason: 'no_sender' };

    const { visitor, isNew } = await livechat.visitorFor(sender.address, sender.name, deps.departmentId);
    const found = await findRoom(email, visitor, isNew, deps);
    if (!found) return { kind: 'skipped', reason: 'rate_limited' };
    const { roomId, firstInRoom, continuesRoomId } = found;
    const thread = firstInRoom ? undefined : await conversations.thread(roomId);
    // Someone the customer copied may answer into the conversation: Rocket.Chat lets only the
    // room's own visitor post there, so their mail is posted as the customer's, saying who wrote it.
    const customer = thread?.visitorEmail ?? sender.address;
    const writtenBySomeoneElse = customer !== sender.address;
    const poster = writtenBySomeoneElse ? ((await livechat.visitorOfRoom(roomId)) ?? visitor) : visitor;
    await conversations.saveMessage({ inboxId: inbox.id, messageId: email.messageId, roomId, direction: 'in', state: 'posting' });

    const limitBytes = deps.settings.maxAttachmentSizeMb * 1_048_576;
    const files = email.attachments.filter((file) => file.size <= limitBytes);
    const skipped = email.attachments.filter((file) => file.size > limitBytes);
    const t = deps.t;
    const formatted = formatInboundMessage(email, {
        firstInRoom,
        stripQuoted: deps.settings.stripQuotedReplies,
        continuesRoomId,
        skipped,
        limitMb: deps.settings.maxAttachmentSizeMb,
        now: new Date(),
        maxLength: deps.settings.maxMessageLength,
        writtenBy: writtenBySomeoneElse ? (sender.name ? `${sender.name} <${sender.address}>` : sender.address) : undefined,
        labels: {
            cc: t('inbound_cc'),
            noText: t('inbound_no_text'),
            continues: (id) => t('inbound_continues', { roomId: id }),
            unreadable: (warnings) => t('inbound_unreadable', { warnings, size: email.rawSize }),
            skippedFile: (name, sizeMb, limitMb) => t('inbound_file_skipped', { name, sizeMb, limitMb }),
            sentAt: (utc) => t('inbound_sent_at', { at: utc }),
            truncated: t('inbound_truncated', { file: t('inbound_full_text_file') }),
            partlyRead: (sizeMb) => t('inbound_partly_read', { sizeMb }),
            writtenBy: (who) => t('inbound_written_by', { who }),
        },
    });
    await livechat.postAsVisitor(roomId, poster, formatted.text, email.messageId);
    const uploads = files.map((file) => ({ filename: file.filename, content: file.content }));
    if (formatted.fullTextAsFile) uploads.push({ filename: t('inbound_full_text_file'), content: Buffer.from(email.text ?? '', 'utf8') });
    const refused: string[] = [];
    for (const upload of uploads) {
        try {
            await livechat.uploadAsVisitor(roomId, poster, upload);
        } catch (error) {
            // Rocket.Chat refuses some files (blocked media types, storage limits): say so, keep the rest.
            refused.push(
                t('inbound_file_refused', { name: neutralizeMentions(upload.filename), reason: error instanceof Error ? error.message : String(error) }),
            );
        }
    }
    if (refused.length > 0) await livechat.postAsVisitor(roomId, poster, refused.join('\n'), `${email.messageId}#files`);

    await conversations.saveThread(
        {
            roomId,
            inboxId: inbox.id,
            visitorEmail: customer,
            subject: thread?.subject || normalizeSubject(email.subject),
            lastInboundMessageId: email.messageId,
            cc: conversationCopies(email, { inboxAddresses: deps.inboxAddresses, customer }),
            references: [...(thread?.references ?? []), ...email.references, email.messageId].filter((id, index, all) => all.indexOf(id) === index).slice(-50),
        },
        // The room stays the customer's; it does not become the latest room of whoever else wrote.
        { alreadyLatestRoom: writtenBySomeoneElse || found.latestRoomId === roomId },
    );
    await conversations.saveMessage({ inboxId: inbox.id, messageId: email.messageId, roomId, direction: 'in', state: 'done' });
    return { kind: 'imported', roomId };
}

/**
 * A bounce of one of the agents' replies (the server accepted it, the customer's server did
 * not) is told in the reply's room, once: otherwise nobody would learn the customer never got it.
 */
async function reportBouncedReply(email: InboundEmail, deps: ImportDependencies): Promise<void> {
    const report = readDeliveryReport(email);
    if (!report.originalMessageId || report.failed.length === 0) return;
    const reply = await deps.conversations.message(deps.inbox.id, report.originalMessageId);
    if (reply?.direction !== 'out') return;
    const text = report.failed
        .map((recipient) =>
            deps.t('inbound_reply_bounced', {
                recipient: recipient.address,
                subject: neutralizeMentions(report.originalSubject ?? ''),
                reason: neutralizeMentions([recipient.status, recipient.diagnostic].filter(Boolean).join(' ')),
            }),
        )
        .join('\n');
    try {
        await deps.livechat.postAsApp(reply.roomId, text);
        await deps.conversations.saveMessage({ inboxId: deps.inbox.id, messageId: email.messageId, roomId: reply.roomId, direction: 'in', state: 'done' });
    } catch {
        // Best effort: a note Rocket.Chat refuses must not hold the inbox; the bounce is still counted.
    }
}

/**
 * The room for this mail; undefined when it would be a new conversation beyond the sender's
 * hourly limit. A visitor Rocket.Chat did not know has no room to continue and no recent
 * conversations (records left from a deleted visitor of that address do not count).
 */
async function findRoom(
    email: InboundEmail,
    visitor: IVisitor,
    visitorIsNew: boolean,
    deps: ImportDependencies,
): Promise<{ roomId: string; firstInRoom: boolean; continuesRoomId?: string; latestRoomId?: string } | undefined> {
    const { inbox, conversations, livechat } = deps;
    let threadedRoom;
    for (const id of [email.inReplyTo, ...[...email.references].reverse()].filter((value): value is string => Boolean(value))) {
        const entry = await conversations.message(inbox.id, id);
        if (entry) {
            threadedRoom = await livechat.room(entry.roomId);
            if (threadedRoom) break;
        }
    }
    let openRoomOfVisitor: string | undefined;
    let latestRoomId: string | undefined;
    const senderAddress = (email.replyTo[0] ?? email.from)?.address;
    if (!threadedRoom?.isOpen && senderAddress && !visitorIsNew) {
        latestRoomId = await conversations.latestRoomOfVisitor(inbox.id, senderAddress);
        if (latestRoomId && (await livechat.room(latestRoomId))?.isOpen) openRoomOfVisitor = latestRoomId;
    }
    const choice = chooseRoom({ threadedRoom, openRoomOfVisitor });
    if (choice.kind === 'existing') return { roomId: choice.roomId, firstInRoom: false, latestRoomId };
    if (senderAddress) {
        const limit = allowNewConversation(
            visitorIsNew ? [] : await conversations.conversationsOpenedBy(inbox.id, senderAddress),
            Date.now(),
            deps.settings.newConversationsPerSenderPerHour,
        );
        if (!limit.allowed) return undefined;
        await conversations.saveConversationsOpenedBy(inbox.id, senderAddress, limit.timestamps);
    }
    const roomId = await livechat.createRoom(visitor, { departmentId: deps.departmentId, inboxId: inbox.id, subject: normalizeSubject(email.subject) });
    return { roomId, firstInRoom: true, continuesRoomId: choice.continuesRoomId };
}
