import type { Inbox } from '../configuration/domain/Inbox';
import type { Translator } from '../i18n/translate';
import { chooseRoom } from '../omnichannel/domain/chooseRoom';
import { formatInboundMessage } from './domain/formatInboundMessage';
import type { ConversationStore } from '../omnichannel/ConversationStore';
import type { MailHeaders, MessageIndexEntry, PostingProgress, ThreadState } from '../omnichannel/ConversationStore';
import type { LoggedEmail } from '../omnichannel/ConversationLog';
import { AppError } from '../errors/AppError';
import { ErrorCode } from '../errors/ErrorCode';
import { textHash } from '../omnichannel/LivechatGateway';
import type { LivechatGateway } from '../omnichannel/LivechatGateway';
import type { AppLog } from '../runtime/AppLog';
import type { ImportSettings } from '../settings/readSettings';
import type { AutomatedReason } from './domain/detectAutomatedMail';
import { conversationCopies, MAX_COPIES } from './domain/conversationCopies';
import { readDeliveryReport } from './domain/deliveryStatus';
import { detectAutomatedMail } from './domain/detectAutomatedMail';
import { filesForRoom, MAX_FILES_PER_MAIL } from './domain/filesForRoom';
import type { EmailAddress, InboundEmail } from '../mail/domain/InboundEmail';
import { neutralizeMentions } from '../mail/domain/neutralizeMentions';
import { allowNewConversation } from './domain/senderRateLimit';
import { spoofingVerdict } from './domain/authenticationResults';
import { noAcknowledgement } from './domain/acknowledgementPolicy';
import type { Acknowledger } from './Acknowledger';
import { redactSecrets } from '../connection/domain/redactSecrets';
import { inboxSecrets } from '../configuration/domain/Inbox';
import { customerAddress } from './domain/customerAddress';
import { normalizeSubject } from '../mail/domain/subject';
import { QUOTE_LIMIT, quotableMail } from '../mail/domain/quotedMail';
import { trimQuotedReply } from './domain/trimQuotedReply';

/** How much of a mail's text is read for its quote: several times what is quoted, as its own quoted history comes off first. */
const QUOTE_READ_LIMIT = 5 * QUOTE_LIMIT;

/** Why a mail was skipped (counted in status, each with its words there). */
export type SkipReason = AutomatedReason | 'no_sender' | 'rate_limited' | 'contact_blocked';

export type ImportOutcome = { kind: 'imported'; roomId: string } | { kind: 'duplicate'; roomId: string } | { kind: 'skipped'; reason: SkipReason };

export interface ImportDependencies {
    inbox: Inbox;
    inboxAddresses: string[];
    departmentId?: string;
    settings: ImportSettings;
    conversations: ConversationStore;
    livechat: LivechatGateway;
    t: Translator;
    log: AppLog;
    /** Where new conversations' acknowledgements go; absent when none are sent (an import of older mail on request). */
    acknowledger?: Acknowledger;
}

/**
 * Turns one parsed email into room messages, exactly once. A Message-ID already done is a
 * no-op. Before its text is posted the mail's index entry is marked "posting" with the text's
 * hash, then each file is recorded as it goes in, and "done" comes last, with everything kept of
 * the mail (its panel entry, headers, the conversation's thread state): a run that died anywhere
 * in between is finished by the next check (the text found again by its hash, the files not yet
 * in uploaded) instead of being posted twice or left half done. Should its room have closed
 * meanwhile, the mail is posted anew where routing puts it. Throws when Rocket.Chat refuses: the
 * caller then keeps its cursor.
 */
export async function importEmail(email: InboundEmail, deps: ImportDependencies): Promise<ImportOutcome> {
    try {
        return await importOne(email, deps);
    } catch (error) {
        if (error instanceof AppError && error.code === ErrorCode.ContactBlocked) return { kind: 'skipped', reason: 'contact_blocked' };
        throw error;
    }
}

