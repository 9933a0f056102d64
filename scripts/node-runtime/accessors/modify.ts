// The modify accessors in the app's process, following Rocket.Chat's
// packages/apps/base-runtime/src/lib/accessors/{Persistence.ts, notifier.ts, modify/*.ts} method
// for method. The builders are the engine's own (1.62 deno-runtime lib/accessors/builders, the
// same classes base-runtime carries), handed in so that this file needs no runtime module.
import type { IContactCreator } from '@rocket.chat/apps-engine/definition/accessors/IContactCreator';
import type { IEmailCreator } from '@rocket.chat/apps-engine/definition/accessors/IEmailCreator';
import type { ILivechatCreator, IExtraRoomParams } from '@rocket.chat/apps-engine/definition/accessors/ILivechatCreator';
import type { ILivechatMessageBuilder } from '@rocket.chat/apps-engine/definition/accessors/ILivechatMessageBuilder';
import type { IMessageBuilder } from '@rocket.chat/apps-engine/definition/accessors/IMessageBuilder';
import type { IModifyCreator } from '@rocket.chat/apps-engine/definition/accessors/IModifyCreator';
import type { INotifier, ITypingOptions } from '@rocket.chat/apps-engine/definition/accessors/INotifier';
import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors/IPersistence';
import type { IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors/IRoomBuilder';
import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors/ISchedulerModify';
import type {
    IUIController,
    IUIKitErrorInteractionParam,
    IUIKitInteractionParam,
    IUIKitSurfaceViewParam,
} from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import type { IUploadCreator } from '@rocket.chat/apps-engine/definition/accessors/IUploadCreator';
import type { IUserBuilder } from '@rocket.chat/apps-engine/definition/accessors/IUserBuilder';
import type { IVideoConferenceBuilder } from '@rocket.chat/apps-engine/definition/accessors/IVideoConferenceBuilder';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat/ILivechatRoom';
import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat/IVisitor';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata/RocketChatAssociations';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms/IRoom';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IOnetimeSchedule';
import type { IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IRecurringSchedule';
import type { IUIKitContextualBarViewParam, IUIKitModalViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads/IUpload';
import type { IUploadDescriptor } from '@rocket.chat/apps-engine/definition/uploads/IUploadDescriptor';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import type { IBotUser } from '@rocket.chat/apps-engine/definition/users/IBotUser';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/IUser';
import { randomBytes } from 'node:crypto';

import { TypingScope } from '@rocket.chat/apps-engine/definition/accessors/INotifier';
import { RocketChatAssociationModel } from '@rocket.chat/apps-engine/definition/metadata/RocketChatAssociations';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms/RoomType';
import { UIKitInteractionType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitInteractionType';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';
import {
    formatContextualBarInteraction,
    formatErrorInteraction,
    formatModalInteraction,
} from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionPayloadFormatter';
import { UserType } from '@rocket.chat/apps-engine/definition/users/UserType';
import { UIHelper } from '@rocket.chat/apps-engine/server/misc/UIHelper';

import type { Bridges } from './bridgeCall';
import { APP_ID } from './bridgeCall';

/** The app's id as the runtime knows it (AppObjectRegistry 'id'), for ids built in the process. */
export type AppIdSource = () => string;

/** base-runtime Persistence.ts: a single association is sent as a one-element list. */
export class Persistence implements IPersistence {
    constructor(private readonly bridges: Bridges) {}

    create(data: object): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doCreate', data, APP_ID);
    }

    createWithAssociation(data: object, association: RocketChatAssociationRecord): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doCreateWithAssociations', data, [association], APP_ID);
    }

    createWithAssociations(data: object, associations: Array<RocketChatAssociationRecord>): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doCreateWithAssociations', data, associations, APP_ID);
    }

    update(id: string, data: object, upsert = false): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doUpdate', id, data, upsert, APP_ID);
    }

    updateByAssociation(association: RocketChatAssociationRecord, data: object, upsert = false): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doUpdateByAssociations', [association], data, upsert, APP_ID);
    }

    updateByAssociations(associations: Array<RocketChatAssociationRecord>, data: object, upsert = false): Promise<string> {
        return this.bridges.call<string>('getPersistenceBridge', 'doUpdateByAssociations', associations, data, upsert, APP_ID);
    }

    remove(id: string): Promise<object> {
        return this.bridges.call<object>('getPersistenceBridge', 'doRemove', id, APP_ID);
    }

    removeByAssociation(association: RocketChatAssociationRecord): Promise<Array<object>> {
        return this.bridges.call<Array<object>>('getPersistenceBridge', 'doRemoveByAssociations', [association], APP_ID);
    }

    removeByAssociations(associations: Array<RocketChatAssociationRecord>): Promise<Array<object>> {
        return this.bridges.call<Array<object>>('getPersistenceBridge', 'doRemoveByAssociations', associations, APP_ID);
    }
}

