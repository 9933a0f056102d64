// The read accessors in the app's process, following Rocket.Chat's
// packages/apps/base-runtime/src/lib/accessors/read/*.ts method for method (names, arguments, the
// bridge each calls, the errors they throw themselves). Readers the app never uses
// (cloud workspace, video conference, OAuth apps, thread, role, contact, experimental) are handed
// in from the 1.62 proxy by AppAccessors.
import type { ICloudWorkspaceRead } from '@rocket.chat/apps-engine/definition/accessors/ICloudWorkspaceRead';
import type { IContactRead } from '@rocket.chat/apps-engine/definition/accessors/IContactRead';
import type { IEnvironmentRead } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentRead';
import type { IExperimentalRead } from '@rocket.chat/apps-engine/definition/accessors/IExperimentalRead';
import type { ILivechatRead } from '@rocket.chat/apps-engine/definition/accessors/ILivechatRead';
import type { IMessageRead } from '@rocket.chat/apps-engine/definition/accessors/IMessageRead';
import type { INotifier } from '@rocket.chat/apps-engine/definition/accessors/INotifier';
import type { IOAuthAppsReader } from '@rocket.chat/apps-engine/definition/accessors/IOAuthAppsReader';
import type { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors/IPersistenceRead';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors/IRead';
import type { IRoleRead } from '@rocket.chat/apps-engine/definition/accessors/IRoleRead';
import type { IRoomRead } from '@rocket.chat/apps-engine/definition/accessors/IRoomRead';
import type { IThreadRead } from '@rocket.chat/apps-engine/definition/accessors/IThreadRead';
import type { IUploadRead } from '@rocket.chat/apps-engine/definition/accessors/IUploadRead';
import type { IUserRead } from '@rocket.chat/apps-engine/definition/accessors/IUserRead';
import type { IVideoConferenceRead } from '@rocket.chat/apps-engine/definition/accessors/IVideoConferenceRead';
import type { IDepartment } from '@rocket.chat/apps-engine/definition/livechat/IDepartment';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat/ILivechatRoom';
import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat/IVisitor';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage';
import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages/IMessageRaw';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata/RocketChatAssociations';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/IRoom';
import type { IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms/IRoomRaw';
import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads/IUpload';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/IUser';
import type { GetMessagesOptions, GetRoomsFilters, GetRoomsOptions } from '@rocket.chat/apps-engine/server/bridges/RoomBridge';

import type { Bridges } from './bridgeCall';
import { APP_ID } from './bridgeCall';

/** base-runtime read/PersistenceRead.ts */
export class PersistenceRead implements IPersistenceRead {
    constructor(private readonly bridges: Bridges) {}

    read(id: string): Promise<object> {
        return this.bridges.call<object>('getPersistenceBridge', 'doReadById', id, APP_ID);
    }

    readByAssociation(association: RocketChatAssociationRecord): Promise<Array<object>> {
        return this.bridges.call<Array<object>>('getPersistenceBridge', 'doReadByAssociations', [association], APP_ID);
    }

    readByAssociations(associations: Array<RocketChatAssociationRecord>): Promise<Array<object>> {
        return this.bridges.call<Array<object>>('getPersistenceBridge', 'doReadByAssociations', associations, APP_ID);
    }
}

/** base-runtime read/MessageRead.ts: the sender and room come from the message read by id. */
export class MessageRead implements IMessageRead {
    constructor(private readonly bridges: Bridges) {}

    getById(id: string): Promise<IMessage> {
        return this.bridges.call<IMessage>('getMessageBridge', 'doGetById', id, APP_ID);
    }

    async getSenderUser(messageId: string): Promise<IUser> {
        const message = await this.getById(messageId);
        return message ? message.sender : (undefined as unknown as IUser);
    }

    async getRoom(messageId: string): Promise<IRoom> {
        const message = await this.getById(messageId);
        return message ? message.room : (undefined as unknown as IRoom);
    }
}

/** server/bridges/RoomBridge.js `GetMessagesSortableFields` in 1.62 (base-runtime reads the same list from the definitions). */
const SORTABLE_FIELDS = ['createdAt'];

function checkSort(sort: Record<string, unknown>): void {
    for (const [key, direction] of Object.entries(sort)) {
        if (!SORTABLE_FIELDS.includes(key)) {
            throw new Error(`Invalid key "${key}" used in sort. Available keys for sorting are ${SORTABLE_FIELDS.join(', ')}`);
        }
        if (direction !== 'asc' && direction !== 'desc') {
            throw new Error(`Invalid sort direction for field "${key}". Expected "asc" or "desc", got ${String(direction)}`);
        }
    }
}

function checkLimit(limit: number): void {
    if (!Number.isFinite(limit) || limit <= 0 || limit > 100) {
        throw new Error(`Invalid limit provided. Expected number between 1 and 100, got ${limit}`);
    }
}

/** base-runtime read/RoomRead.ts, with its checks of limits, skips and sorts done here before any bridge call. */
export class RoomRead implements IRoomRead {
    constructor(private readonly bridges: Bridges) {}

    getById(id: string): Promise<IRoom> {
        return this.bridges.call<IRoom>('getRoomBridge', 'doGetById', id, APP_ID);
    }

    getCreatorUserById(id: string): Promise<IUser> {
        return this.bridges.call<IUser>('getRoomBridge', 'doGetCreatorById', id, APP_ID);
    }

    getByName(name: string): Promise<IRoom> {
        return this.bridges.call<IRoom>('getRoomBridge', 'doGetByName', name, APP_ID);
    }

    getCreatorUserByName(name: string): Promise<IUser> {
        return this.bridges.call<IUser>('getRoomBridge', 'doGetCreatorByName', name, APP_ID);
    }

    getMessages(roomId: string, options: Partial<GetMessagesOptions> = {}): Promise<IMessageRaw[]> {
        if (typeof options.limit !== 'undefined' && (!Number.isFinite(options.limit) || options.limit > 100)) {
            throw new Error(`Invalid limit provided. Expected number <= 100, got ${options.limit}`);
        }
        options.limit ??= 100;
        options.showThreadMessages ??= true;
        if (options.sort) checkSort(options.sort);
        return this.bridges.call<IMessageRaw[]>('getRoomBridge', 'doGetMessages', roomId, options, APP_ID);
    }

    getMembers(roomId: string): Promise<Array<IUser>> {
        return this.bridges.call<Array<IUser>>('getRoomBridge', 'doGetMembers', roomId, APP_ID);
    }

    getAllRooms(filters: GetRoomsFilters = {}, { limit = 100, skip = 0 }: GetRoomsOptions = {}): Promise<Array<IRoomRaw> | undefined> {
        checkLimit(limit);
        if (!Number.isFinite(skip) || skip < 0) throw new Error(`Invalid skip provided. Expected number >= 0, got ${skip}`);
        return this.bridges.call<Array<IRoomRaw> | undefined>('getRoomBridge', 'doGetAllRooms', filters, { limit, skip }, APP_ID);
    }

    getDirectByUsernames(usernames: Array<string>): Promise<IRoom> {
        return this.bridges.call<IRoom>('getRoomBridge', 'doGetDirectByUsernames', usernames, APP_ID);
    }

    getModerators(roomId: string): Promise<Array<IUser>> {
        return this.bridges.call<Array<IUser>>('getRoomBridge', 'doGetModerators', roomId, APP_ID);
    }

    getOwners(roomId: string): Promise<Array<IUser>> {
        return this.bridges.call<Array<IUser>>('getRoomBridge', 'doGetOwners', roomId, APP_ID);
    }

    getLeaders(roomId: string): Promise<Array<IUser>> {
        return this.bridges.call<Array<IUser>>('getRoomBridge', 'doGetLeaders', roomId, APP_ID);
    }

    async getUnreadByUser(roomId: string, uid: string, options: Partial<GetMessagesOptions> = {}): Promise<IMessageRaw[]> {
        const { limit = 100, sort = { createdAt: 'asc' }, skip = 0, showThreadMessages = true } = options;
        if (typeof roomId !== 'string' || roomId.trim().length === 0) throw new Error('Invalid roomId: must be a non-empty string');
        checkLimit(limit);
        checkSort(sort);
        return this.bridges.call<IMessageRaw[]>('getRoomBridge', 'doGetUnreadByUser', roomId, uid, { limit, sort, skip, showThreadMessages }, APP_ID);
    }

    getUserUnreadMessageCount(roomId: string, uid: string): Promise<number> {
        return this.bridges.call<number>('getRoomBridge', 'doGetUserUnreadMessageCount', roomId, uid, APP_ID);
    }
}

/** base-runtime read/UserRead.ts. `getAppUser`'s appId is the app's argument, the sentinel only when omitted. */
export class UserRead implements IUserRead {
    constructor(private readonly bridges: Bridges) {}

    getById(id: string): Promise<IUser> {
        return this.bridges.call<IUser>('getUserBridge', 'doGetById', id, APP_ID);
    }

    getByUsername(username: string): Promise<IUser> {
        return this.bridges.call<IUser>('getUserBridge', 'doGetByUsername', username, APP_ID);
    }

    getBySipExtension(extension: string): Promise<IUser | undefined> {
        if (!extension) return Promise.resolve(undefined);
        return this.bridges.call<IUser | undefined>('getUserBridge', 'doGetBySipExtension', extension, APP_ID);
    }

    getAppUser(appId: string = APP_ID): Promise<IUser | undefined> {
        return this.bridges.call<IUser | undefined>('getUserBridge', 'doGetAppUser', appId);
    }

    getUserUnreadMessageCount(uid: string): Promise<number> {
        return this.bridges.call<number>('getUserBridge', 'doGetUserUnreadMessageCount', uid, APP_ID);
    }

    getUserRoomIds(userId: string): Promise<string[]> {
        return this.bridges.call<string[]>('getUserBridge', 'doGetUserRoomIds', userId, APP_ID);
    }
}

/** base-runtime read/LivechatRead.ts */
export class LivechatRead implements ILivechatRead {
    constructor(private readonly bridges: Bridges) {}

    /** Deprecated: it warns and really answers a Promise, as Rocket.Chat's does (the declared `boolean` is the interface's). */
    isOnline(departmentId?: string): boolean {
        console.warn("The `LivechatRead.isOnline` method is deprecated and won't behave as intended. Please use `LivechatRead.isOnlineAsync` instead");
        return this.bridges.call('getLivechatBridge', 'doIsOnline', departmentId, APP_ID) as unknown as boolean;
    }

    isOnlineAsync(departmentId?: string): Promise<boolean> {
        return this.bridges.call<boolean>('getLivechatBridge', 'doIsOnlineAsync', departmentId, APP_ID);
    }

    getDepartmentsEnabledWithAgents(): Promise<Array<IDepartment>> {
        return this.bridges.call<Array<IDepartment>>('getLivechatBridge', 'doFindDepartmentsEnabledWithAgents', APP_ID);
    }

    getLivechatRooms(visitor: IVisitor, departmentId?: string): Promise<Array<ILivechatRoom>> {
        return this.bridges.call<Array<ILivechatRoom>>('getLivechatBridge', 'doFindRooms', visitor, departmentId, APP_ID);
    }

    getLivechatTotalOpenRoomsByAgentId(agentId: string): Promise<number> {
        return this.bridges.call<number>('getLivechatBridge', 'doCountOpenRoomsByAgentId', agentId, APP_ID);
    }

    getLivechatOpenRoomsByAgentId(agentId: string): Promise<Array<ILivechatRoom>> {
        return this.bridges.call<Array<ILivechatRoom>>('getLivechatBridge', 'doFindOpenRoomsByAgentId', agentId, APP_ID);
    }

    getLivechatVisitors(query: object): Promise<Array<IVisitor>> {
        return this.bridges.call<Array<IVisitor>>('getLivechatBridge', 'doFindVisitors', query, APP_ID);
    }

    getLivechatVisitorById(id: string): Promise<IVisitor | undefined> {
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doFindVisitorById', id, APP_ID);
    }

    getLivechatVisitorByEmail(email: string): Promise<IVisitor | undefined> {
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doFindVisitorByEmail', email, APP_ID);
    }

    getLivechatVisitorByToken(token: string): Promise<IVisitor | undefined> {
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doFindVisitorByToken', token, APP_ID);
    }

    getLivechatVisitorByPhoneNumber(phoneNumber: string): Promise<IVisitor | undefined> {
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doFindVisitorByPhoneNumber', phoneNumber, APP_ID);
    }

    getLivechatDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        return this.bridges.call<IDepartment | undefined>('getLivechatBridge', 'doFindDepartmentByIdOrName', value, APP_ID);
    }

    /** The app id comes first here, as in the livechat bridge's `do_fetchLivechatRoomMessages(appId, roomId)`. */
    _fetchLivechatRoomMessages(roomId: string): Promise<Array<IMessage>> {
        return this.bridges.call<Array<IMessage>>('getLivechatBridge', 'do_fetchLivechatRoomMessages', APP_ID, roomId);
    }
}

/** base-runtime read/UploadRead.ts */
export class UploadRead implements IUploadRead {
    constructor(private readonly bridges: Bridges) {}

    getById(id: string): Promise<IUpload> {
        return this.bridges.call<IUpload>('getUploadBridge', 'doGetById', id, APP_ID);
    }

    getBuffer(upload: IUpload): Promise<Buffer> {
        return this.bridges.call<Buffer>('getUploadBridge', 'doGetBuffer', upload, APP_ID);
    }

    async getBufferById(id: string): Promise<Buffer> {
        const upload = await this.getById(id);
        return this.bridges.call<Buffer>('getUploadBridge', 'doGetBuffer', upload, APP_ID);
    }
}

/** The readers the app never uses, still through the 1.62 accessor proxy. */
export interface ProxiedReaders {
    cloudWorkspace: ICloudWorkspaceRead;
    videoConference: IVideoConferenceRead;
    oauthApps: IOAuthAppsReader;
    thread: IThreadRead;
    role: IRoleRead;
    contact: IContactRead;
    experimental: IExperimentalRead;
}

/** base-runtime read/Reader.ts: a getter per reader. */
export class Reader implements IRead {
    constructor(
        private readonly environment: IEnvironmentRead,
        private readonly message: IMessageRead,
        private readonly persistence: IPersistenceRead,
        private readonly room: IRoomRead,
        private readonly user: IUserRead,
        private readonly notifier: INotifier,
        private readonly livechat: ILivechatRead,
        private readonly upload: IUploadRead,
        private readonly proxied: ProxiedReaders,
    ) {}

    getEnvironmentReader(): IEnvironmentRead {
        return this.environment;
    }

    getMessageReader(): IMessageRead {
        return this.message;
    }

    getPersistenceReader(): IPersistenceRead {
        return this.persistence;
    }

    getRoomReader(): IRoomRead {
        return this.room;
    }

    getUserReader(): IUserRead {
        return this.user;
    }

    getNotifier(): INotifier {
        return this.notifier;
    }

    getLivechatReader(): ILivechatRead {
        return this.livechat;
    }

    getUploadReader(): IUploadRead {
        return this.upload;
    }

    getCloudWorkspaceReader(): ICloudWorkspaceRead {
        return this.proxied.cloudWorkspace;
    }

    getVideoConferenceReader(): IVideoConferenceRead {
        return this.proxied.videoConference;
    }

    getOAuthAppsReader(): IOAuthAppsReader {
        return this.proxied.oauthApps;
    }

    getThreadReader(): IThreadRead {
        return this.proxied.thread;
    }

    getRoleReader(): IRoleRead {
        return this.proxied.role;
    }

    getContactReader(): IContactRead {
        return this.proxied.contact;
    }

    getExperimentalReader(): IExperimentalRead {
        return this.proxied.experimental;
    }
}