async function importOne(email: InboundEmail, deps: ImportDependencies): Promise<ImportOutcome> {
    const { inbox, conversations, livechat } = deps;
    const known = await conversations.message(inbox.id, email.messageId);
    // An agent's reply that came back (copied to the inbox, or a forwarding loop): never a customer's mail.
    if (known?.direction === 'out') return { kind: 'skipped', reason: 'own_message' };
    if (known?.state === 'done') return { kind: 'duplicate', roomId: known.roomId };

    const verdict = detectAutomatedMail(email, { inboxAddresses: deps.inboxAddresses });
    if (verdict.automated && verdict.reason === 'bounce') await reportBouncedReply(email, deps);
    if (verdict.automated) return { kind: 'skipped', reason: verdict.reason };
    const sender = customerAddress(email, deps.inboxAddresses);
    if (!sender) return { kind: 'skipped', reason: 'no_sender' };

    const interrupted = known?.state === 'posting' ? await whatIsPosted(known, deps) : undefined;
    if (interrupted) {
        await finishPosting(email, deps, interrupted);
        await finishMail(email, deps, interrupted, sender, undefined);
        return { kind: 'imported', roomId: interrupted.roomId };
    }

    const found = await findRoom(email, sender, deps);
    if (!found) return { kind: 'skipped', reason: 'rate_limited' };
    let posted: Posting;
    try {
        posted = await postFromStart(email, deps, { ...found, opensConversation: found.firstInRoom }, sender);
    } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.RoomNotWritable)) throw error;
        // The customer's token changed since their room was opened: Rocket.Chat lets the mail in only in a new room.
        const { visitor } = await livechat.visitorFor(sender.address, sender.name, deps.departmentId);
        const roomId = await livechat.createRoom(visitor, { departmentId: deps.departmentId, inboxId: inbox.id, subject: normalizeSubject(email.subject) });
        await conversations.makeLatestRoom(inbox.id, sender.address, roomId);
        posted = await postFromStart(
            email,
            deps,
            { roomId, firstInRoom: true, openedHere: true, continuesRoomId: found.roomId, movedFrom: found.roomId },
            sender,
        );
    }
    await finishPosting(email, deps, posted);
    // A mail that went to another room than found made that room the customer's latest on the way.
    await finishMail(email, deps, posted, sender, posted.roomId === found.roomId ? found.latestRoomId : posted.roomId);
    return { kind: 'imported', roomId: posted.roomId };
}

/** A mail on its way into a room: where, how far, and the files that go with it. */
interface Posting {
    roomId: string;
    progress: PostingProgress;
    /** The mail's index entry as first written: every later write of it names the same room and customer. */
    entry: MessageIndexEntry;
    /** Files already in the room that the progress does not count yet (found after an interruption). */
    filesFoundInRoom: string[];
    /**
     * The room's thread state as this import knows it before posting (none in a room it opened,
     * that of the mail it answers when that mail's entry holds one), so that finishing the mail
     * need not read it; absent when not known.
     */
    thread?: { state: ThreadState | undefined };
}

/** The files a mail brings into its room, in order: those within the limits, and its full text when the message could not hold it. */
function filesToUpload(email: InboundEmail, deps: ImportDependencies, withFullText: boolean): Array<{ filename: string; content: Buffer }> {
    const files = filesForRoom(email.attachments, deps.settings.maxAttachmentBytes).upload.map(({ filename, content }) => ({ filename, content }));
    if (withFullText) files.push({ filename: deps.t('inbound_full_text_file'), content: Buffer.from(email.text ?? '', 'utf8') });
    return files;
}

/**
 * How far an interrupted import got, when it can go on where it stopped: its text is in a room
 * that is still open. Otherwise (nothing got in, or the room was closed meanwhile) the mail is
 * posted from the start, like a new one.
 */
async function whatIsPosted(entry: MessageIndexEntry, deps: ImportDependencies): Promise<Posting | undefined> {
    const progress = entry.progress;
    if (!progress || !(await deps.livechat.room(entry.roomId))?.isOpen) return undefined;
    // Only messages stored since the post began can be this mail's (the app's process runs on
    // Rocket.Chat's own machine, so both read one clock): an earlier mail with the same text is not taken for it.
    const inRoom = await deps.livechat.postedSince(entry.roomId, new Date(progress.startedAt), progress.textHash);
    const textMessageId = progress.textMessageId ?? inRoom.textMessageId;
    if (!textMessageId) return undefined;
    const { inboxId, messageId, roomId, direction, customer } = entry;
    return {
        roomId,
        progress: { ...progress, textMessageId },
        entry: { inboxId, messageId, roomId, direction, state: 'posting', ...(customer && { customer }) },
        filesFoundInRoom: inRoom.fileNames,
    };
}

