import type {
    IAppAccessors,
    IConfigurationExtend,
    IConfigurationModify,
    IEnvironmentRead,
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { ILivechatRoom, IPostLivechatRoomClosed } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IPostMessageSent } from '@rocket.chat/apps-engine/definition/messages';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type {
    IUIKitResponse,
    UIKitActionButtonInteractionContext,
    UIKitBlockInteractionContext,
    UIKitViewCloseInteractionContext,
    UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';

import { EmailInboxCommand } from './commands/EmailInboxCommand';
import { OAuthCallbackEndpoint } from './endpoints/OAuthCallbackEndpoint';
import { afterSaveJob } from './jobs/afterSaveJob';
import { deviceSignInJob } from './jobs/deviceSignInJob';
import { newEmailJob } from './jobs/newEmailJob';
import { selftestJob } from './jobs/selftestJob';
import { sendAgainJob } from './jobs/sendAgainJob';
import { outboxJob } from './jobs/outboxJob';
import { pollJob } from './jobs/pollJob';
import { pushSettingChanged } from './jobs/pushChain';
import { scheduleJobs } from './jobs/scheduleJobs';
import { PostLivechatRoomClosedHandler } from './outbound/PostLivechatRoomClosedHandler';
import { PostMessageSentHandler } from './outbound/PostMessageSentHandler';
import { unsupportedRuntimeReason } from './runtime/appRuntime';
import { AppSetting } from './settings/AppSetting';
import { settingDefinitions } from './settings/settingDefinitions';
import { ActionButtonHandler } from './ui/ActionButtonHandler';
import { BlockActionHandler } from './ui/BlockActionHandler';
import { emailPanelButton } from './ui/emailPanel/emailPanelButton';
import { panelButtons } from './ui/inboxPanel/panelButtons';
import { originalHeadersButton } from './ui/originalHeaders/originalHeadersButton';
import { newEmailButtons } from './ui/newEmail/newEmailButtons';
import { ViewClosedHandler } from './ui/ViewClosedHandler';
import { ViewSubmitHandler } from './ui/ViewSubmitHandler';
import { Services } from './wiring/Services';

/** Wiring only: every hook hands over to the part that owns it. */
export class EmailInboxesApp extends App implements IPostMessageSent, IPostLivechatRoomClosed {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(settingDefinitions().map((setting) => configuration.settings.provideSetting(setting)));
        await configuration.slashCommands.provideSlashCommand(new EmailInboxCommand(this.getID(), this.getVersion()));
        for (const button of [...panelButtons(), emailPanelButton(), originalHeadersButton(), ...newEmailButtons()]) configuration.ui.registerButton(button);
        await configuration.scheduler.registerProcessors([
            pollJob(),
            outboxJob(),
            deviceSignInJob(),
            afterSaveJob(),
            selftestJob(),
            sendAgainJob(),
            newEmailJob(),
        ]);
        // Public: OAuth2 providers send the admin's browser back here (a private endpoint's URL changes with reinstalls).
        await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [new OAuthCallbackEndpoint(this)] });
    }

    public override async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        const unsupported = unsupportedRuntimeReason();
        if (unsupported) {
            this.getLogger().error(unsupported);
            return false;
        }
        await scheduleJobs(environment.getSettings(), configurationModify);
        return true;
    }

    public override async onSettingUpdated(setting: ISetting, configurationModify: IConfigurationModify, read: IRead): Promise<void> {
        if (setting.id === AppSetting.PollIntervalSeconds) {
            await scheduleJobs(read.getEnvironmentReader().getSettings(), configurationModify);
        }
        if (setting.id === AppSetting.PushNewMail) await pushSettingChanged(setting.value !== false, configurationModify.scheduler);
    }

    public async checkPostMessageSent(message: IMessage): Promise<boolean> {
        return PostMessageSentHandler.wants(message);
    }

    public async executePostMessageSent(message: IMessage, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<void> {
        await new PostMessageSentHandler(message, new Services(read, modify, persistence, http, this.getLogger())).run();
    }

    public async executePostLivechatRoomClosed(room: ILivechatRoom, read: IRead, http: IHttp, persistence: IPersistence, modify?: IModify): Promise<void> {
        // The app runtimes always hand event handlers the modifier; the engine's interface marks it optional.
        if (!modify) return;
        await new PostLivechatRoomClosedHandler(room, new Services(read, modify, persistence, http, this.getLogger())).run();
    }

    public async executeViewSubmitHandler(
        context: UIKitViewSubmitInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return new ViewSubmitHandler(context, read, persistence, modify, http, this.getID()).run();
    }

    public async executeBlockActionHandler(
        context: UIKitBlockInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return new BlockActionHandler(context, read, persistence, modify, http, this.getID()).run();
    }

    public async executeActionButtonHandler(
        context: UIKitActionButtonInteractionContext,
        read: IRead,
        http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        return new ActionButtonHandler(context, read, modify, persistence, http, this.getID()).run();
    }

    public async executeViewClosedHandler(
        context: UIKitViewCloseInteractionContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
    ): Promise<IUIKitResponse> {
        return new ViewClosedHandler(context, read, persistence).run();
    }
}
