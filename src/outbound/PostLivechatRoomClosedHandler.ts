import { randomUUID } from 'crypto';

import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';

import { InboxStore } from '../configuration/InboxStore';
import { translatorFor } from '../i18n/translate';
import { ConversationStore } from '../omnichannel/ConversationStore';
import type { AppLog } from '../runtime/AppLog';
import { readOutboundSettings, readWorkspaceLanguage } from '../settings/readSettings';
import { composeOutgoingEmail } from './domain/composeOutgoingEmail';
import { enqueueEmail } from './enqueueEmail';
import { OutboxDelivery } from './OutboxDelivery';
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
        private readonly read: IRead,
        private readonly persis: IPersistence,
        private readonly log: AppLog,
        /** The engine's interface marks it optional: without it the email is queued for the outbox job. */
        private readonly modify?: IModify,
    ) {}

    public async run(): Promise<void> {
        const deadline = Deadline.after(BUDGET.hook);
        const settings = await readOutboundSettings(this.read);
        if (!settings.sendClosingMessage) return;
        const thread = await new ConversationStore(this.read.getPersistenceReader()).thread(this.room.id);
        if (!thread) return;
        const inbox = await new InboxStore(this.read.getPersistenceReader()).getById(thread.inboxId);
        if (!inbox) return;
        const t = translatorFor(await readWorkspaceLanguage(this.read));
        const closer = this.room.closedBy;
        const email = composeOutgoingEmail({
            id: randomUUID(),
            now: new Date(),
            kind: 'closing',
            inbox,
            thread,
            agent: closer && this.room.closer === 'user' ? { id: closer.id, username: closer.username, name: closer.name } : undefined,
            nameStyle: settings.nameStyle,
            replyToAll: settings.replyToAll,
            markdown: settings.closingMessage || t('closing_message_default'),
            attachments: [],
            linkedFiles: [],
            linkedFileLine: () => '',
        });
        await enqueueEmail(this.read, this.persis, email);
        if (!this.modify) return;
        const delivery = new OutboxDelivery(this.read, this.modify, this.persis, deadline, this.log);
        await delivery.deliver(await delivery.emailsOfRoom(email.roomId));
    }
}