/**
 * Marks the mail "posting" with its text's hash, then posts the text (a later check finds it by
 * that hash should this run die before the mail is done), and follows it into the room Rocket.Chat
 * really put it in.
 */
async function postFromStart(
    email: InboundEmail,
    deps: ImportDependencies,
    target: FoundRoom & { opensConversation?: boolean; movedFrom?: string },
    sender: EmailAddress,
): Promise<Posting> {
    const { inbox, conversations, livechat } = deps;
    // A room this import opened has no thread state yet; only this run writes an inbox's threads (the poll-run claim).
    const thread = target.firstInRoom ? undefined : target.thread ? target.thread.state : await conversations.thread(target.roomId);
    // Someone the customer copied may answer into the conversation: Rocket.Chat lets only the
    // room's own visitor post there, so their mail is posted as the customer's, saying who wrote it.
    const customer = thread?.visitorEmail ?? sender.address;
    const writtenBy = customer !== sender.address ? (sender.name ? `${sender.name} <${sender.address}>` : sender.address) : undefined;
    const formatted = formatForRoom(email, deps, { ...target, writtenBy });
    const progress: PostingProgress = {
        startedAt: new Date().toISOString(),
        textHash: textHash(formatted.text),
        filesDone: 0,
        withFullText: formatted.fullTextAsFile,
        refused: [],
        ...(target.opensConversation && acknowledges(email, deps, sender) && { acknowledge: true }),
    };
    const entry: MessageIndexEntry = {
        inboxId: inbox.id,
        messageId: email.messageId,
        roomId: target.roomId,
        direction: 'in',
        state: 'posting',
        ...(target.newCustomer && { customer: target.newCustomer }),
    };
    const posting = { ...entry, progress };
    // The entry left in the room the customer's token no longer lets in gives way to this one.
    await (target.movedFrom ? conversations.moveMessage(posting) : conversations.saveMessage(posting));
    // A room opened a moment ago by this import is open: no agent has had it to close it.
    const posted = await livechat.postAsVisitor(target.roomId, formatted.text, deps.departmentId, { justOpened: target.openedHere === true });
    const withMessage = { ...progress, textMessageId: posted.messageId };
    if (posted.roomId !== target.roomId) {
        // The room closed just before the post: Rocket.Chat put the mail into a new room of the
        // customer's, which has none of the email labels. The conversation goes on there.
        const moved = { ...withMessage, acknowledge: undefined };
        const movedEntry = { ...entry, roomId: posted.roomId };
        await conversations.moveMessage({ ...movedEntry, progress: moved });
        await conversations.makeLatestRoom(inbox.id, customer, posted.roomId);
        await livechat.postAsApp(posted.roomId, deps.t('inbound_continues', { roomId: target.roomId }));
        return { roomId: posted.roomId, progress: moved, entry: movedEntry, filesFoundInRoom: [] };
    }
    return { roomId: posted.roomId, progress: withMessage, entry, filesFoundInRoom: [], thread: { state: thread } };
}