/** base-runtime modify/SchedulerModify.ts: job ids become `<id>_<appId>` here, unless they already carry it. */
export class SchedulerModify implements ISchedulerModify {
    constructor(
        private readonly bridges: Bridges,
        private readonly appId: AppIdSource,
    ) {}

    private processorId(jobId: string): string {
        const appId = this.appId();
        return jobId.includes(`_${appId}`) ? jobId : `${jobId}_${appId}`;
    }

    async scheduleOnce(job: IOnetimeSchedule): Promise<void | string> {
        return this.bridges.call<void | string>('getSchedulerBridge', 'doScheduleOnce', { ...job, id: this.processorId(job.id) }, APP_ID);
    }

    async scheduleRecurring(job: IRecurringSchedule): Promise<void | string> {
        return this.bridges.call<void | string>('getSchedulerBridge', 'doScheduleRecurring', { ...job, id: this.processorId(job.id) }, APP_ID);
    }

    async cancelJob(jobId: string): Promise<void> {
        await this.bridges.call('getSchedulerBridge', 'doCancelJob', this.processorId(jobId), APP_ID);
    }

    async cancelAllJobs(): Promise<void> {
        await this.bridges.call('getSchedulerBridge', 'doCancelAllJobs', APP_ID);
    }
}

/** base-runtime modify/UIController.ts: block ids assigned and the interaction formatted here, then the UI interaction bridge. */
export class UIController implements IUIController {
    constructor(
        private readonly bridges: Bridges,
        private readonly appId: AppIdSource,
    ) {}

    /** @deprecated as in the interface: use openSurfaceView */
    openModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.modal(view, context, user, false);
    }

    /** @deprecated as in the interface: use updateSurfaceView */
    updateModalView(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.modal(view, context, user, true);
    }

    /** @deprecated as in the interface: use openSurfaceView */
    openContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.contextualBar(view, context, user, false);
    }

    /** @deprecated as in the interface: use updateSurfaceView */
    updateContextualBarView(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.contextualBar(view, context, user, true);
    }

    openSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.surface(view, context, user, false);
    }

    updateSurfaceView(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        return this.surface(view, context, user, true);
    }

    setViewError(errorInteraction: IUIKitErrorInteractionParam, context: IUIKitInteractionParam, user: IUser): Promise<void> {
        const interaction = formatErrorInteraction(errorInteraction, { ...context, type: UIKitInteractionType.ERRORS, appId: this.appId() });
        return this.bridges.call<void>('getUiInteractionBridge', 'doNotifyUser', user, interaction, APP_ID);
    }

    /** A surface of another type answers undefined, as Rocket.Chat's switch does. */
    private surface(view: IUIKitSurfaceViewParam, context: IUIKitInteractionParam, user: IUser, isUpdate: boolean): Promise<void> {
        const withIds = { ...view, blocks: UIHelper.assignIds(view.blocks, this.appId()) };
        switch (view.type) {
            case UIKitSurfaceType.CONTEXTUAL_BAR:
                return this.contextualBar(withIds as IUIKitContextualBarViewParam, context, user, isUpdate);
            case UIKitSurfaceType.MODAL:
                return this.modal(withIds as IUIKitModalViewParam, context, user, isUpdate);
        }
        return undefined as unknown as Promise<void>;
    }

    private contextualBar(view: IUIKitContextualBarViewParam, context: IUIKitInteractionParam, user: IUser, isUpdate: boolean): Promise<void> {
        const type = isUpdate ? UIKitInteractionType.CONTEXTUAL_BAR_UPDATE : UIKitInteractionType.CONTEXTUAL_BAR_OPEN;
        const interaction = formatContextualBarInteraction(view, { ...context, type, appId: this.appId() });
        return this.bridges.call<void>('getUiInteractionBridge', 'doNotifyUser', user, interaction, APP_ID);
    }

    private modal(view: IUIKitModalViewParam, context: IUIKitInteractionParam, user: IUser, isUpdate: boolean): Promise<void> {
        const type = isUpdate ? UIKitInteractionType.MODAL_UPDATE : UIKitInteractionType.MODAL_OPEN;
        const interaction = formatModalInteraction(view, { ...context, type, appId: this.appId() });
        return this.bridges.call<void>('getUiInteractionBridge', 'doNotifyUser', user, interaction, APP_ID);
    }
}

