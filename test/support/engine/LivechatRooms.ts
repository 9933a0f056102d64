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

    /**
     * Core's queryStatusAgentOnline (models Users): a livechat agent, enabled, online (the host's
     * status; core takes any but offline), and available for chats (`statusLivechat`).
     */
    isAvailableAgent(user: IUser): boolean {
        return (
            user.roles.includes('livechat-agent') &&
            user.isEnabled !== false &&
            user.status === 'online' &&
            this.state.statusLivechat.get(user.id) !== 'not-available'
        );
    }

    // Core: livechat lib service-status.ts online() / LivechatDepartmentAgents.checkOnlineForDepartment.
    agentsOnline(departmentId?: string): boolean {
        const members = departmentId ? this.state.departmentAgents.get(departmentId) : undefined;
        if (departmentId && !members) return false;
        return [...this.state.users.values()].some((user) => this.isAvailableAgent(user) && (!members || members.has(user.id)));
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
     * Core: livechat lib rooms.ts createRoom → QueueManager.requestRoom → Helper.prepareLivechatRoom,
     * then processNewInquiry. The guest is the visitor object the caller passed (its department
     * included), not a fresh read. With an agent (an app's createRoom may name one), the
     * `livechat.beforeDelegateAgent` hook keeps it, so "no online agents" is never answered;
     * who serves the room is routing's answer (route).
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
            servedBy: undefined,
            isOpen: true,
            isWaitingResponse: true,
            closer: undefined as unknown as ILivechatRoom['closer'],
            // Community edition's beforeNewRoom hook returns roomInfo unchanged: an app's customFields are dropped.
            source,
        };
        this.state.rooms.set(id, room);
        this.state.roomVisitorTokens.set(id, guest.token);
        this.systemMessage(room, 'livechat-started', '', { id: guest.id, username: guest.username, name: guest.name }, guest.token);
        // The inquiry's department is the room's as prepared: the wanted one when none of the chain was online.
        const routed = this.route(agent, department?.id ?? wantedDepartment);
        this.state.inquiries.set(id, { status: routed.status, defaultAgentId: routed.defaultAgentId, departmentId: department?.id ?? wantedDepartment });
        if (routed.servedBy) room.servedBy = routed.servedBy;
        return room;
    }

    /**
     * Who takes a new room: QueueManager.getInquiryStatus, then processNewInquiry.
     * - READY (a bot agent; or an auto-assigning method: Auto_Selection here) →
     *   RoutingManager.delegateInquiry: the agent given when available (Users.findOneOnlineAgentByUserList),
     *   else the routing method's next agent of the department (getNextAgent), else nobody (CE
     *   leaves the inquiry ready, for a manager to transfer).
     * - QUEUED (Manual_Selection, with or without an agent; no agent under a method that does not
     *   assign) → nobody; the agent given becomes the inquiry's default agent
     *   (LivechatInquiry.setDefaultAgentById), the only one whose queue shows it.
     */
    private route(
        agent: IUser | undefined,
        departmentId: string | undefined,
    ): { status: 'queued' | 'ready' | 'taken'; servedBy?: IUser; defaultAgentId?: string } {
        const autoAssign = this.state.setting('Livechat_Routing_Method') === 'Auto_Selection';
        const bot = agent?.roles.includes('bot');
        if (!bot && !autoAssign) return { status: 'queued', defaultAgentId: agent?.id };
        const known = agent && (this.state.users.get(agent.id) ?? agent);
        const chosen = known && (bot || this.isAvailableAgent(known)) ? known : this.nextAgent(departmentId);
        return chosen ? { status: 'taken', servedBy: chosen } : { status: 'ready' };
    }

    /** AutoSelection.getNextAgent: an available agent of the department (of any, without one). */
    private nextAgent(departmentId: string | undefined): IUser | undefined {
        const members = departmentId ? this.state.departmentAgents.get(departmentId) : undefined;
        return [...this.state.users.values()].find((user) => this.isAvailableAgent(user) && (!departmentId || members?.has(user.id)));
    }

    /**
     * Whether this user may write in the livechat room (executeSendMessage → canSendMessageAsync →
     * canAccessRoom, livechat roomAccessValidator.compatibility.ts): `view-livechat-rooms`
     * (livechat-manager, admin by default), the agent serving it, or, while a method previews rooms
     * (Manual_Selection), an agent whose queue shows its queued inquiry (its default agent, an
     * agent of its department, or any for a room without one).
     */
    mayWrite(user: IUser, roomId: string): boolean {
        const room = this.state.rooms.get(roomId) as ILivechatRoom | undefined;
        if (!room) return false;
        if (user.roles.some((role) => role === 'admin' || role === 'livechat-manager')) return true;
        if (room.servedBy?.id === user.id) return true;
        const inquiry = this.state.inquiries.get(roomId);
        if (this.state.setting('Livechat_Routing_Method') !== 'Manual_Selection' || inquiry?.status !== 'queued') return false;
        if (inquiry.defaultAgentId === user.id) return true;
        return !inquiry.departmentId || Boolean(this.state.departmentAgents.get(inquiry.departmentId)?.has(user.id));
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
