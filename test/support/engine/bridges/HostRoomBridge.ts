import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/** Rooms by id and name, their members and messages. */
export class HostRoomBridge extends RoomBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async create(room: IRoom, members: Array<string>): Promise<string> {
        const id = this.state.newId();
        this.state.rooms.set(id, { ...room, id, userIds: members.map((username) => this.state.userByUsername(username).id) });
        return id;
    }

    // Core: bridges/rooms.ts getById → converters/rooms.ts convertRoom.
    protected async getById(roomId: string): Promise<IRoom> {
        return this.state.convertedRoom(roomId) as IRoom;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        const room = [...this.state.rooms.values()].find((candidate) => candidate.slugifiedName === roomName || candidate.displayName === roomName);
        return (room && this.state.convertedRoom(room.id)) as IRoom;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        return this.state.rooms.get(roomId)?.creator;
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        return (await this.getByName(roomName))?.creator;
    }

    protected async getDirectByUsernames(): Promise<IRoom | undefined> {
        return undefined;
    }

    protected async getMembers(roomId: string): Promise<Array<IUser>> {
        const room = this.state.rooms.get(roomId);
        return (room?.userIds ?? []).map((id) => this.state.users.get(id)).filter((user): user is IUser => Boolean(user));
    }

    protected async getAllRooms(): Promise<Array<IRoomRaw>> {
        return [...this.state.rooms.values()] as unknown as IRoomRaw[];
    }

    protected async update(room: IRoom): Promise<void> {
        const stored = this.state.rooms.get(room.id);
        if (!stored) throw new Error(`room ${room.id} not found`);
        Object.assign(stored, room, { updatedAt: new Date() });
    }

    protected async createDiscussion(): Promise<string> {
        throw new Error('discussions are not available in the test host');
    }

    protected async delete(roomId: string): Promise<void> {
        this.state.rooms.delete(roomId);
    }

    protected async getModerators(): Promise<Array<IUser>> {
        return [];
    }

    protected async getOwners(): Promise<Array<IUser>> {
        return [];
    }

    protected async getLeaders(): Promise<Array<IUser>> {
        return [];
    }

    protected async getMessages(roomId: string): Promise<IMessageRaw[]> {
        return this.state.roomMessages(roomId) as unknown as IMessageRaw[];
    }

    protected async removeUsers(roomId: string, usernames: Array<string>): Promise<void> {
        const room = this.state.rooms.get(roomId);
        if (room) room.userIds = (room.userIds ?? []).filter((id) => !usernames.includes(this.state.users.get(id)?.username ?? ''));
    }

    protected async getUnreadByUser(): Promise<IMessageRaw[]> {
        return [];
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        return 0;
    }
}