/** base-runtime modify/LivechatCreator.ts; the token is made here (128 random bits), not by the host. */
export class LivechatCreator implements ILivechatCreator {
    constructor(private readonly bridges: Bridges) {}

    resolveVisitor(...args: Parameters<NonNullable<ILivechatCreator['resolveVisitor']>>): Promise<IVisitor | undefined> {
        const [externalId, contactData] = args;
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doResolveVisitor', externalId, contactData, APP_ID);
    }

    createRoom(visitor: IVisitor, agent: IUser, extraParams?: IExtraRoomParams): Promise<ILivechatRoom> {
        return this.bridges.call<ILivechatRoom>('getLivechatBridge', 'doCreateRoom', visitor, agent, APP_ID, extraParams);
    }

    /** @deprecated as in the interface: use createAndReturnVisitor */
    createVisitor(visitor: IVisitor): Promise<string> {
        return this.bridges.call<string>('getLivechatBridge', 'doCreateVisitor', visitor, APP_ID);
    }

    createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor | undefined> {
        return this.bridges.call<IVisitor | undefined>('getLivechatBridge', 'doCreateAndReturnVisitor', visitor, APP_ID);
    }

    createToken(): string {
        return randomBytes(16).toString('hex');
    }
}

/** base-runtime modify/UploadCreator.ts: without a user or a visitor token, the app's user uploads. */
export class UploadCreator implements IUploadCreator {
    constructor(private readonly bridges: Bridges) {}

    async uploadBuffer(buffer: Buffer, descriptor: IUploadDescriptor): Promise<IUpload> {
        if (!Object.hasOwn(descriptor, 'user') && !descriptor.visitorToken) {
            descriptor.user = await this.bridges.call<IUser>('getUserBridge', 'doGetAppUser', APP_ID);
        }
        const details = {
            name: descriptor.filename,
            size: buffer.length,
            rid: descriptor.room.id,
            userId: descriptor.user?.id,
            visitorToken: descriptor.visitorToken,
        } as IUploadDetails;
        return this.bridges.call<IUpload>('getUploadBridge', 'doCreateUpload', details, buffer, APP_ID);
    }
}

/** base-runtime notifier.ts: without a sender, the app's user sends. */
export class Notifier implements INotifier {
    constructor(
        private readonly bridges: Bridges,
        private readonly newMessageBuilder: () => IMessageBuilder,
    ) {}

    async notifyUser(user: IUser, message: IMessage): Promise<void> {
        if (!message.sender?.id) message.sender = (await this.appUser()) as IUser;
        await this.bridges.call('getMessageBridge', 'doNotifyUser', user, message, APP_ID);
    }

