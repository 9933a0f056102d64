import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

import type { HostBridges } from './bridges/HostBridges';
import type { CoreState } from './CoreState';
import { newRoomFields } from './CoreState';
import type { MemoryLogStorage } from './storage';

/** The engine's listener manager as core calls it (its methods are not in the engine's public types). */
export interface PrivateListenerManager {
    executePostMessageSent(message: IMessage): Promise<void>;
    executeListener(int: AppInterface, data: unknown): Promise<unknown>;
}

/**
 * What the parts of a running host share: the engine, core's state and bridges, and the app
 * once installed. Each part (hostInteractions, hostCoreActions, hostObservations, hostAppControl)
 * gives some of EngineHost's methods over this.
 */
export class HostContext {
    public installedAppId?: string;
    /** Whether saved messages fire IPostMessageSent (EngineHost.setMessageEvents). */
    public messageEvents = true;
    private general?: IRoom;

    constructor(
        public readonly state: CoreState,
        public readonly bridges: HostBridges,
        public readonly engine: AppManager,
        public readonly logStorage: MemoryLogStorage,
        /** EngineHost.siteUrl: core's apps API server, up before the app is installed. */
        public readonly siteUrl: string,
        /** HostOptions.push: whether installApp leaves the app's push on. */
        public readonly push: boolean,
    ) {}

    public get listeners(): PrivateListenerManager {
        return this.engine.getListenerManager() as unknown as PrivateListenerManager;
    }

    public appId(): string {
        if (!this.installedAppId) throw new Error('install the app first: await host.installApp()');
        return this.installedAppId;
    }

    /** A room that is not a livechat room (for running commands in); created on first use. */
    public generalRoom(): IRoom {
        if (this.general) return this.general;
        this.general = {
            id: 'GENERAL',
            slugifiedName: 'general',
            displayName: 'general',
            type: RoomType.CHANNEL,
            creator: [...this.state.users.values()][0],
            isDefault: true,
            ...newRoomFields(new Date()),
        } as IRoom;
        this.state.rooms.set(this.general.id, this.general);
        return this.general;
    }

    public roomFor(roomId?: string): IRoom {
        if (!roomId) return this.generalRoom();
        const room = this.state.rooms.get(roomId);
        if (!room) throw new Error(`no room ${roomId}`);
        return room;
    }

    /** A UIKit interaction as core hands it to the app. */
    public async interact(data: Record<string, unknown>): Promise<IUIKitResponse | undefined> {
        return (await this.listeners.executeListener(AppInterface.IUIKitInteractionHandler, { appId: this.appId(), ...data })) as IUIKitResponse | undefined;
    }
}