/** Uploads the files not in the room yet, recording each, then says which Rocket.Chat refused. */
async function finishPosting(email: InboundEmail, deps: ImportDependencies, posting: Posting): Promise<void> {
    const { conversations, livechat } = deps;
    let progress = posting.progress;
    const found = [...posting.filesFoundInRoom];
    const files = filesToUpload(email, deps, progress.withFullText);
    for (const [index, file] of files.entries()) {
        const already = found.indexOf(file.filename);
        if (index < progress.filesDone) {
            // Counted already: its message in the room is not another file's (two files may share a name).
            if (already >= 0) found.splice(already, 1);
            continue;
        }
        let refused: string | undefined;
        if (already >= 0) {
            // Uploaded just before an interruption, not yet counted.
            found.splice(already, 1);
        } else {
            try {
                await livechat.uploadAsVisitor(posting.roomId, file);
            } catch (error) {
                // Rocket.Chat refuses some files (media types, its size limit): say so, keep the rest.
                refused = deps.t('inbound_file_refused', {
                    name: neutralizeMentions(file.filename),
                    reason: error instanceof Error ? error.message : String(error),
                });
            }
        }
        progress = { ...progress, filesDone: index + 1, refused: [...(progress.refused ?? []), ...(refused ? [refused] : [])] };
        await conversations.saveMessage({ ...posting.entry, progress });
    }
    if (progress.refused?.length) await livechat.postAsApp(posting.roomId, progress.refused.join('\n'));
}

/**
 * Its original headers as agents see them ("Original email headers" on the room message that
 * holds its text): as they arrived (bounded at parsing), any of the inbox's own secrets taken
 * out, with what the receiving server said of the sender.
 */
function originalHeaders(email: InboundEmail, deps: ImportDependencies, roomId: string, roomMessageId: string): MailHeaders | undefined {
    const block = email.originalHeaders;
    if (!block) return undefined;
    const verdict = spoofingVerdict(email.headers['authentication-results'], email.from?.address);
    const summary = verdict.summary;
    return {
        inboxId: deps.inbox.id,
        roomId,
        roomMessageId,
        messageId: email.messageId,
        from: email.from?.address,
        date: email.date && !Number.isNaN(email.date.getTime()) ? email.date.toISOString() : undefined,
        headers: redactSecrets(block.text, inboxSecrets(deps.inbox)),
        size: block.size,
        cut: block.cut,
        ...(summary && {
            authentication: {
                server: summary.authservId,
                spf: summary.spf,
                dkim: summary.dkim,
                dmarc: summary.dmarc,
                ...(verdict.suspicious && { suspicious: { domain: verdict.domain, reason: verdict.reason } }),
            },
        }),
    };
}

/**
 * Marks the mail done, in one write with all that is kept of it: the conversation's thread state
 * (so agents' replies are emailed), its Email panel entry and headers, what a reply quotes of it.
 * The acknowledgement is queued before: a run that dies in between finishes the mail again, and
 * the Acknowledger queues it once. `latestRoomId`: the customer's latest room as found (none when
 * not known).
 */
async function finishMail(
    email: InboundEmail,
    deps: ImportDependencies,
    posting: Posting,
    sender: EmailAddress,
    latestRoomId: string | undefined,
): Promise<void> {
    const { inbox, conversations } = deps;
    const { roomId } = posting;
    const thread = posting.thread ? posting.thread.state : await conversations.thread(roomId);
    const customer = thread?.visitorEmail ?? sender.address;
    const now = new Date();
    const saved: ThreadState = {
        roomId,
        inboxId: inbox.id,
        visitorEmail: customer,
        subject: thread?.subject || normalizeSubject(email.subject),
        lastInboundMessageId: email.messageId,
        cc: conversationCopies(email, { inboxAddresses: deps.inboxAddresses, customer }),
        references: [...(thread?.references ?? []), ...email.references, email.messageId].filter((id, index, all) => all.indexOf(id) === index).slice(-50),
        savedAt: now.toISOString(),
    };
    // The room stays the customer's; it does not become the latest room of whoever else wrote.
    if (customer === sender.address && latestRoomId !== roomId && !posting.entry.customer) await conversations.makeLatestRoom(inbox.id, customer, roomId);
    if (posting.progress.acknowledge && deps.acknowledger) {
        await deps.acknowledger.acknowledge({ inbox, thread: saved, customerName: sender.name, subject: email.subject, messageId: email.messageId });
    }
    const roomMessageId = posting.progress.textMessageId;
    const headers = roomMessageId ? originalHeaders(email, deps, roomId, roomMessageId) : undefined;
    await conversations.saveMessage({
        ...posting.entry,
        state: 'done',
        savedAt: now.toISOString(),
        ...(roomMessageId && { roomMessageId }),
        email: loggedMail(email, deps, roomId),
        ...(headers && { headers }),
        thread: saved,
        // What a reply quotes: the mail it answers (the last one in), without the history that mail quoted itself.
        ...(inbox.quoteLastEmail && { quote: quotableMail(email, trimQuotedReply((email.text ?? '').slice(0, QUOTE_READ_LIMIT)).visible, now) }),
    });
}

