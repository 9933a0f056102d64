import type { IMessage, Reaction } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import type { ITypingDescriptor } from '@rocket.chat/apps-engine/server/bridges/MessageBridge';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import type { LivechatRooms } from '../LivechatRooms';
import { validateMessage } from '../validateMessage';
import type { MessageSink } from './MessageSink';

/** Messages in rooms, and ephemeral notifications (what `notifyUser` shows to one person). */
export class HostMessageBridge extends MessageBridge {
    constructor(
        private readonly state: CoreState,
        private readonly sink: MessageSink,
        private readonly livechatRooms: LivechatRooms,
    ) {
        super();
    }

    // Core: bridges/messages.ts create → lib/server/methods/sendMessage.ts executeSendMessage (canSendMessageAsync)
    // → lib/server/functions/sendMessage.ts (validateMessage, then stored and announced).
    protected async create(message: IMessage): Promise<string> {
        if (!message.room?.id || !this.state.rooms.has(message.room.id)) throw new Error('Invalid room provided on the message.');
        const sender = message.sender?.id ? this.state.users.get(message.sender.id) : undefined;
        // canAccessRoom for a person writing in a livechat room (the app's own user: knowingly left out).
        if (sender && sender.type === UserType.USER && message.room.type === RoomType.LIVE_CHAT && !this.livechatRooms.mayWrite(sender, message.room.id)) {
            throw new Error('[error-not-allowed]');
        }
        validateMessage(this.state, message, { isLivechatGuest: false });
        return this.sink.save(message);
    }

    protected async update(message: IMessage): Promise<void> {
        const index = this.state.messages.findIndex((candidate) => candidate.id === message.id);
        if (index < 0) throw new Error(`message ${message.id} not found`);
        this.state.messages[index] = { ...this.state.messages[index], ...message, editedAt: new Date() };
    }

    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        this.state.notifications.push({
            userId: user.id,
            username: user.username,
            roomId: message.room?.id,
            text: message.text ?? '',
            message,
            at: new Date(),
        });
    }

    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        this.state.otherRecords.push({ notifyRoom: room.id, message });
    }

    protected async typing(options: ITypingDescriptor): Promise<void> {
        this.state.otherRecords.push({ typing: options });
    }

    protected async getById(messageId: string): Promise<IMessage> {
        return this.sink.converted(messageId) as IMessage;
    }

    protected async delete(message: IMessage): Promise<void> {
        const index = this.state.messages.findIndex((candidate) => candidate.id === message.id);
        if (index >= 0) this.state.messages.splice(index, 1);
    }

    protected async addReaction(messageId: string, userId: string, reaction: Reaction): Promise<void> {
        this.state.otherRecords.push({ reaction, messageId, userId });
    }

    protected async removeReaction(messageId: string, userId: string, reaction: Reaction): Promise<void> {
        this.state.otherRecords.push({ removedReaction: reaction, messageId, userId });
    }
}
