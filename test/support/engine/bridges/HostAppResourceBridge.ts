import type { IApi } from '@rocket.chat/apps-engine/definition/api';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/IApiEndpointMetadata';
import type { IExternalComponent } from '@rocket.chat/apps-engine/definition/externalComponent/IExternalComponent';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui';
import type { IVideoConfProvider } from '@rocket.chat/apps-engine/definition/videoConfProviders';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

/**
 * What Rocket.Chat's Node runtime reaches as `bridges:getAppResourceBridge:do*`: the host's
 * registries and the app's settings, behind the same `do*` surface as the other bridges
 * (packages/apps/src/server/bridges/AppResourceBridge.ts). Engine 1.62 has no such bridge; each
 * method here delegates to the 1.62 manager that the engine's own accessor
 * (server/accessors/SettingsExtend, SlashCommandsExtend, ApiExtend, SchedulerExtend, SettingRead,
 * SettingUpdater ...) uses, so the permission checks and conflicts are the engine's.
 */
export class HostAppResourceBridge {
    /** Registrations the controller answers with null while it restarts the app's process (the resources are still registered). */
    static readonly REGISTRATION_METHODS: ReadonlySet<string> = new Set([
        'doProvideSlashCommand',
        'doProvideApi',
        'doRegisterProcessors',
        'doRegisterActionButton',
        'doRegisterExternalComponent',
        'doProvideVideoConfProvider',
        'doRegisterOutboundProvider',
        'doProvideSetting',
    ]);

    constructor(private readonly manager: AppManager) {}

    async doProvideSlashCommand(command: ISlashCommand, appId: string): Promise<void> {
        await this.manager.getCommandManager().addCommand(appId, command);
    }

    async doModifySlashCommand(command: ISlashCommand, appId: string): Promise<void> {
        await this.manager.getCommandManager().modifyCommand(appId, command);
    }

    async doEnableSlashCommand(command: string, appId: string): Promise<void> {
        await this.manager.getCommandManager().enableCommand(appId, command);
    }

    async doDisableSlashCommand(command: string, appId: string): Promise<void> {
        await this.manager.getCommandManager().disableCommand(appId, command);
    }

    async doProvideApi(api: IApi, appId: string): Promise<void> {
        this.manager.getApiManager().addApi(appId, api);
    }

    async doListApis(appId: string): Promise<IApiEndpointMetadata[]> {
        return this.manager.getApiManager().listApis(appId);
    }

    async doRegisterProcessors(processors: IProcessor[], appId: string): Promise<void | string[]> {
        return this.manager.getSchedulerManager().registerProcessors(processors, appId);
    }

    async doRegisterActionButton(button: IUIActionButtonDescriptor, appId: string): Promise<void> {
        this.manager.getUIActionButtonManager().registerActionButton(appId, button);
    }

    async doRegisterExternalComponent(component: IExternalComponent, appId: string): Promise<void> {
        this.manager.getExternalComponentManager().addExternalComponent(appId, component);
    }

    async doProvideVideoConfProvider(provider: IVideoConfProvider, appId: string): Promise<void> {
        this.manager.getVideoConfProviderManager().addProvider(appId, provider);
    }

    async doRegisterOutboundProvider(
        provider: Parameters<ReturnType<AppManager['getOutboundCommunicationProviderManager']>['addProvider']>[1],
        appId: string,
    ): Promise<void> {
        this.manager.getOutboundCommunicationProviderManager().addProvider(appId, provider);
    }

    /** As the engine's SettingsExtend.provideSetting: a setting already stored keeps its value and creation date. */
    async doProvideSetting(setting: ISetting, appId: string): Promise<void> {
        const settings = this.manager.getOneById(appId).getStorageItem().settings;
        const existing = settings[setting.id];
        if (existing) {
            setting.createdAt = existing.createdAt;
            setting.value = existing.value;
        } else {
            setting.createdAt = new Date();
        }
        setting.updatedAt = new Date();
        settings[setting.id] = setting;
    }

    /** As the engine's SettingRead.getById: undefined for an unknown id (it reaches the app as null). */
    async doGetSettingById(id: string, appId: string): Promise<ISetting | undefined> {
        return this.manager.getOneById(appId).getStorageItem().settings[id];
    }

    /** As the engine's SettingUpdater.updateValue. */
    async doUpdateSettingValue(id: string, value: unknown, appId: string): Promise<void> {
        const setting = this.existingSetting(id, appId);
        await this.manager.getSettingsManager().updateAppSetting(appId, { ...setting, updatedAt: new Date(), value });
    }

    /** As the engine's SettingUpdater.updateSelectOptions. */
    async doUpdateSettingSelectOptions(id: string, values: ISetting['values'], appId: string): Promise<void> {
        const setting = this.existingSetting(id, appId);
        await this.manager.getSettingsManager().updateAppSetting(appId, { ...setting, updatedAt: new Date(), values });
    }

    private existingSetting(id: string, appId: string): ISetting {
        if (!this.manager.getOneById(appId).getStorageItem().settings?.[id]) throw new Error(`Setting "${id}" not found for app ${appId}`);
        return this.manager.getSettingsManager().getAppSetting(appId, id);
    }
}