/** The mail as the conversation's Email panel lists it: who wrote to whom, when, with which files (bounded like the room's message). */
function loggedMail(email: InboundEmail, deps: ImportDependencies, roomId: string): LoggedEmail {
    const named = (entry: EmailAddress) => (entry.name ? `${entry.name} <${entry.address}>` : entry.address);
    const addresses = (entries: EmailAddress[]) => entries.slice(0, MAX_COPIES).map((entry) => entry.address.toLowerCase());
    return {
        roomId,
        inboxId: deps.inbox.id,
        direction: 'in',
        messageId: email.messageId,
        at: (email.date && !Number.isNaN(email.date.getTime()) ? email.date : new Date()).toISOString(),
        ...(email.from && { from: named(email.from) }),
        to: addresses(email.to),
        cc: addresses(email.cc),
        files: filesForRoom(email.attachments, deps.settings.maxAttachmentBytes).upload.map((file) => file.filename),
    };
}

function formatForRoom(
    email: InboundEmail,
    deps: ImportDependencies,
    target: { firstInRoom: boolean; continuesRoomId?: string; writtenBy?: string },
): ReturnType<typeof formatInboundMessage> {
    const t = deps.t;
    const limitBytes = deps.settings.maxAttachmentBytes;
    const files = filesForRoom(email.attachments, limitBytes);
    return formatInboundMessage(email, {
        warning: spoofingWarning(email, t),
        firstInRoom: target.firstInRoom,
        stripQuoted: deps.settings.stripQuotedReplies,
        continuesRoomId: target.continuesRoomId,
        skipped: files.tooLarge,
        overCount: files.overCount,
        limitBytes,
        now: new Date(),
        maxLength: deps.settings.maxMessageLength,
        writtenBy: target.writtenBy,
        labels: {
            cc: t('inbound_cc'),
            noText: t('inbound_no_text'),
            continues: (id) => t('inbound_continues', { roomId: id }),
            unreadable: (warnings) => t('inbound_unreadable', { warnings, size: email.rawSize }),
            skippedFile: (name, size, limit) => t('inbound_file_skipped', { name, size, limit }),
            overCount: (count, names) => t('inbound_files_over_count', { count, max: MAX_FILES_PER_MAIL, names }),
            sentAt: (utc) => t('inbound_sent_at', { at: utc }),
            truncated: t('inbound_truncated', { file: t('inbound_full_text_file') }),
            partlyRead: (sizeMb) => t('inbound_partly_read', { sizeMb }),
            writtenBy: (who) => t('inbound_written_by', { who }),
        },
    });
}

/**
 * Whether the new conversation this mail opens is acknowledged: its inbox acknowledges, the mail
 * is no list's, robot's or forged sender's (domain/acknowledgementPolicy), and the import sends
 * acknowledgements at all. Automated mail and bounces open no conversation to begin with.
 */
function acknowledges(email: InboundEmail, deps: ImportDependencies, sender: EmailAddress): boolean {
    if (!deps.acknowledger || !deps.inbox.acknowledgement?.enabled) return false;
    const suspicious = spoofingVerdict(email.headers['authentication-results'], email.from?.address).suspicious;
    return !noAcknowledgement(email, { customer: sender.address, inboxAddresses: deps.inboxAddresses, suspicious });
}

/**
 * What agents read first when the receiving server's topmost Authentication-Results says the mail
 * may not be from its From address (domain/authenticationResults): the mail is still posted whole.
 */