    async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        if (!message.sender?.id) message.sender = (await this.appUser()) as IUser;
        await this.bridges.call('getMessageBridge', 'doNotifyRoom', room, message, APP_ID);
    }

    async typing(options: ITypingOptions): Promise<() => Promise<void>> {
        options.scope = options.scope || TypingScope.Room;
        if (!options.username) options.username = (await this.appUser())?.name || '';
        await this.bridges.call('getMessageBridge', 'doTyping', { ...options, isTyping: true }, APP_ID);
        return async () => {
            await this.bridges.call('getMessageBridge', 'doTyping', { ...options, isTyping: false }, APP_ID);
        };
    }

    getMessageBuilder(): IMessageBuilder {
        return this.newMessageBuilder();
    }

    private appUser(): Promise<IUser | undefined> {
        return this.bridges.call<IUser | undefined>('getUserBridge', 'doGetAppUser', APP_ID);
    }
}

type Builder = { kind: RocketChatAssociationModel };
type Constructor<T> = new (data?: never) => T;

/** The engine's builder classes ModifyCreator starts (1.62 deno-runtime lib/accessors/builders/*). */
export interface BuilderClasses {
    BlockBuilder: new () => unknown;
    MessageBuilder: Constructor<IMessageBuilder>;
    LivechatMessageBuilder: Constructor<ILivechatMessageBuilder>;
    RoomBuilder: Constructor<IRoomBuilder>;
    DiscussionBuilder: Constructor<IRoomBuilder & { getParentMessage(): unknown; getReply(): unknown }>;
    VideoConferenceBuilder: Constructor<IVideoConferenceBuilder>;
    UserBuilder: Constructor<IUserBuilder>;
}

/** The sub-creators the app never uses, still through the 1.62 accessor proxy. */
export interface ProxiedCreators {
    email: IEmailCreator;
    contact: IContactCreator;
}

/** base-runtime modify/ModifyCreator.ts: builders start here; `finish` checks the built object, then the bridge of its kind. */
export class ModifyCreator implements IModifyCreator {
    constructor(
        private readonly bridges: Bridges,
        private readonly appId: AppIdSource,
        private readonly builders: BuilderClasses,
        private readonly proxied: ProxiedCreators,
    ) {}

    getLivechatCreator(): ILivechatCreator {
        return new LivechatCreator(this.bridges);
    }

    getUploadCreator(): IUploadCreator {
        return new UploadCreator(this.bridges);
    }

    getEmailCreator(): IEmailCreator {
        return this.proxied.email;
    }

    getContactCreator(): IContactCreator {
        return this.proxied.contact;
    }

    getBlockBuilder(): never {
        return new this.builders.BlockBuilder() as never;
    }

    startMessage(data?: IMessage): IMessageBuilder {
        if (data) delete data.id;
        return new this.builders.MessageBuilder(data as never);
    }

    startLivechatMessage(data?: IMessage): ILivechatMessageBuilder {
        if (data) delete data.id;
        return new this.builders.LivechatMessageBuilder(data as never);
    }

    startRoom(data?: IRoom): IRoomBuilder {
        if (data) delete (data as { id?: string }).id;
        return new this.builders.RoomBuilder(data as never);
    }

    startDiscussion(data?: Partial<IRoom>): never {
        if (data) delete data.id;
        return new this.builders.DiscussionBuilder(data as never) as never;
    }

    startVideoConference(data?: object): IVideoConferenceBuilder {
        return new this.builders.VideoConferenceBuilder(data as never);
    }

    startBotUser(data?: Partial<IBotUser>): IUserBuilder {
        if (data) {
            delete data.id;
            const privileged = (data.roles ?? [])
                .map((role) => role.toLocaleLowerCase())
                .some((role) => role === 'admin' || role === 'owner' || role === 'moderator');
            if (privileged) throw new Error('Invalid role assigned to the user. Should not be admin, owner or moderator.');
            if (!data.type) data.type = UserType.BOT;
        }
        return new this.builders.UserBuilder(data as never);
    }

