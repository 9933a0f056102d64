import type { ILivechatMessage } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { isAgentReplyCandidate } from './domain/isAgentReplyCandidate';

/**
 * Serves IPostMessageSent: an agent's message in an email conversation becomes an email.
 * (The hook and its guard are wired now; composing and sending arrive with outbound mail.)
 */
export class PostMessageSentHandler {
    constructor(private readonly message: IMessage) {}

    public async run(): Promise<void> {
        const message = this.message as ILivechatMessage;
        const candidate = isAgentReplyCandidate({
            roomType: message.room.type,
            hasVisitorToken: Boolean(message.token),
            // Rocket.Chat may hand over visitor messages without a sender user.
            senderType: message.sender?.type,
            appId: message.sender?.appId,
            threadId: message.threadId,
            isEdit: Boolean(message.editedAt),
        });
        if (!candidate) return;
    }
}
