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
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { LivechatBridge } from '@rocket.chat/apps-engine/server/bridges';

import { newRoomFields } from '../CoreState';
import type { CoreState } from '../CoreState';
import type { MessageSink } from './MessageSink';

/**
 * Rocket.Chat core's livechat, reduced to what apps can reach: visitors, departments,
 * rooms and messages. As in core: a room created without an agent waits in the queue
 * (open, no servedBy); an app-created room's source is `{ type: 'app', id, alias }` plus
 * only label/sidebarIcon/defaultIcon/destination from the app; a message to a closed room
 * is refused and does not reopen it; a visitor posts only into their own room; a visitor's
 * email address must pass core's basic check.
 */
export class HostLivechatBridge extends LivechatBridge {
    constructor(
        private readonly state: CoreState,
        private readonly sink: MessageSink,
        private readonly appName: (appId: string) => string,
    ) {
        super();
    }

    protected isOnline(departmentId?: string): boolean {
        return this.agentsOnline(departmentId);
    }

    protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
        return this.agentsOnline(departmentId);
    }

    /** Core's Contact Center: a blocked contact can neither start a chat nor write in one. */
    private isBlocked(visitor: IVisitor | undefined): boolean {
        return Boolean(visitor?.visitorEmails?.some((entry) => this.state.blockedContacts.has(entry.address.toLowerCase())));
    }

    private agentsOnline(departmentId?: string): boolean {
        void departmentId;
        return [...this.state.users.values()].some((user) => user.roles.includes('livechat-agent') && user.status === 'online');
    }

    protected async createMessage(message: ILivechatMessage, appId: string): Promise<string> {
        const room = this.state.rooms.get(message.room.id) as ILivechatRoom | undefined;
        if (!room) throw new Error(`room ${message.room.id} not found`);
        if (!room.isOpen) throw new Error('error-room-closed: the room is closed');
        const visitor = message.visitor ? (this.state.visitors.get(message.visitor.id ?? '') ?? message.visitor) : undefined;
        if (this.isBlocked(visitor)) throw new Error('error-contact-channel-blocked');
        // Core's getRoom: a visitor may post only into their own room.
        if (visitor && room.visitor && visitor.token !== room.visitor.token) throw new Error('cannot-access-room');
        // Core stores visitor messages with the visitor as author (u) and hands them back with that sender.
        const sender =
            message.sender ??
            (visitor ? ({ id: visitor.id, username: visitor.username, name: visitor.name, type: 'user' } as unknown as ILivechatMessage['sender']) : undefined);
        const stored: ILivechatMessage = { ...message, room, visitor, sender: sender as ILivechatMessage['sender'], token: visitor?.token };
        void appId;
        return this.sink.save(stored);
    }

    protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
        return this.state.messages.find((message) => message.id === messageId) as ILivechatMessage;
    }

    protected async updateMessage(message: ILivechatMessage): Promise<void> {
        const index = this.state.messages.findIndex((candidate) => candidate.id === message.id);
        if (index >= 0) this.state.messages[index] = { ...this.state.messages[index], ...message, editedAt: new Date() };
    }

    protected async createVisitor(visitor: IVisitor): Promise<string> {
        return (await this.createAndReturnVisitor(visitor)).id as string;
    }

    protected async createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor> {
        for (const { address } of visitor.visitorEmails ?? []) {
            if (!this.state.acceptsVisitorEmail(address)) throw new Error('error-invalid-email: Invalid email');
        }
        const existing = [...this.state.visitors.values()].find((candidate) => candidate.token === visitor.token);
        if (existing) {
            Object.assign(existing, visitor, { id: existing.id, updatedAt: new Date() });
            return structuredClone(existing);
        }
        const stored: IVisitor = { ...visitor, id: this.state.newId(), updatedAt: new Date() };
        this.state.visitors.set(stored.id as string, stored);
        return structuredClone(stored);
    }

    protected async findVisitors(query: object): Promise<Array<IVisitor>> {
        const entries = Object.entries(query);
        return [...this.state.visitors.values()].filter((visitor) =>
            entries.every(([key, value]) => (visitor as unknown as Record<string, unknown>)[key] === value),
        );
    }

    protected async findVisitorById(id: string): Promise<IVisitor | undefined> {
        return this.state.visitors.get(id);
    }

    protected async findVisitorByEmail(email: string): Promise<IVisitor | undefined> {
        const wanted = email.toLowerCase();
        return [...this.state.visitors.values()].find((visitor) => visitor.visitorEmails?.some((entry) => entry.address.toLowerCase() === wanted));
    }

    protected async findVisitorByToken(token: string): Promise<IVisitor | undefined> {
        return [...this.state.visitors.values()].find((visitor) => visitor.token === token);
    }

    protected async findVisitorByPhoneNumber(phoneNumber: string): Promise<IVisitor | undefined> {
        return [...this.state.visitors.values()].find((visitor) => visitor.phone?.some((entry) => entry.phoneNumber === phoneNumber));
    }

    protected async resolveVisitor(
        externalId: Omit<IVisitorExternalIdentifier, 'appId'>,
        contactData: ResolveVisitorContactData | undefined,
        appId: string,
    ): Promise<IVisitor | undefined> {
        const byExternal = [...this.state.visitors.values()].find((visitor) =>
            visitor.externalIds?.some((id) => id.appId === appId && id.entityId === externalId.entityId),
        );
        if (byExternal) return byExternal;
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
        return visitor;
    }

    protected async createRoom(visitor: IVisitor, agent: IUser | undefined, appId: string, extraParams?: IExtraRoomParams): Promise<ILivechatRoom> {
        const stored = (visitor.id && this.state.visitors.get(visitor.id)) || (await this.findVisitorByToken(visitor.token));
        if (!stored) throw new Error('error-invalid-visitor');
        if (this.isBlocked(stored)) throw new Error('error-contact-channel-blocked');
        // Core refuses new chats while no agent is online unless Livechat_accept_chats_with_no_agents is on.
        const acceptWithoutAgents = this.state.serverSettings.get('Livechat_accept_chats_with_no_agents')?.value !== false;
        if (!agent && !acceptWithoutAgents && !this.agentsOnline()) throw new Error('no-agent-online: Sorry, no online agents');
        const appSource = extraParams?.source as Partial<Record<'label' | 'sidebarIcon' | 'defaultIcon' | 'destination', string>> | undefined;
        const now = new Date();
        const room: ILivechatRoom = {
            id: this.state.newId(),
            type: RoomType.LIVE_CHAT,
            slugifiedName: `${stored.username}-${now.getTime()}`,
            ...newRoomFields(now),
            displayName: stored.name,
            creator: agent ?? (stored as unknown as IUser),
            isDefault: false,
            visitor: stored,
            department: stored.department ? this.state.departments.get(stored.department) : undefined,
            servedBy: agent,
            isOpen: true,
            isWaitingResponse: true,
            closer: undefined as unknown as ILivechatRoom['closer'],
            customFields: extraParams?.customFields,
            source: {
                type: 'app',
                id: appId,
                alias: this.appName(appId),
                ...(appSource?.label !== undefined && { label: appSource.label }),
                ...(appSource?.sidebarIcon !== undefined && { sidebarIcon: appSource.sidebarIcon }),
                ...(appSource?.defaultIcon !== undefined && { defaultIcon: appSource.defaultIcon }),
                ...(appSource?.destination !== undefined && { destination: appSource.destination }),
            },
        };
        this.state.rooms.set(room.id, room);
        return structuredClone(room);
    }

    protected async closeRoom(room: ILivechatRoom, comment: string, closer: IUser | undefined): Promise<boolean> {
        const stored = this.state.rooms.get(room.id) as ILivechatRoom | undefined;
        if (!stored || !stored.isOpen) return false;
        stored.isOpen = false;
        stored.closedAt = new Date();
        stored.closer = closer ? 'user' : 'visitor';
        stored.closedBy = closer;
        this.state.otherRecords.push({ closedRoom: room.id, comment });
        return true;
    }

    protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
        return (await this.findOpenRoomsByAgentId(agentId)).length;
    }

    protected async findOpenRoomsByAgentId(agentId: string): Promise<Array<ILivechatRoom>> {
        return this.state.livechatRooms().filter((room) => room.isOpen && room.servedBy?.id === agentId);
    }

    protected async findRooms(visitor: IVisitor, departmentId: string | null): Promise<Array<ILivechatRoom>> {
        return this.state
            .livechatRooms()
            .filter((room) => room.visitor.token === visitor.token && (!departmentId || room.department?.id === departmentId))
            .map((room) => structuredClone(room));
    }

    protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        return this.state.departments.get(value) ?? [...this.state.departments.values()].find((department) => department.name === value);
    }

    protected async findDepartmentsEnabledWithAgents(): Promise<Array<IDepartment>> {
        return [...this.state.departments.values()].filter((department) => department.enabled);
    }

    protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<Array<IMessage>> {
        return this.state.roomMessages(roomId);
    }

    protected async setCustomFields(data: { token: IVisitor['token']; key: string; value: string; overwrite: boolean }): Promise<number> {
        const visitor = await this.findVisitorByToken(data.token);
        if (!visitor) return 0;
        visitor.livechatData = { ...(visitor.livechatData ?? {}), ...(data.overwrite || !visitor.livechatData?.[data.key] ? { [data.key]: data.value } : {}) };
        return 1;
    }
}
