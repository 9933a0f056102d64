import type { IDepartment } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';

import type { CoreState } from './CoreState';
import type { AddUserOptions } from './EngineHost';

/** A workspace user, online unless told otherwise, serving the given departments when an agent. */
export function addUser(state: CoreState, user: AddUserOptions): IUser {
    const id = state.newId();
    const now = new Date();
    const stored: IUser = {
        id,
        username: user.username,
        name: user.name ?? user.username,
        emails: [{ address: user.email ?? `${user.username}@workspace.test`, verified: true }],
        type: UserType.USER,
        isEnabled: true,
        status: user.status ?? 'online',
        statusConnection: user.status === 'offline' ? UserStatusConnection.OFFLINE : UserStatusConnection.ONLINE,
        utcOffset: 0,
        createdAt: now,
        updatedAt: now,
        lastLoginAt: now,
        roles: user.roles ?? ['user'],
        settings: user.language ? { preferences: { language: user.language } } : undefined,
    } as IUser;
    state.users.set(id, stored);
    if (user.livechat) state.statusLivechat.set(id, user.livechat);
    for (const departmentId of user.departments ?? []) {
        if (!state.departments.has(departmentId)) throw new Error(`no department ${departmentId}`);
        state.departmentAgents.set(departmentId, new Set([...(state.departmentAgents.get(departmentId) ?? []), id]));
    }
    return stored;
}

/** A livechat department; `fallbackForwardDepartment` (an id) takes its chats when none of its agents is online. */
export function addDepartment(
    state: CoreState,
    { name, email, enabled = true, fallbackForwardDepartment }: { name: string; email?: string; enabled?: boolean; fallbackForwardDepartment?: string },
): IDepartment {
    const id = state.newId();
    const department = {
        id,
        name,
        email: email ?? '',
        enabled,
        showOnRegistration: true,
        showOnOfflineForm: true,
        numberOfAgents: 0,
        updatedAt: new Date(),
        ...(fallbackForwardDepartment && { fallbackForwardDepartment }),
    } as unknown as IDepartment;
    state.departments.set(id, department);
    return department;
}
