/**
 * Who may work with email: use an inbox (start an email from it) and see an email conversation
 * (its Email panel, its emails, send a reply again). Issue 23, item 7: livechat agents of the
 * inbox's department (any livechat agent when the inbox has none) and livechat managers and
 * admins. Every handler asks this on the server; the client's button filters are only the client's.
 *
 * Pure: the facts come from the edge (omnichannel/AgentAccess.ts), which says where each is read.
 */

/** Roles that see every conversation and may use every inbox: core grants them `view-livechat-rooms` by default. */
export const LIVECHAT_MANAGER_ROLES: readonly string[] = ['livechat-manager', 'admin'];

/** Core's role for omnichannel agents (`livechat-agent`, given when a user is made an agent). */
export const LIVECHAT_AGENT_ROLE = 'livechat-agent';

/** What is known of a user. */
export interface AgentFacts {
    id: string;
    roles: readonly string[];
    /**
     * Departments the user is known to be an agent of. Apps-Engine has no reader of department
     * memberships (see omnichannel/AgentAccess.ts): the edge passes what it can prove, so this may
     * be fewer than the user really has, never more.
     */
    departmentIds: readonly string[];
}

/** The inbox an email or conversation belongs to (its department, if any). */
export interface InboxScope {
    departmentId?: string;
}

/** The conversation's room as core hands it over. */
export interface RoomScope {
    /** The agent serving the room now (core's `servedBy`), if any. */
    servedById?: string;
    /** The room's department now (a fallback department when the inbox's had no agent online), if any. */
    departmentId?: string;
}

export function isLivechatManager(user: Pick<AgentFacts, 'roles'>): boolean {
    return user.roles.some((role) => LIVECHAT_MANAGER_ROLES.includes(role));
}

export function isLivechatAgent(user: Pick<AgentFacts, 'roles'>): boolean {
    return user.roles.includes(LIVECHAT_AGENT_ROLE);
}

/**
 * Whether the user may use the inbox (send from it): managers and admins always; a livechat agent
 * when the inbox has no department, or when they are an agent of its department.
 */
export function mayUseInbox(user: AgentFacts, inbox: InboxScope): boolean {
    if (isLivechatManager(user)) return true;
    if (!isLivechatAgent(user)) return false;
    return !inbox.departmentId || user.departmentIds.includes(inbox.departmentId);
}

/**
 * Whether the user may see an email conversation: managers and admins always; the agent serving
 * the room (core shows it to them whatever their department: a transfer may bring it there); a
 * livechat agent who may use its inbox, or who is an agent of the room's department. With the
 * inbox gone (removed since), only the room's department counts.
 */
export function maySeeEmailRoom(user: AgentFacts, room: RoomScope, inbox: InboxScope | undefined): boolean {
    if (isLivechatManager(user)) return true;
    if (room.servedById && room.servedById === user.id) return true;
    if (!isLivechatAgent(user)) return false;
    if (inbox && mayUseInbox(user, inbox)) return true;
    return Boolean(room.departmentId && user.departmentIds.includes(room.departmentId));
}

/**
 * Whether the answer depends on the user's departments at all (the edge reads them only then):
 * not for managers, non-agents, or the agent serving the room.
 */
export function needsDepartments(user: Pick<AgentFacts, 'id' | 'roles'>, room?: RoomScope): boolean {
    if (isLivechatManager(user) || !isLivechatAgent(user)) return false;
    return !(room?.servedById && room.servedById === user.id);
}
