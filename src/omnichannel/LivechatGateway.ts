import { createHash, randomUUID } from 'crypto';

import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { RoomFacts } from './domain/chooseRoom';
import { postAppNote } from './postAppNote';

export interface NewRoom {
    departmentId?: string;
    inboxId: string;
    subject: string;
}

/** A refusal by Rocket.Chat that the import treats apart, keeping Rocket.Chat's words. */
abstract class RefusalError extends Error {
    constructor(cause: unknown) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = new.target.name;
    }
}

/**
 * Rocket.Chat did not open a new chat (no agent online while the workspace refuses chats
 * without agents, a department it will not route to...): a state of the workspace, not of
 * the mail, so the mail waits for it to change and is never set aside.
 */
export class NewChatRefusedError extends RefusalError {}

/**
 * The sender is a contact an agent or admin blocked in Rocket.Chat (Contact Center): their
 * mail is not wanted, so it is skipped and counted rather than held.
 */
export class ContactBlockedError extends RefusalError {}

/** Rocket.Chat's refusal of a blocked contact's room or message (error-contact-channel-blocked). */
function blockedContact(error: unknown): boolean {
    return /contact-channel-blocked/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * The only place that talks to Rocket.Chat's livechat for the import: visitors by email,
 * rooms, messages and files as the visitor. Errors from the engine propagate: the caller
 * must not advance its cursor when one of these fails.
 */
export class LivechatGateway {
    /**
     * Rooms and visitors already read in this run (a gateway lives for one inbox's run): every
     * call crosses the app's process boundary, and a backlog often holds many mails of one
     * customer. Routing still reads a room's open state afresh (`room`).
     */
    private readonly rooms = new Map<string, IRoom>();
    private readonly visitors = new Map<string, IVisitor>();

    constructor(
        private readonly read: IRead,
        private readonly modify: IModify,
    ) {}

    /**
     * The visitor with this address, created (name from the mail, department from the inbox) when
     * new; `isNew` says Rocket.Chat did not know the address, so it has no rooms of theirs.
     */
    public async visitorFor(email: string, name: string, departmentId?: string): Promise<{ visitor: IVisitor; isNew: boolean }> {
        const known = this.visitors.get(email);
        if (known) return { visitor: known, isNew: false };
        const existing = await this.read.getLivechatReader().getLivechatVisitorByEmail(email);
        const visitor = existing ?? (await this.createVisitor(email, name, departmentId));
        this.visitors.set(email, visitor);
        return { visitor, isNew: !existing };
    }

    private async createVisitor(email: string, name: string, departmentId?: string): Promise<IVisitor> {
        const visitor = await this.modify
            .getCreator()
            .getLivechatCreator()
            .createAndReturnVisitor({
                token: randomUUID(),
                username: `email-${createHash('sha256').update(email).digest('hex').slice(0, 12)}`,
                name: name || email,
                visitorEmails: [{ address: email }],
                ...(departmentId && { department: departmentId }),
            } as IVisitor);
        if (!visitor) throw new Error(`Rocket.Chat did not create a visitor for ${email}`);
        return visitor;
    }

    /** The room's current state, read afresh. */
    public async room(roomId: string): Promise<RoomFacts | undefined> {
        const room = (await this.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
        if (!room) return undefined;
        this.rooms.set(room.id, room);
        return { id: room.id, isOpen: room.isOpen !== false };
    }

    /** A note from the app in the room, for its agents. */
    public async postAsApp(roomId: string, text: string): Promise<void> {
        await postAppNote(this.read, this.modify, await this.roomForPosting(roomId), text);
    }

    /** The visitor the room belongs to: the only one Rocket.Chat lets post in it. */
    public async visitorOfRoom(roomId: string): Promise<IVisitor | undefined> {
        const room = (await this.roomForPosting(roomId)) as ILivechatRoom;
        return room.visitor;
    }

    /** The room to post into: Rocket.Chat only needs its id, so a copy read earlier in the run does. */
    private async roomForPosting(roomId: string): Promise<IRoom> {
        const room = this.rooms.get(roomId) ?? (await this.read.getRoomReader().getById(roomId));
        if (!room) throw new Error(`room ${roomId} not found`);
        this.rooms.set(roomId, room);
        return room;
    }

    /** A new room in the queue (no agent forced: the workspace's routing decides), marked as coming from email. */
    public async createRoom(visitor: IVisitor, details: NewRoom): Promise<string> {
        const room = await this.modify
            .getCreator()
            .getLivechatCreator()
            // Without an agent the room goes through Rocket.Chat's queue and routing.
            .createRoom(visitor, undefined as unknown as IUser, {
                source: { type: 'app', label: 'Email', sidebarIcon: 'mail', defaultIcon: 'mail' } as ILivechatRoom['source'],
                customFields: { emailInboxId: details.inboxId, emailSubject: details.subject },
            })
            .catch((error: unknown) => {
                throw blockedContact(error) ? new ContactBlockedError(error) : new NewChatRefusedError(error);
            });
        this.rooms.set(room.id, room);
        return room.id;
    }

    /** Posts text as the visitor; `emailMessageId` is kept on the message so an interrupted import can find it again. */
    public async postAsVisitor(roomId: string, visitor: IVisitor, text: string, emailMessageId: string): Promise<string> {
        const room = await this.roomForPosting(roomId);
        const builder = this.modify
            .getCreator()
            .startLivechatMessage({ customFields: { emailMessageId } } as Partial<ILivechatMessage> as ILivechatMessage)
            .setRoom(room)
            .setVisitor(visitor)
            .setText(text);
        return this.modify
            .getCreator()
            .finish(builder)
            .catch((error: unknown) => {
                throw blockedContact(error) ? new ContactBlockedError(error) : error;
            });
    }

    public async uploadAsVisitor(roomId: string, visitor: IVisitor, file: { filename: string; content: Buffer }): Promise<void> {
        const room = await this.roomForPosting(roomId);
        await this.modify.getCreator().getUploadCreator().uploadBuffer(file.content, { filename: file.filename, room, visitorToken: visitor.token });
    }

    /** Whether a message carrying this email's id is already in the room (recovery after an interrupted import). */
    public async roomHasEmail(roomId: string, emailMessageId: string): Promise<boolean> {
        const messages = await this.read.getLivechatReader()._fetchLivechatRoomMessages(roomId);
        return messages.some((message) => (message.customFields as { emailMessageId?: string } | undefined)?.emailMessageId === emailMessageId);
    }
}
