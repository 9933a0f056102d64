import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { mayUseInbox, maySeeEmailRoom, needsDepartments } from './domain/agentAccess';
import type { AgentFacts, InboxScope, RoomScope } from './domain/agentAccess';

/**
 * The edge of the access rule (domain/agentAccess.ts): the facts about a user, read through the
 * engine's accessors.
 *
 * - **Roles**: the user as core hands it to the app (apps/meteor/app/apps/server/converters/users.ts
 *   `convertToApp` copies `roles`), fresh for every interaction.
 * - **Departments**: Apps-Engine (1.62, and the newest definitions alike) has no reader of an
 *   agent's department memberships: `ILivechatRead` offers departments (`getDepartmentsEnabledWithAgents`,
 *   `getLivechatDepartmentByIdOrName`, converted by converters/departments.ts without their
 *   agents), the user converter carries no departments, and core's own check
 *   (`LivechatDepartmentAgents.findByAgentId`, livechat/server/roomAccessValidator.compatibility.ts)
 *   is not exposed. What the app can prove is where core's routing put the agent: the departments
 *   of the open rooms they serve (`getLivechatOpenRoomsByAgentId` → bridges/livechat.ts
 *   `findOpenRoomsByAgentId` → `LivechatRooms.findOpenByAgent`, each room converted with its
 *   department). Core routes a department's chats to that department's agents, so these are
 *   departments of theirs; an agent who serves none of a department's rooms right now is not
 *   recognised as its agent (they still see any room they serve). Read only when the answer
 *   depends on it (agentAccess `needsDepartments`).
 * - **The room**: its serving agent (`servedBy`) and department, from the converted room (converters/rooms.ts).
 */
export async function agentFacts(read: IRead, user: IUser, room?: RoomScope): Promise<AgentFacts> {
    const roles = user.roles ?? [];
    if (!needsDepartments({ id: user.id, roles }, room)) return { id: user.id, roles, departmentIds: [] };
    const served = await read.getLivechatReader().getLivechatOpenRoomsByAgentId(user.id);
    const departmentIds = [...new Set(served.map((open) => open.department?.id).filter((id): id is string => Boolean(id)))];
    return { id: user.id, roles, departmentIds };
}

/** The parts of a livechat room the rule looks at. */
export function roomScope(room: IRoom): RoomScope {
    const livechat = room as Partial<ILivechatRoom>;
    return { servedById: livechat.servedBy?.id, departmentId: livechat.department?.id };
}

/** Whether the user may see this email conversation (its inbox: undefined when removed since). */
export async function maySeeRoom(read: IRead, user: IUser, room: IRoom, inbox: InboxScope | undefined): Promise<boolean> {
    const scope = roomScope(room);
    return maySeeEmailRoom(await agentFacts(read, user, scope), scope, inbox);
}

/** The inboxes the user may use, of those given (one read of their departments for all). */
export async function usableInboxes<T extends InboxScope>(read: IRead, user: IUser, inboxes: readonly T[]): Promise<T[]> {
    const facts = await agentFacts(read, user);
    return inboxes.filter((inbox) => mayUseInbox(facts, inbox));
}