function spoofingWarning(email: InboundEmail, t: Translator): string | undefined {
    const verdict = spoofingVerdict(email.headers['authentication-results'], email.from?.address);
    if (!verdict.suspicious || !email.from) return undefined;
    return t('inbound_spoofing_warning', {
        address: email.from.address,
        reason: t(verdict.reason === 'dmarc' ? 'inbound_spoofing_reason_dmarc' : 'inbound_spoofing_reason_spf_dkim', { domain: verdict.domain }),
    });
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
    } catch (error) {
        // Best effort: a note Rocket.Chat refuses must not hold the inbox; the bounce is still counted.
        deps.log.warn(
            `inbox ${deps.inbox.name}: the bounce of a reply could not be told in room ${reply.roomId}: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
}

/**
 * The room for this mail; undefined when it would be a new conversation beyond the sender's
 * hourly limit. The visitor is looked up only when the mail's thread does not lead to an open
 * room: posting needs only the room's visitor. A visitor Rocket.Chat did not know has no room to
 * continue and no recent conversations (records left from a deleted visitor of that address do
 * not count). A new room is the customer's latest from the moment it is opened, counted for the
 * limit in the same write.
 */
async function findRoom(email: InboundEmail, sender: EmailAddress, deps: ImportDependencies): Promise<FoundRoom | undefined> {
    const { inbox, conversations, livechat } = deps;
    let threadedRoom;
    let answered: MessageIndexEntry | undefined;
    for (const id of [email.inReplyTo, ...[...email.references].reverse()].filter((value): value is string => Boolean(value))) {
        const entry = await conversations.message(inbox.id, id);
        if (entry) {
            threadedRoom = await livechat.room(entry.roomId);
            answered = entry;
            if (threadedRoom) break;
        }
    }
    // Rocket.Chat opens a customer a new room only once their room closed, and a closed room never
    // opens again: an open room their mail answers is their latest one, with nothing to record.
    if (threadedRoom?.isOpen) {
        // The thread state as the mail it answers left it: enough to go on from (its customer,
        // subject and references), so the room's latest need not be read.
        const thread = answered?.thread && answered.thread.roomId === threadedRoom.id ? { state: answered.thread } : undefined;
        return { roomId: threadedRoom.id, firstInRoom: false, latestRoomId: threadedRoom.id, ...(thread && { thread }) };
    }
    const { visitor, isNew } = await livechat.visitorFor(sender.address, sender.name, deps.departmentId);
    const customer = isNew ? { inboxId: inbox.id, visitorEmail: sender.address, openedAt: [] } : await conversations.customer(inbox.id, sender.address);
    const latestRoomId = customer.latestRoomId;
    const openRoomOfVisitor = latestRoomId && (await livechat.room(latestRoomId))?.isOpen ? latestRoomId : undefined;
    const choice = chooseRoom({ threadedRoom, openRoomOfVisitor });
    if (choice.kind === 'existing') return { roomId: choice.roomId, firstInRoom: false, latestRoomId };
    const limit = allowNewConversation(customer.openedAt, Date.now(), deps.settings.newConversationsPerSenderPerHour);
    if (!limit.allowed) return undefined;
    const roomId = await livechat.createRoom(visitor, { departmentId: deps.departmentId, inboxId: inbox.id, subject: normalizeSubject(email.subject) });
    // A new customer's record is their first mail's entry, written next anyway (ConversationStore.customer).
    const opened = { roomId, firstInRoom: true, openedHere: true, continuesRoomId: choice.continuesRoomId, latestRoomId: roomId };
    if (isNew) return { ...opened, newCustomer: { visitorEmail: sender.address, openedAt: limit.timestamps } };
    await conversations.saveCustomer({ ...customer, latestRoomId: roomId, openedAt: limit.timestamps });
    return opened;
}

/** The room a mail goes to, as findRoom found it. */
interface FoundRoom {
    roomId: string;
    /** The mail is the room's first (a room this import opened). */
    firstInRoom: boolean;
    /** This import opened the room a moment ago. */
    openedHere?: boolean;
    continuesRoomId?: string;
    /** The customer's latest room as found; none when not known. */
    latestRoomId?: string;
    /** The thread state known without reading the room's (from the mail answered). */
    thread?: { state: ThreadState | undefined };
    /** The sender became a customer of the inbox with this mail: their record goes with its entry. */
    newCustomer?: { visitorEmail: string; openedAt: number[] };
}
