import { randomUUID } from 'crypto';

import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { AppError } from '../errors/AppError';
import { ErrorCode } from '../errors/ErrorCode';
import { translatorFor } from '../i18n/translate';
import { neutralizeMentions } from '../mail/domain/neutralizeMentions';
import { normalizeSubject } from '../mail/domain/subject';
import type { ThreadState } from '../omnichannel/ConversationStore';
import type { LivechatGateway } from '../omnichannel/LivechatGateway';
import type { Deadline } from '../runtime/Deadline';
import { readDefaultDepartment, readOutboundSettings, readWorkspaceLanguage } from '../settings/readSettings';
import { composeOutgoingEmail } from './domain/composeOutgoingEmail';
import type { NewEmailDraft } from './domain/newEmailDraft';
import { enqueueEmail } from './enqueueEmail';
import type { OutboundServices } from './OutboundServices';
import { signatureFor } from './replyExtras';

/** What starting a conversation works with: the outbound parts and a livechat gateway (wiring/Services). */
export type StartServices = OutboundServices & { livechatGateway(): LivechatGateway };

/** Who serves the new room, as Rocket.Chat's routing decided. */
export type Routing = { kind: 'agent' } | { kind: 'other'; name: string } | { kind: 'queue' };

export type StartOutcome =
    | { kind: 'inbox_gone' }
    | { kind: 'inbox_disabled'; inboxName: string }
    /** Rocket.Chat made no visitor or room (a blocked contact, Omnichannel off, a department gone...): nothing was sent. */
    | { kind: 'refused'; code: ErrorCode; detail: string }
    | {
          kind: 'started';
          roomId: string;
          routing: Routing;
          /** Rocket.Chat did not let the agent write in the room: their text is there as the app's note. */
          postedAsNote: boolean;
          /** Where the email is now: accepted by the server, waiting for another attempt, or refused for good. */
          delivery: { state: 'sent' } | { state: 'waiting' | 'failed'; reason: string };
      };

/**
 * An agent's new email: the customer's visitor (found by the address, or created in the inbox's
 * department), a room asked for with the agent (Rocket.Chat's routing decides who serves it:
 * LivechatGateway.createRoomFor), the email written to the outbox (its Message-ID indexed, so
 * the customer's answer threads into this room), the agent's text posted in the room, the
 * conversation's thread state saved, then one attempt to send it; the outbox job retries what
 * waits. The email goes out whoever serves the room: the agent asked for it.
 *
 * Order: the email is in the outbox before the room message, so an interruption after the room
 * was made loses no email; the thread state names the room message after it was posted, so the
 * message hook (PostMessageSentHandler) never emails that text a second time as a reply.
 */
export async function startConversation(services: StartServices, agent: IUser, draft: NewEmailDraft, deadline: Deadline): Promise<StartOutcome> {
    const inbox = await services.inboxes.getById(draft.inboxId);
    if (!inbox) return { kind: 'inbox_gone' };
    if (!inbox.active) return { kind: 'inbox_disabled', inboxName: inbox.name };
    const departmentId = inbox.departmentId || (await readDefaultDepartment(services.read)) || undefined;
    const livechat = services.livechatGateway();
    const subject = normalizeSubject(draft.subject);
    // Read before the room is made, so that nothing but the email's composition lies between the
    // room and the email in the outbox (a process killed there would leave a room with no email).
    const settings = await readOutboundSettings(services.read);
    const agentName = agent.name || agent.username;
    const signature = await signatureFor(services.read, inbox, agentName);
    let opened: Awaited<ReturnType<LivechatGateway['createRoomFor']>>;
    try {
        const { visitor } = await livechat.visitorFor(draft.to.address, draft.to.name, departmentId);
        opened = await livechat.createRoomFor(agent, visitor, { departmentId, inboxId: inbox.id, subject });
    } catch (error) {
        if (error instanceof AppError) return { kind: 'refused', code: error.code, detail: error.detail };
        return { kind: 'refused', code: ErrorCode.NewChatRefused, detail: error instanceof Error ? error.message : String(error) };
    }
    const { roomId } = opened;

    const thread = {
        roomId,
        inboxId: inbox.id,
        visitorEmail: draft.to.address,
        subject: draft.subject,
        lastInboundMessageId: '',
        references: [],
        cc: draft.cc,
    };
    const email = composeOutgoingEmail({
        id: randomUUID(),
        now: new Date(),
        kind: 'new',
        inbox,
        thread,
        agent: { id: agent.id, username: agent.username, name: agentName },
        nameStyle: settings.nameStyle,
        // The agent typed these copies: they go whatever the reply-all setting says of the customer's.
        replyToAll: true,
        markdown: draft.markdown,
        attachments: [],
        linkedFiles: [],
        linkedFileLine: () => '',
        signature,
    });
    const started: ThreadState = {
        roomId,
        inboxId: inbox.id,
        visitorEmail: draft.to.address,
        subject,
        // The customer's answer replies to this email; until it comes, the agent's next message does too.
        lastInboundMessageId: email.headers.messageId,
        references: [],
        cc: draft.cc,
        savedAt: new Date().toISOString(),
    };
    await enqueueEmail(services, email, started);

    let openingMessageId: string | undefined;
    let postedAsNote = false;
    try {
        openingMessageId = await livechat.postAsAgent(roomId, agent, draft.markdown);
    } catch (error) {
        // Rocket.Chat lets only those who serve, manage or may take the room write in it.
        services.log.warn(`the text of ${agent.username}'s new email could not be posted as theirs in room ${roomId}: ${words(error)}`);
        const t = translatorFor(await readWorkspaceLanguage(services.read));
        await livechat
            .postAsApp(
                roomId,
                t('new_email_room_note', { agent: agentName, to: draft.to.address, subject: draft.subject, text: neutralizeMentions(draft.markdown) }),
            )
            .then(() => (postedAsNote = true))
            .catch((noteError: unknown) => services.log.warn(`nor as the app's note in room ${roomId}: ${words(noteError)}`));
    }
    await services.conversations.saveThread({ ...started, ...(openingMessageId && { openingMessageId }) });

    await services.delivery(deadline).deliver([email]);
    const left = await services.outbox.get(email.id);
    const delivery: Extract<StartOutcome, { kind: 'started' }>['delivery'] = !left
        ? { state: 'sent' }
        : { state: left.state === 'failed' ? 'failed' : 'waiting', reason: left.lastError ? `${left.lastError.code}: ${left.lastError.detail}` : '' };
    const routing: Routing = !opened.servedBy
        ? { kind: 'queue' }
        : opened.servedBy.id === agent.id
          ? { kind: 'agent' }
          : { kind: 'other', name: opened.servedBy.name };
    return { kind: 'started', roomId, routing, postedAsNote, delivery };
}

function words(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