    finish(builder: Builder): Promise<string> {
        switch (builder.kind) {
            case RocketChatAssociationModel.MESSAGE:
                return this.finishMessage(builder as unknown as IMessageBuilder);
            case RocketChatAssociationModel.LIVECHAT_MESSAGE:
                return this.finishLivechatMessage(builder as unknown as ILivechatMessageBuilder);
            case RocketChatAssociationModel.ROOM:
                return this.finishRoom(builder as unknown as IRoomBuilder);
            case RocketChatAssociationModel.DISCUSSION:
                return this.finishDiscussion(builder as unknown as InstanceType<BuilderClasses['DiscussionBuilder']>);
            case RocketChatAssociationModel.VIDEO_CONFERENCE:
                return this.finishVideoConference(builder as unknown as IVideoConferenceBuilder);
            case RocketChatAssociationModel.USER:
                return this.finishUser(builder as unknown as IUserBuilder);
            default:
                throw new Error('Invalid builder passed to the ModifyCreator.finish function.');
        }
    }

    private async finishMessage(builder: IMessageBuilder): Promise<string> {
        const message = builder.getMessage();
        delete message.id;
        if (!message.sender?.id) {
            const appUser = await this.bridges.call<IUser | undefined>('getUserBridge', 'doGetAppUser', APP_ID);
            if (!appUser) throw new Error('Invalid sender assigned to the message.');
            message.sender = appUser;
        }
        if (message.blocks?.length) message.blocks = UIHelper.assignIds(message.blocks, this.appId());
        return String(await this.bridges.call('getMessageBridge', 'doCreate', message, APP_ID));
    }

    private async finishLivechatMessage(builder: ILivechatMessageBuilder): Promise<string> {
        if (builder.getSender() && !builder.getVisitor()) return this.finishMessage(builder.getMessageBuilder());
        const message = builder.getMessage();
        delete message.id;
        if (!message.token && !message.visitor?.token) throw new Error('Invalid visitor sending the message');
        message.token = message.visitor ? message.visitor.token : message.token;
        return String(await this.bridges.call('getLivechatBridge', 'doCreateMessage', message, APP_ID));
    }

    private async finishRoom(builder: IRoomBuilder): Promise<string> {
        const room = builder.getRoom();
        delete (room as { id?: string }).id;
        if (!room.type) throw new Error('Invalid type assigned to the room.');
        if (room.type !== RoomType.LIVE_CHAT && !room.creator?.id) throw new Error('Invalid creator assigned to the room.');
        if (room.type !== RoomType.DIRECT_MESSAGE) {
            if (room.type !== RoomType.LIVE_CHAT && !room.slugifiedName?.trim()) throw new Error('Invalid slugifiedName assigned to the room.');
            if (!room.displayName?.trim()) throw new Error('Invalid displayName assigned to the room.');
        }
        return String(await this.bridges.call('getRoomBridge', 'doCreate', room, builder.getMembersToBeAddedUsernames(), APP_ID));
    }

    private async finishDiscussion(builder: InstanceType<BuilderClasses['DiscussionBuilder']>): Promise<string> {
        const room = builder.getRoom();
        delete (room as { id?: string }).id;
        if (!room.creator?.id) throw new Error('Invalid creator assigned to the discussion.');
        if (!room.slugifiedName?.trim()) throw new Error('Invalid slugifiedName assigned to the discussion.');
        if (!room.displayName?.trim()) throw new Error('Invalid displayName assigned to the discussion.');
        if (!room.parentRoom?.id) throw new Error('Invalid parentRoom assigned to the discussion.');
        const id = await this.bridges.call(
            'getRoomBridge',
            'doCreateDiscussion',
            room,
            builder.getParentMessage(),
            builder.getReply(),
            builder.getMembersToBeAddedUsernames(),
            APP_ID,
        );
        return String(id);
    }

    private async finishVideoConference(builder: IVideoConferenceBuilder): Promise<string> {
        const call = builder.getVideoConference();
        if (!call.createdBy) throw new Error('Invalid creator assigned to the video conference.');
        if (!call.providerName?.trim()) throw new Error('Invalid provider name assigned to the video conference.');
        if (!call.rid) throw new Error('Invalid roomId assigned to the video conference.');
        return String(await this.bridges.call('getVideoConferenceBridge', 'doCreate', call, APP_ID));
    }

    private async finishUser(builder: IUserBuilder): Promise<string> {
        return String(await this.bridges.call('getUserBridge', 'doCreate', builder.getUser(), APP_ID));
    }
}
