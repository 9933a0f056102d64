import type { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { MessageSink } from './bridges/MessageSink';
import { newRoomFields } from './CoreState';
import type { CoreState } from './CoreState';

/** Core's Meteor.Error as the app receives it through the engine: "<reason> [<error>]". */
function meteorError(error: string, reason?: string): Error {
    return new Error(reason ? `${reason} [${error}]` : `[${error}]`);
}

/**
 * Livechat rooms as core's livechat library opens and closes them, shared by the livechat bridge
 * (an app's createRoom, and getRoom when a visitor's message goes to a closed room) and the host's
 * own actions (an agent closing a room).
 */
export class LivechatRooms {
    /** Called after a room was closed, as core fires IPostLivechatRoomClosed. */
    onClosed: (room: ILivechatRoom) => Promise<void> = async () => undefined;

    constructor(
        private readonly state: CoreState,
        private readonly sink: MessageSink,
    ) {}

    // Core: livechat lib service-status.ts online() / LivechatDepartmentAgents.checkOnlineForDepartment.
    agentsOnline(departmentId?: string): boolean {
        const members = departmentId ? this.state.departmentAgents.get(departmentId) : undefined;
        if (departmentId && !members) return false;
        return [...this.state.users.values()].some(
            (user) => user.roles.includes('livechat-agent') && user.status === 'online' && (!members || members.has(user.id)),
        );
    }

    /** Core's Contact Center: a blocked contact's channel can neither start a chat nor write in one. */
    isBlocked(visitorId: string | undefined): boolean {
        const visitor = visitorId ? this.state.visitors.get(visitorId) : undefined;
        return Boolean(visitor?.visitorEmails?.some((entry) => this.state.blockedContacts.has(entry.address.toLowerCase())));
    }

    /** QueueManager.getDepartment: the department when an agent of it is online, else its fallback chain, else none. */
    private onlineDepartment(departmentId: string, seen = new Set<string>()): IDepartment | undefined {
        if (seen.has(departmentId)) return undefined;
        seen.add(departmentId);
        const department = this.state.departments.get(departmentId);
        if (!department) return undefined;
        if (this.agentsOnline(department.id)) return department;
        const fallback = (department as IDepartment & { fallbackForwardDepartment?: string }).fallbackForwardDepartment;
        return fallback ? this.onlineDepartment(fallback, seen) : undefined;
    }

    /**
     * Core: livechat lib rooms.ts createRoom → QueueManager.requestRoom → Helper.prepareLivechatRoom.
     * The guest is the visitor object the caller passed (its department included), not a fresh read.
     */
    create(guest: IVisitor, agent: IUser | undefined, source: ILivechatRoom['source']): ILivechatRoom {
        if (!this.state.setting('Livechat_enabled')) throw meteorError('error-omnichannel-is-disabled');
        if (this.isBlocked(guest.id)) throw new Error('error-contact-channel-blocked');
        if (!guest.id || !guest.username) throw new Error(`Match error: Missing key '${guest.id ? 'username' : '_id'}'`);
        let wantedDepartment = guest.department;
        if (!agent && !wantedDepartment) {
            // departmentsLib getRequiredDepartment: the first enabled department shown at registration with an agent online.
            wantedDepartment = [...this.state.departments.values()].find(
                (department) => department.enabled && department.showOnRegistration && this.agentsOnline(department.id),
            )?.id;
        }
        const department = wantedDepartment ? this.onlineDepartment(wantedDepartment) : undefined;
        if (!this.state.setting('Livechat_accept_chats_with_no_agents')) {
            if (!agent && wantedDepartment && !department) throw meteorError('no-agent-online', 'Sorry, no online agents');
            if (!agent && !wantedDepartment && !this.agentsOnline()) throw meteorError('no-agent-online', 'Sorry, no online agents');
        }
        const now = new Date();
        const stored = this.state.visitors.get(guest.id);
        const id = this.state.newId();
        const room: ILivechatRoom = {
            id,
            type: RoomType.LIVE_CHAT,
            slugifiedName: undefined as unknown as string,
            ...newRoomFields(now),
            // prepareLivechatRoom: fname is the contact's name, else the visitor's username.
            displayName: guest.name || guest.username,
            creator: undefined as unknown as IUser,
            isDefault: false,
            visitor: (stored ?? guest) as IVisitor,
            // An unknown department id is kept as given when chats without agents are accepted.
            department: department ?? (wantedDepartment ? ({ id: wantedDepartment } as IDepartment) : undefined),
            servedBy: agent ?? this.routedAgent(department?.id),
            isOpen: true,
            isWaitingResponse: true,
            closer: undefined as unknown as ILivechatRoom['closer'],
            // Community edition's beforeNewRoom hook returns roomInfo unchanged: an app's customFields are dropped.
            source,
        };
        this.state.rooms.set(id, room);
        this.state.roomVisitorTokens.set(id, guest.token);
        this.systemMessage(room, 'livechat-started', '', { id: guest.id, username: guest.username, name: guest.name }, guest.token);
        return room;
    }

    /** RoutingManager with Auto_Selection (the default): an online agent of the department takes the chat; Manual_Selection leaves it queued. */
    private routedAgent(departmentId: string | undefined): IUser | undefined {
        if (this.state.setting('Livechat_Routing_Method') !== 'Auto_Selection') return undefined;
        const members = departmentId ? this.state.departmentAgents.get(departmentId) : undefined;
        return [...this.state.users.values()].find(
            (user) => user.roles.includes('livechat-agent') && user.status === 'online' && (!departmentId || members?.has(user.id)),
        );
    }

    /**
     * Core: livechat lib closeRoom.ts doCloseRoom + LivechatRooms.closeRoomById (`$unset: { open: 1 }`)
     * + afterRoomClosed (a livechat-close system message, then IPostLivechatRoomClosed).
     */
    async close(roomId: string, by: { comment: string; user?: IUser; visitor?: IVisitor }): Promise<void> {
        const room = this.state.rooms.get(roomId) as ILivechatRoom | undefined;
        if (!room || room.type !== RoomType.LIVE_CHAT || room.isOpen !== true) throw new Error('error-room-closed');
        if (this.state.setting('Livechat_request_comment_when_closing_conversation') && !by.comment.trim()) throw new Error('error-comment-is-required');
        if (!by.user && !by.visitor) throw new Error('Error: Please provide details of the user or visitor who closed the room');
        delete (room as Partial<ILivechatRoom>).isOpen;
        room.closedAt = new Date();
        room.closer = by.user ? 'user' : 'visitor';
        room.closedBy = (by.user ?? by.visitor) as IUser;
        const author = by.user ?? by.visitor;
        this.systemMessage(
            room,
            'livechat-close',
            by.comment,
            { id: author?.id, username: author?.username, name: author?.name },
            by.user ? undefined : by.visitor?.token,
        );
        await this.onClosed(this.state.convertedRoom(roomId) as ILivechatRoom);
    }

    /** MessageService.saveSystemMessage: stored and counted, announced as IPostSystemMessageSent only. */
    private systemMessage(room: ILivechatRoom, type: string, text: string, author: Partial<IUser>, token?: string): void {
        void this.sink.save({ room, type, text, sender: author as IUser, groupable: false, ...(token && { token }) } as unknown as IMessage);
    }
}
