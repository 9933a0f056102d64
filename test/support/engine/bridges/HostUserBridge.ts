import type { IUser, IUserCreationOptions } from '@rocket.chat/apps-engine/definition/users';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/** Users, including the bot user the engine creates for each app at install. */
export class HostUserBridge extends UserBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        return structuredClone(this.state.users.get(id)) as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        return structuredClone([...this.state.users.values()].find((user) => user.username === username)) as IUser;
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        return [...this.state.users.values()].find((user) => user.type === UserType.APP && user.appId === appId);
    }

    protected async getActiveUserCount(): Promise<number> {
        return [...this.state.users.values()].filter((user) => user.isEnabled).length;
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        return [...this.state.rooms.values()].filter((room) => room.userIds?.includes(userId)).map((room) => room.id);
    }

    protected async create(data: Partial<IUser>, appId: string, options?: IUserCreationOptions): Promise<string> {
        const id = this.state.newId();
        const now = new Date();
        this.state.users.set(id, {
            id,
            username: data.username ?? `app-${appId}`,
            name: data.name ?? data.username ?? 'app',
            emails: data.emails ?? [],
            type: data.type ?? UserType.APP,
            isEnabled: true,
            status: 'online',
            statusConnection: UserStatusConnection.ONLINE,
            utcOffset: 0,
            createdAt: now,
            updatedAt: now,
            lastLoginAt: now,
            roles: data.roles ?? ['app'],
            appId,
        });
        void options;
        return id;
    }

    protected async remove(user: IUser): Promise<boolean> {
        return this.state.users.delete(user.id);
    }

    protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
        const stored = this.state.users.get(user.id);
        if (!stored) return false;
        Object.assign(stored, updates, { updatedAt: new Date() });
        return true;
    }

    protected async deleteUsersCreatedByApp(appId: string, type: UserType.APP | UserType.BOT): Promise<boolean> {
        for (const [id, user] of this.state.users) if (user.appId === appId && user.type === type) this.state.users.delete(id);
        return true;
    }

    protected async deactivate(userId: string): Promise<boolean> {
        const user = this.state.users.get(userId);
        if (user) user.isEnabled = false;
        return Boolean(user);
    }
}
