import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { AppSetting } from '../settings/AppSetting';
import { hasManagerRole } from './domain/hasManagerRole';

/** The server-side check behind every command and form submission that configures inboxes. */
export async function canManageInboxes(read: IRead, user: IUser): Promise<boolean> {
    const managerRoles = await read.getEnvironmentReader().getSettings().getValueById(AppSetting.ManagerRoles);
    return hasManagerRole(user.roles, String(managerRoles ?? ''));
}
