import type { IExtraRoomParams } from '@rocket.chat/apps-engine/definition/accessors/ILivechatCreator';
import type {
    IDepartment,
    ILivechatMessage,
    ILivechatRoom,
    ILivechatTransferData,
    IVisitor,
    IVisitorExternalIdentifier,
    ResolveVisitorContactData,
} from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { LivechatBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import type { LivechatRooms } from '../LivechatRooms';
import { validateMessage } from '../validateMessage';
import type { MessageSink } from './MessageSink';

/** Core's Meteor.Error as the app receives it through the engine: "<reason> [<error>]". */
function meteorError(error: string, reason?: string): Error {
    return new Error(reason ? `${reason} [${error}]` : `[${error}]`);
}

/** System message types core's getRoomMessages leaves out (apps/meteor/app/livechat/server/lib/getRoomMessages.ts). */
const TRANSCRIPT_HIDDEN_TYPES = new Set([
    'livechat_navigation_history',
    'livechat_transcript_history',
    'command',
    'livechat-close',
    'livechat-started',
    'livechat_video_call',
]);

/**
 * Rocket.Chat core's livechat, reduced to what apps can reach, method by method after
 * `apps/meteor/app/apps/server/bridges/livechat.ts` and the livechat library it calls. See
 * test/support/engine/README.md for the rules reproduced and those left out.
 */
export class HostLivechatBridge extends LivechatBridge {
    constructor(
        private readonly state: CoreState,
        private readonly sink: MessageSink,
        private readonly rooms: LivechatRooms,
        private readonly app: (appId: string) => { name: string; slug: string },
    ) {
        super();
    }

    // Core: livechat lib service-status.ts online(): any agent online, per department when given.
    protected isOnline(departmentId?: string): boolean {
        return this.rooms.agentsOnline(departmentId);
    }

    protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
        return this.rooms.agentsOnline(departmentId);
    }

    // Core: bridges/livechat.ts createMessage → livechat lib messages.ts sendMessage → rooms.ts getRoom
    // → lib/server/functions/sendMessage.ts. The guest is the visitor object the app passed.
    protected async createMessage(message: ILivechatMessage, appId: string): Promise<string> {
        if (!message.token) throw new Error('Invalid token for livechat message');
        await this.state.faults.beforeVisitorMessage?.(message.room?.id);
        // converters/messages.ts convertAppMessage: the room must exist.
        if (!message.room?.id || !this.state.rooms.has(message.room.id)) throw new Error('Invalid room provided on the message.');
        const guest = message.visitor;
        if (!guest) throw new TypeError("Cannot read properties of undefined (reading '_id')");
        if (!this.state.setting('Livechat_enabled')) throw meteorError('error-omnichannel-is-disabled');
        let room = this.state.rooms.get(message.room.id) as ILivechatRoom;
        if (room.visitor && this.rooms.isBlocked(room.visitor.id)) throw new Error('error-contact-channel-blocked');
        if (room.isOpen !== true) {
            // rooms.ts getRoom: a room that is gone or closed gets a new room for the guest, with the
            // app as plain source (no label, no custom fields), and the message goes there.
            room = this.rooms.create(guest, undefined, { type: 'app', id: appId, alias: this.app(appId).slug });
        } else if (this.state.roomVisitorTokens.get(room.id) !== guest.token) {
            throw meteorError('cannot-access-room');
        }
        validateMessage(this.state, message, { isLivechatGuest: true });
        const stored = {
            ...message,
            room,
            // messages.ts sendMessage: the guest's name becomes the message alias; the author is the guest.
            alias: guest.name,
            token: guest.token,
            sender: { id: guest.id, username: guest.username, name: guest.name } as unknown as ILivechatMessage['sender'],
        } as ILivechatMessage;
        return this.sink.save(stored);
    }

    protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
        return this.sink.converted(messageId) as ILivechatMessage;
    }

    protected async updateMessage(message: ILivechatMessage): Promise<void> {
        const index = this.state.messages.findIndex((candidate) => candidate.id === message.id);
        if (index >= 0) this.state.messages[index] = { ...this.state.messages[index], ...message, editedAt: new Date() };
    }

    // Core: bridges/livechat.ts createVisitor → registerGuest (packages/omni-core/src/visitor/create.ts).
    protected async createVisitor(visitor: IVisitor): Promise<string> {
        return (await this.registerGuest(visitor)).id as string;
    }

    protected async createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor> {
        return structuredClone(await this.registerGuest(visitor));
    }

    /**
     * registerGuest: token required; only the first address, trimmed and lower-cased; department
     * by id or name (error-invalid-department), stored as its id; an existing visitor found by
     * token, else by phone (its token kept), else by email (its token REPLACED by the new one)
     * is updated, username unchanged; otherwise a new visitor.
     */
    private async registerGuest(input: IVisitor): Promise<IVisitor> {
        if (!input.token) throw new Error('error-invalid-token');
        const email = input.visitorEmails?.[0]?.address?.trim().toLowerCase();
        if (email && !this.state.acceptsVisitorEmail(email)) throw meteorError('error-invalid-email', `Invalid email ${email}`);
        let department: string | undefined;
        if (input.department) {
            const found = await this.findDepartmentByIdOrName(input.department);
            if (!found) throw new Error('error-invalid-department');
            department = found.id;
        }
        const phone = input.phone?.[0]?.phoneNumber;
        const all = [...this.state.visitors.values()];
        const byToken = all.find((candidate) => candidate.token === input.token);
        const byPhone = !byToken && phone ? all.find((candidate) => candidate.phone?.some((entry) => entry.phoneNumber === phone)) : undefined;
        const byEmail =
            !byToken && !byPhone && email
                ? all.find((candidate) => candidate.visitorEmails?.some((entry) => entry.address.toLowerCase() === email))
                : undefined;
        const update: Partial<IVisitor> = {
            status: 'online' as IVisitor['status'],
            ...(input.name && { name: input.name }),
            ...(phone && { phone: [{ phoneNumber: phone }] }),
            ...(email && { visitorEmails: [{ address: email }] }),
            ...(department && { department }),
            updatedAt: new Date(),
        };
        const existing = byToken ?? byPhone ?? byEmail;
        if (existing) {
            Object.assign(existing, update, byEmail ? { token: input.token } : {});
            return existing;
        }
        const created = { username: input.username, token: input.token, ...update, id: input.id ?? this.state.newId() } as IVisitor;
        this.state.visitors.set(created.id as string, created);
        return created;
    }

    protected async findVisitors(query: object): Promise<Array<IVisitor>> {
        const entries = Object.entries(query);
        return [...this.state.visitors.values()].filter((visitor) =>
            entries.every(([key, value]) => (visitor as unknown as Record<string, unknown>)[key] === value),
        );
    }

    protected async findVisitorById(id: string): Promise<IVisitor | undefined> {
        return structuredClone(this.state.visitors.get(id));
    }

    // Core: LivechatVisitors.findOneGuestByEmailAddress (lower-cased, not trimmed).
    protected async findVisitorByEmail(email: string): Promise<IVisitor | undefined> {
        const wanted = email.toLowerCase();
        return structuredClone([...this.state.visitors.values()].find((visitor) => visitor.visitorEmails?.some((entry) => entry.address === wanted)));
    }

    protected async findVisitorByToken(token: string): Promise<IVisitor | undefined> {
        return structuredClone([...this.state.visitors.values()].find((visitor) => visitor.token === token));
    }

    protected async findVisitorByPhoneNumber(phoneNumber: string): Promise<IVisitor | undefined> {
        return structuredClone([...this.state.visitors.values()].find((visitor) => visitor.phone?.some((entry) => entry.phoneNumber === phoneNumber)));
    }

    protected async resolveVisitor(
        externalId: Omit<IVisitorExternalIdentifier, 'appId'>,
        contactData: ResolveVisitorContactData | undefined,
        appId: string,
    ): Promise<IVisitor | undefined> {
        const byExternal = [...this.state.visitors.values()].find((visitor) =>
            visitor.externalIds?.some((id) => id.appId === appId && id.entityId === externalId.entityId),
        );
        if (byExternal) return structuredClone(byExternal);
        if (contactData && 'email' in contactData) return this.findVisitorByEmail(contactData.email);
        return undefined;
    }

    protected async transferVisitor(visitor: IVisitor, transferData: ILivechatTransferData): Promise<boolean> {
        const room = this.state.rooms.get(transferData.currentRoom.id) as ILivechatRoom | undefined;
        if (!room) return false;
        if (transferData.targetAgent) room.servedBy = transferData.targetAgent;
        if (transferData.targetDepartment) room.department = this.state.departments.get(transferData.targetDepartment);
        void visitor;
        return true;
    }

    protected async updateVisitorExternalId(
        visitorId: string,
        externalId: Omit<IVisitorExternalIdentifier, 'appId'>,
        appId: string,
    ): Promise<IVisitor | undefined> {
        const visitor = this.state.visitors.get(visitorId);
        if (!visitor) return undefined;
        visitor.externalIds = [...(visitor.externalIds ?? []).filter((id) => id.appId !== appId), { ...externalId, appId }];
        return structuredClone(visitor);
    }

    // Core: bridges/livechat.ts createRoom → livechat lib rooms.ts createRoom → QueueManager.requestRoom.
    protected async createRoom(visitor: IVisitor, agent: IUser | undefined, appId: string, extraParams?: IExtraRoomParams): Promise<ILivechatRoom> {
        if (agent?.id && !this.state.users.has(agent.id)) throw new Error(`The agent with id "${agent.id}" was not found.`);
        const source = extraParams?.source as Partial<Record<'label' | 'sidebarIcon' | 'defaultIcon' | 'destination', string>> | undefined;
        const room = this.rooms.create(visitor, agent, {
            type: 'app',
            id: appId,
            alias: this.app(appId).name,
            ...(source?.label !== undefined && { label: source.label }),
            ...(source?.sidebarIcon !== undefined && { sidebarIcon: source.sidebarIcon }),
            ...(source?.defaultIcon !== undefined && { defaultIcon: source.defaultIcon }),
            ...(source?.destination !== undefined && { destination: source.destination }),
        });
        return this.state.convertedRoom(room.id) as ILivechatRoom;
    }

    // Core: bridges/livechat.ts closeRoom → livechat lib closeRoom.ts (closer 'user' when given, else 'visitor').
    protected async closeRoom(room: ILivechatRoom, comment: string, closer: IUser | undefined): Promise<boolean> {
        // doCloseRoom judges the room object the app passed, not a fresh read.
        if (room.isOpen !== true) throw new Error('error-room-closed');
        await this.rooms.close(room.id, { comment, user: closer, visitor: closer ? undefined : room.visitor });
        return true;
    }

    protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
        return (await this.findOpenRoomsByAgentId(agentId)).length;
    }

    protected async findOpenRoomsByAgentId(agentId: string): Promise<Array<ILivechatRoom>> {
        if (!agentId) throw new Error('Invalid agentId');
        return this.state
            .livechatRooms()
            .filter((room) => room.isOpen === true && room.servedBy?.id === agentId)
            .map((room) => this.state.convertedRoom(room.id) as ILivechatRoom);
    }

    // Core: LivechatRooms.findOpenByVisitorToken(AndDepartmentId): the rooms opened with this token that are open.
    protected async findRooms(visitor: IVisitor, departmentId: string | null): Promise<Array<ILivechatRoom>> {
        if (!visitor) return [];
        return this.state
            .livechatRooms()
            .filter(
                (room) =>
                    room.isOpen === true &&
                    this.state.roomVisitorTokens.get(room.id) === visitor.token &&
                    (!departmentId || room.department?.id === departmentId),
            )
            .map((room) => this.state.convertedRoom(room.id) as ILivechatRoom);
    }

    // Core: LivechatDepartment.findOneByIdOrName (enabled or not).
    protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        const found = this.state.departments.get(value) ?? [...this.state.departments.values()].find((department) => department.name === value);
        return structuredClone(found);
    }

    protected async findDepartmentsEnabledWithAgents(): Promise<Array<IDepartment>> {
        return [...this.state.departments.values()].filter(
            (department) => department.enabled && (this.state.departmentAgents.get(department.id)?.size ?? 0) > 0,
        );
    }

    // Core: livechat lib getRoomMessages.ts: every visible message, oldest first, some system types left out.
    protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<Array<IMessage>> {
        const room = this.state.rooms.get(roomId);
        if (!room || room.type !== 'l') throw meteorError('invalid-room');
        return this.state
            .roomMessages(roomId)
            .filter((message) => !message.type || !TRANSCRIPT_HIDDEN_TYPES.has(message.type))
            .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
            .map((message) => this.sink.converted(message.id as string) as IMessage);
    }

    protected async setCustomFields(data: { token: IVisitor['token']; key: string; value: string; overwrite: boolean }): Promise<number> {
        const visitor = [...this.state.visitors.values()].find((candidate) => candidate.token === data.token);
        if (!visitor) return 0;
        visitor.livechatData = { ...(visitor.livechatData ?? {}), ...(data.overwrite || !visitor.livechatData?.[data.key] ? { [data.key]: data.value } : {}) };
        return 1;
    }
}
