import { randomUUID } from 'crypto';

import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';

import { translatorFor } from '../i18n/translate';
import { readOutboundSettings, readWorkspaceLanguage } from '../settings/readSettings';
import { composeOutgoingEmail } from './domain/composeOutgoingEmail';
import { enqueueEmail } from './enqueueEmail';
import { signatureFor } from './replyExtras';
import type { OutboundServices } from './OutboundServices';
import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';

/**
 * Serves IPostLivechatRoomClosed: when the setting asks for it, the customer of an email
 * conversation gets the closing message as a last threaded email (through the outbox, so a
 * down server delays it rather than losing it).
 */
export class PostLivechatRoomClosedHandler {
    constructor(
        private readonly room: ILivechatRoom,
        private readonly services: OutboundServices,
    ) {}

    public async run(): Promise<void> {
        const deadline = Deadline.after(BUDGET.hook);
        const { read, conversations, inboxes } = this.services;
        const settings = await readOutboundSettings(read);
        if (!settings.sendClosingMessage) return;
        const thread = await conversations.thread(this.room.id);
        if (!thread) return;
        const inbox = await inboxes.getById(thread.inboxId);
        if (!inbox) return;
        const t = translatorFor(await readWorkspaceLanguage(read));
        const closer = this.room.closedBy;
        const agent = closer && this.room.closer === 'user' ? { id: closer.id, username: closer.username, name: closer.name } : undefined;
        const email = composeOutgoingEmail({
            id: randomUUID(),
            now: new Date(),
            kind: 'closing',
            inbox,
            thread,
            agent,
            nameStyle: settings.nameStyle,
            replyToAll: settings.replyToAll,
            recipientChanges: await this.services.recipients.get(thread.roomId),
            markdown: settings.closingMessage || t('closing_message_default'),
            attachments: [],
            linkedFiles: [],
            linkedFileLine: () => '',
            // Signed like any reply; a line of only {agent} goes when no agent closed the room. Not quoting: it answers no mail.
            signature: await signatureFor(read, inbox, agent ? agent.name || agent.username : ''),
        });
        await enqueueEmail(this.services, email, thread, agent && (agent.name || agent.username));
        const delivery = this.services.delivery(deadline);
        await delivery.deliver(await delivery.emailsOfRoom(email.roomId));
    }
}
