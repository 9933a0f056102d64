import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import {
    AppBridges,
    CloudWorkspaceBridge,
    ContactBridge,
    EmailBridge,
    ExperimentalBridge,
    ModerationBridge,
    OutboundMessageBridge,
    VideoConferenceBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import type { CoreState } from '../CoreState';
import { LivechatRooms } from '../LivechatRooms';
import { HostApiBridge } from './HostApiBridge';
import { HostCommandBridge } from './HostCommandBridge';
import { HostHttpBridge } from './HostHttpBridge';
import { HostListenerBridge } from './HostListenerBridge';
import { HostLivechatBridge } from './HostLivechatBridge';
import { HostMessageBridge } from './HostMessageBridge';
import { HostPersistenceBridge } from './HostPersistenceBridge';
import { HostRoomBridge } from './HostRoomBridge';
import { HostSchedulerBridge } from './HostSchedulerBridge';
import { HostServerSettingBridge } from './HostServerSettingBridge';
import { HostUiInteractionBridge } from './HostUiInteractionBridge';
import { HostUploadBridge } from './HostUploadBridge';
import { HostUserBridge } from './HostUserBridge';
import { MessageSink } from './MessageSink';
import {
    HostAppActivationBridge,
    HostAppDetailChangesBridge,
    HostEnvironmentalVariableBridge,
    HostFederationBridge,
    HostInternalBridge,
    HostRoleBridge,
    unsupportedBridge,
} from './smallBridges';

/** All 28 bridges the AppManager asks for, over one CoreState. */
export class HostBridges extends AppBridges {
    readonly sink: MessageSink;
    readonly livechatRooms: LivechatRooms;
    readonly commands: HostCommandBridge;
    readonly scheduler: HostSchedulerBridge;
    readonly api: HostApiBridge;
    readonly activation = new HostAppActivationBridge();
    private readonly bridges: Record<string, object>;

    constructor(state: CoreState, manager: () => AppManager) {
        super();
        this.sink = new MessageSink(state);
        this.livechatRooms = new LivechatRooms(state, this.sink);
        this.commands = new HostCommandBridge(state);
        this.scheduler = new HostSchedulerBridge(state);
        this.api = new HostApiBridge(state, manager);
        const app = (appId: string) => ({ name: manager().getOneById(appId)?.getName() ?? appId, slug: manager().getOneById(appId)?.getNameSlug() ?? appId });
        this.bridges = {
            command: this.commands,
            contact: unsupportedBridge(ContactBridge, 'ContactBridge'),
            api: this.api,
            appDetailChanges: new HostAppDetailChangesBridge(),
            environmentalVariable: new HostEnvironmentalVariableBridge(),
            http: new HostHttpBridge(state),
            listener: new HostListenerBridge(manager),
            livechat: new HostLivechatBridge(state, this.sink, this.livechatRooms, app),
            message: new HostMessageBridge(state, this.sink, this.livechatRooms),
            persistence: new HostPersistenceBridge(state),
            appActivation: this.activation,
            room: new HostRoomBridge(state),
            internal: new HostInternalBridge(state),
            internalFederation: new HostFederationBridge(),
            serverSetting: new HostServerSettingBridge(state),
            upload: new HostUploadBridge(state, this.sink),
            email: unsupportedBridge(EmailBridge, 'EmailBridge'),
            user: new HostUserBridge(state),
            uiInteraction: new HostUiInteractionBridge(state),
            scheduler: this.scheduler,
            cloudWorkspace: unsupportedBridge(CloudWorkspaceBridge, 'CloudWorkspaceBridge'),
            videoConference: unsupportedBridge(VideoConferenceBridge, 'VideoConferenceBridge'),
            oauthApps: unsupportedBridge(OAuthAppsBridge, 'OAuthAppsBridge'),
            moderation: unsupportedBridge(ModerationBridge, 'ModerationBridge'),
            thread: unsupportedBridge(ThreadBridge, 'ThreadBridge'),
            role: new HostRoleBridge(),
            outboundMessage: unsupportedBridge(OutboundMessageBridge, 'OutboundMessageBridge'),
            experimental: unsupportedBridge(ExperimentalBridge, 'ExperimentalBridge'),
        };
    }

    private get<T>(name: string): T {
        return this.bridges[name] as T;
    }

    getCommandBridge = () => this.get<never>('command');
    getContactBridge = () => this.get<never>('contact');
    getApiBridge = () => this.get<never>('api');
    getAppDetailChangesBridge = () => this.get<never>('appDetailChanges');
    getEnvironmentalVariableBridge = () => this.get<never>('environmentalVariable');
    getHttpBridge = () => this.get<never>('http');
    getListenerBridge = () => this.get<never>('listener');
    getLivechatBridge = () => this.get<never>('livechat');
    getMessageBridge = () => this.get<never>('message');
    getPersistenceBridge = () => this.get<never>('persistence');
    getAppActivationBridge = () => this.get<never>('appActivation');
    getRoomBridge = () => this.get<never>('room');
    getInternalBridge = () => this.get<never>('internal');
    getInternalFederationBridge = () => this.get<never>('internalFederation');
    getServerSettingBridge = () => this.get<never>('serverSetting');
    getUploadBridge = () => this.get<never>('upload');
    getEmailBridge = () => this.get<never>('email');
    getUserBridge = () => this.get<never>('user');
    getUiInteractionBridge = () => this.get<never>('uiInteraction');
    getSchedulerBridge = () => this.get<never>('scheduler');
    getCloudWorkspaceBridge = () => this.get<never>('cloudWorkspace');
    getVideoConferenceBridge = () => this.get<never>('videoConference');
    getOAuthAppsBridge = () => this.get<never>('oauthApps');
    getModerationBridge = () => this.get<never>('moderation');
    getThreadBridge = () => this.get<never>('thread');
    getRoleBridge = () => this.get<never>('role');
    getOutboundMessageBridge = () => this.get<never>('outboundMessage');
    getExperimentalBridge = () => this.get<never>('experimental');
}
