import { createHash, randomUUID } from 'crypto';

import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { RoomFacts } from './domain/chooseRoom';
import { AppError } from '../errors/AppError';
import { ErrorCode } from '../errors/ErrorCode';
import { postAppNote } from '../platform/postAppNote';

export interface NewRoom {
    departmentId?: string;
    inboxId: string;
    subject: string;
}

function words(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * Rocket.Chat's refusals the import decides on, as coded errors keeping Rocket.Chat's words.
 * Core throws only messages ("<reason> [<error>]"), so this is the one place its error names are
 * read (livechat lib rooms.ts, QueueManager.ts, omni-core visitor/create.ts).
 */
function refusal(error: unknown, otherwise: ErrorCode | undefined): unknown {
    const text = words(error);
    if (/contact-channel-blocked/i.test(text)) return new AppError(ErrorCode.ContactBlocked, text);
    if (/invalid-department/i.test(text)) return new AppError(ErrorCode.DepartmentUnknown, text);
    if (/cannot-access-room/i.test(text)) return new AppError(ErrorCode.RoomNotWritable, text);
    return otherwise ? new AppError(otherwise, text) : error;
}

/** SHA-256 of a text as posted: how an interrupted import recognises its message in the room. */
export function textHash(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A message the import posted: its id, and the room Rocket.Chat actually put it in. */
export interface PostedMessage {
    messageId: string;
    roomId: string;
}

/**
 * The only place that talks to Rocket.Chat's livechat for the import: visitors by email,
 * rooms, messages and files as the visitor. Errors from the engine propagate: the caller
 * must not advance its cursor when one of these fails.
 */
export class LivechatGateway {
    /**
     * Visitors already read in this run (a gateway lives for one inbox's run): every call
     * crosses the app's process boundary, and a backlog often holds many mails of one customer.
     */
    private readonly visitors = new Map<string, IVisitor>();
    /** Rooms read in this run, for posting and uploading (a mail's text and files go to one room). */
    private readonly rooms = new Map<string, ILivechatRoom>();

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
            } as IVisitor)
            .catch((error: unknown) => {
                throw refusal(error, undefined);
            });
        if (!visitor) throw new Error(`Rocket.Chat did not create a visitor for ${email}`);
        return visitor;
    }

    /**
     * The room's current state, read afresh. Open only when Rocket.Chat says so: closing a room
     * removes its `open` field, so a closed room reads as `isOpen` undefined, not false.
     */
    public async room(roomId: string): Promise<RoomFacts | undefined> {
        const room = (await this.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
        if (!room) return undefined;
        this.rooms.set(room.id, room);
        return { id: room.id, isOpen: room.isOpen === true };
    }

    /** A note from the app in the room, for its agents. */
    public async postAsApp(roomId: string, text: string): Promise<void> {
        await postAppNote(this.read, this.modify, await this.livechatRoom(roomId), text);
    }

    /** The room to post into, as last read in this run: Rocket.Chat itself decides where a post really goes. */
    private async livechatRoom(roomId: string): Promise<ILivechatRoom> {
        const room = this.rooms.get(roomId) ?? ((await this.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined);
        if (!room) throw new Error(`room ${roomId} not found`);
        this.rooms.set(roomId, room);
        return room;
    }

    /**
     * A new room in the queue (no agent forced: the workspace's routing decides), marked as coming
     * from email. The department travels on the visitor, where Rocket.Chat reads it from, also for
     * a visitor it knew before.
     */
    public async createRoom(visitor: IVisitor, details: NewRoom): Promise<string> {
        // Without an agent the room goes through Rocket.Chat's queue and routing.
        return (await this.requestRoom(visitor, details, undefined)).id;
    }

    /**
     * A new room asked for with this agent, for a conversation they start. Rocket.Chat decides
     * who serves it (livechat lib rooms.ts createRoom → QueueManager.requestRoom): with Auto
     * Selection the agent when they are available for chats, else the department's next
     * available agent or nobody; with Manual Selection nobody, the room waiting in the queue with
     * the agent as its default agent (only they see it there). The answer says who serves it.
     */
    public async createRoomFor(agent: IUser, visitor: IVisitor, details: NewRoom): Promise<{ roomId: string; servedBy?: { id: string; name: string } }> {
        const room = await this.requestRoom(visitor, details, agent);
        const servedBy = room.servedBy?.id ? { id: room.servedBy.id, name: room.servedBy.name || room.servedBy.username } : undefined;
        return { roomId: room.id, servedBy };
    }

    private async requestRoom(visitor: IVisitor, details: NewRoom, agent: IUser | undefined): Promise<ILivechatRoom> {
        // Rocket.Chat would answer "no online agents" for a department it does not know: say what is really wrong.
        if (details.departmentId && !(await this.read.getLivechatReader().getLivechatDepartmentByIdOrName(details.departmentId))) {
            throw new AppError(ErrorCode.DepartmentUnknown, `error-invalid-department: ${details.departmentId}`);
        }
        const room = await this.modify
            .getCreator()
            .getLivechatCreator()
            .createRoom(withDepartment(visitor, details.departmentId), agent as IUser, {
                source: { type: 'app', label: 'Email', sidebarIcon: 'mail', defaultIcon: 'mail' } as ILivechatRoom['source'],
                customFields: { emailInboxId: details.inboxId, emailSubject: details.subject },
            })
            .catch((error: unknown) => {
                // Anything else Rocket.Chat says here (no agent online...) is about the workspace, not the mail.
                throw refusal(error, ErrorCode.NewChatRefused);
            });
        // The room as Rocket.Chat answered it: posting into it needs no read of it.
        this.rooms.set(room.id, room);
        return room;
    }

    /**
     * Posts text in the room as this agent (a Rocket.Chat user): core checks that they may write
     * there (served by them, a manager, or waiting in their queue) and refuses otherwise.
     */
    public async postAsAgent(roomId: string, agent: IUser, text: string): Promise<string> {
        const room = await this.livechatRoom(roomId);
        return this.modify.getCreator().finish(this.modify.getCreator().startMessage().setRoom(room).setSender(agent).setText(text));
    }

    /**
     * Posts text as the room's visitor. Rocket.Chat puts a visitor's message to a room that closed
     * meanwhile into a new room of theirs (livechat lib rooms.ts getRoom): the answer names the
     * room the message is really in.
     */
    public async postAsVisitor(roomId: string, text: string, departmentId?: string, options: { justOpened?: boolean } = {}): Promise<PostedMessage> {
        const room = await this.livechatRoom(roomId);
        const builder = this.modify.getCreator().startLivechatMessage().setRoom(room).setVisitor(withDepartment(room.visitor, departmentId)).setText(text);
        const messageId = await this.modify
            .getCreator()
            .finish(builder)
            .catch((error: unknown) => {
                throw refusal(error, undefined);
            });
        // Only a closed room sends the message elsewhere; one the caller opened an instant ago
        // cannot have been closed yet: that saves reading where the message went.
        if (options.justOpened) return { messageId, roomId };
        const postedIn = await this.read.getMessageReader().getRoom(messageId);
        return { messageId, roomId: postedIn?.id ?? roomId };
    }

    /** Uploads a file into the room as its visitor (Rocket.Chat posts it as their file message). */
    public async uploadAsVisitor(roomId: string, file: { filename: string; content: Buffer }): Promise<void> {
        const room: IRoom = await this.livechatRoom(roomId);
        await this.modify
            .getCreator()
            .getUploadCreator()
            .uploadBuffer(file.content, { filename: file.filename, room, visitorToken: (room as ILivechatRoom).visitor.token });
    }

    /**
     * What of an interrupted import is already in the room: the visitor's message with this text
     * posted since `since`, and the names of the files posted after it (in order).
     */
    public async postedSince(roomId: string, since: Date, hash: string): Promise<{ textMessageId?: string; fileNames: string[] }> {
        const messages = await this.read.getLivechatReader()._fetchLivechatRoomMessages(roomId);
        const recent = messages.filter((message) => message.createdAt && new Date(message.createdAt).getTime() >= since.getTime() && !message.type);
        const text = recent.find((message) => message.text !== undefined && message.text !== '' && textHash(message.text) === hash);
        if (!text) return { fileNames: [] };
        const after = recent.slice(recent.indexOf(text) + 1);
        return { textMessageId: text.id, fileNames: after.flatMap((message) => (message.file?.name ? [message.file.name] : [])) };
    }
}

function withDepartment(visitor: IVisitor, departmentId: string | undefined): IVisitor {
    return departmentId ? { ...visitor, department: departmentId } : visitor;
}
