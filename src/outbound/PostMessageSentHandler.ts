import { randomUUID } from 'crypto';

import type { ILivechatMessage } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageFile } from '@rocket.chat/apps-engine/definition/messages';

import { formatSize } from '../i18n/formatSize';
import { translatorFor } from '../i18n/translate';
import { readFilesAreProtected, readOutboundSettings, readSiteUrl, readWorkspaceLanguage } from '../settings/readSettings';
import { composeOutgoingEmail } from './domain/composeOutgoingEmail';
import type { LinkedFile } from './domain/composeOutgoingEmail';
import { isAgentReplyCandidate } from './domain/isAgentReplyCandidate';
import type { OutgoingAttachment } from './domain/OutgoingEmail';
import { enqueueEmail } from './enqueueEmail';
import { quoteFor, signatureFor } from './replyExtras';
import type { OutboundServices } from './OutboundServices';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';

/**
 * Serves IPostMessageSent: an agent's message in an email conversation becomes an email to
 * the customer. It is written to the outbox before the first attempt, then the room's due
 * emails are sent in order; what cannot be sent now stays for the outbox job.
 */
export class PostMessageSentHandler {
    constructor(
        private readonly message: IMessage,
        private readonly services: OutboundServices,
    ) {}

    /**
     * Whether the message may become an email at all, from the message alone: the app's
     * checkPostMessageSent answers with it, so that the engine does not call the handler for the
     * visitor messages an import posts (one call into the app fewer per imported mail).
     */
    public static wants(posted: IMessage): boolean {
        const message = posted as ILivechatMessage;
        const candidate = isAgentReplyCandidate({
            roomType: message.room?.type,
            hasVisitorToken: Boolean(message.token),
            // Rocket.Chat may hand over visitor messages without a sender user.
            senderType: message.sender?.type,
            appId: message.sender?.appId,
            threadId: message.threadId,
            isEdit: Boolean(message.editedAt),
            systemType: message.type,
        });
        return candidate && Boolean(message.id);
    }

    public async run(): Promise<void> {
        const deadline = Deadline.after(BUDGET.hook);
        const message = this.message as ILivechatMessage;
        if (!PostMessageSentHandler.wants(message)) return;
        const { read, notices } = this.services;
        const thread = await this.services.conversations.thread(message.room.id);
        // The text of an agent's new email went out as that email (outbound/startConversation).
        if (!thread || thread.openingMessageId === message.id) return;

        const agent = { id: message.sender.id, username: message.sender.username, name: message.sender.name };
        const inbox = await this.services.inboxes.getById(thread.inboxId);
        if (!inbox) {
            await notices.tellAgent({ agent, roomId: thread.roomId }, (t) => t('outbound_inbox_missing'));
            return;
        }
        const settings = await readOutboundSettings(read);
        const { attachments, linkedFiles, withheld } = await this.splitFiles(settings.maxAttachmentSizeMb);
        for (const file of withheld) {
            await notices.tellAgent({ agent, roomId: thread.roomId }, (t) =>
                t('outbound_file_withheld', { name: file.name, size: formatSize(file.size), limitMb: settings.maxAttachmentSizeMb }),
            );
        }
        const markdown = message.text?.trim() || message.attachments?.find((attachment) => attachment.description)?.description || '';
        if (!markdown && attachments.length === 0 && linkedFiles.length === 0) return;

        const customerT = translatorFor(await readWorkspaceLanguage(read));
        const email = composeOutgoingEmail({
            id: randomUUID(),
            now: new Date(),
            kind: 'reply',
            inbox,
            thread,
            agent,
            nameStyle: settings.nameStyle,
            replyToAll: settings.replyToAll,
            recipientChanges: await this.services.recipients.get(thread.roomId),
            markdown,
            attachments,
            linkedFiles,
            linkedFileLine: (file) => customerT('outbound_file_link', { name: file.name, url: file.url }),
            sourceMessageId: message.id,
            signature: await signatureFor(read, inbox, agent.name || agent.username),
            quote: await quoteFor(this.services.conversations, inbox, thread, customerT),
        });
        await enqueueEmail(this.services, email, thread, agent.name || agent.username);
        const delivery = this.services.delivery(deadline);
        for (const file of linkedFiles) {
            await notices.tellAgent(email, (t) => t('outbound_file_linked', { name: file.name, limitMb: settings.maxAttachmentSizeMb }));
        }
        const report = await delivery.deliver(await delivery.emailsOfRoom(email.roomId));
        if (report.held.includes(email.id)) await notices.tellAgent(email, (t) => t('outbound_queued', { to: email.headers.to }));
    }

    /**
     * The message's files: attached when within the limit; else sent as a link to Rocket.Chat's
     * copy, unless Rocket.Chat protects its files (its default), when a customer could not open
     * the link: then the file is withheld and the agent told.
     */
    private async splitFiles(
        limitMb: number,
    ): Promise<{ attachments: OutgoingAttachment[]; linkedFiles: LinkedFile[]; withheld: Array<{ name: string; size: number }> }> {
        const files = filesOf(this.message);
        const attachments: OutgoingAttachment[] = [];
        const linkedFiles: LinkedFile[] = [];
        const withheld: Array<{ name: string; size: number }> = [];
        const siteUrl = await readSiteUrl(this.services.read);
        const protectedFiles = files.length > 0 && (await readFilesAreProtected(this.services.read));
        for (const file of files) {
            const upload = await this.services.read.getUploadReader().getById(file._id);
            // The engine types the size as a string; Rocket.Chat stores a number.
            const size = Number(upload?.size) || 0;
            if (size <= limitMb * 1_048_576) {
                attachments.push({ uploadId: file._id, name: upload?.name ?? file.name, type: upload?.type ?? file.type, size });
            } else if (protectedFiles) {
                withheld.push({ name: upload?.name ?? file.name, size });
            } else {
                const path = upload?.url ?? `/file-upload/${file._id}/${encodeURIComponent(file.name)}`;
                linkedFiles.push({ name: file.name, url: /^https?:/.test(path) ? path : `${siteUrl}${path}` });
            }
        }
        return { attachments, linkedFiles, withheld };
    }
}

/**
 * The files an agent sent with a message. Rocket.Chat lists an image's thumbnail next to the
 * image in `files` (named "thumb-<name>"): the customer gets the original only.
 */
function filesOf(message: IMessage): IMessageFile[] {
    const listed = message.files?.length ? message.files : message.file ? [message.file] : [];
    const names = new Set(listed.map((file) => file.name));
    return listed.filter((file) => !(file.name.startsWith('thumb-') && names.has(file.name.slice('thumb-'.length))));
}
