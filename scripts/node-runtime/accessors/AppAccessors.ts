// Replaces deno-runtime/lib/accessors/mod.ts in the Node bundle: the accessors the handlers hand to
// the app live in the app's process, as in Rocket.Chat's base-runtime
// (packages/apps/base-runtime/src/lib/accessors/mod.ts): reads and writes are `bridges:*` requests,
// and what the app registers at initialize (settings, command, jobs, endpoints) goes through the
// internal AppResourceBridge (`bridges:getAppResourceBridge:do*`). The accessors this app never
// uses (updater, extender, deleter, OAuth apps, moderation, server settings modify/update, the
// email and contact creators, the cloud/video/thread/role/contact/experimental readers) stay the
// engine 1.62 ones, proxied to the host as `accessor:*`.
import type { IAppAccessors } from '@rocket.chat/apps-engine/definition/accessors/IAppAccessors';
import type { IConfigurationExtend } from '@rocket.chat/apps-engine/definition/accessors/IConfigurationExtend';
import type { IConfigurationModify } from '@rocket.chat/apps-engine/definition/accessors/IConfigurationModify';
import type { IEnvironmentRead } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentRead';
import type { IEnvironmentWrite } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentWrite';
import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors/IHttp';
import type { IModify } from '@rocket.chat/apps-engine/definition/accessors/IModify';
import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors/IPersistence';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors/IRead';
import type { IApi } from '@rocket.chat/apps-engine/definition/api/IApi';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/IApiEndpointMetadata';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/IProcessor';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/ISlashCommand';
import { AppObjectRegistry } from 'apps-engine-runtime/AppObjectRegistry';
import { BlockBuilder } from 'apps-engine-runtime/lib/accessors/builders/BlockBuilder';
import { DiscussionBuilder } from 'apps-engine-runtime/lib/accessors/builders/DiscussionBuilder';
import { LivechatMessageBuilder } from 'apps-engine-runtime/lib/accessors/builders/LivechatMessageBuilder';
import { MessageBuilder } from 'apps-engine-runtime/lib/accessors/builders/MessageBuilder';
import { RoomBuilder } from 'apps-engine-runtime/lib/accessors/builders/RoomBuilder';
import { UserBuilder } from 'apps-engine-runtime/lib/accessors/builders/UserBuilder';
import { VideoConferenceBuilder } from 'apps-engine-runtime/lib/accessors/builders/VideoConferenceBuilder';
import { HttpExtend } from 'apps-engine-runtime/lib/accessors/extenders/HttpExtender';
import { ModifyExtender } from 'apps-engine-runtime/lib/accessors/modify/ModifyExtender';
import { ModifyUpdater } from 'apps-engine-runtime/lib/accessors/modify/ModifyUpdater';
import * as Messenger from 'apps-engine-runtime/lib/messenger';

import type { BuilderClasses } from './modify';
import type { SendRequest } from './bridgeCall';
import { APP_ID, Bridges, formatErrorResponse } from './bridgeCall';
import { EnvironmentRead, EnvironmentWrite, EnvironmentalVariableRead, ServerSettingRead, SettingRead, SettingUpdater } from './environment';
import { Http } from './Http';
import { ModifyCreator, Notifier, Persistence, SchedulerModify, UIController } from './modify';
import { LivechatRead, MessageRead, PersistenceRead, Reader, RoomRead, UploadRead, UserRead } from './read';

const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'head', 'options', 'patch'] as const;

const BUILDERS = {
    BlockBuilder,
    MessageBuilder,
    LivechatMessageBuilder,
    RoomBuilder,
    DiscussionBuilder,
    VideoConferenceBuilder,
    UserBuilder,
} as unknown as BuilderClasses;

// The handlers read the endpoints list from the registry; it must exist before anything else.
if (!AppObjectRegistry.get('apiEndpoints')) AppObjectRegistry.set('apiEndpoints', []);

const appId = (): string => AppObjectRegistry.get<string>('id') || '';

export class AppAccessors {
    private readonly bridges: Bridges;
    private readonly httpExtend = new HttpExtend();
    private readonly notifier: Notifier;
    private readonly persistence: IPersistence;
    private readonly http: IHttp;
    private reader?: IRead;
    private modifier?: IModify;
    private creator?: ModifyCreator;
    private updater?: unknown;
    private extender?: unknown;
    private environmentRead?: IEnvironmentRead;
    private environmentWrite?: IEnvironmentWrite;
    private configurationExtend?: IConfigurationExtend;
    private configurationModify?: IConfigurationModify;
    private defaultAppAccessors?: IAppAccessors;

    constructor(private readonly senderFn: SendRequest) {
        this.bridges = new Bridges(senderFn);
        this.notifier = new Notifier(this.bridges, () => new MessageBuilder() as never);
        this.persistence = new Persistence(this.bridges);
        this.http = new Http(this.getReader(), this.persistence, this.httpExtend as never, this.bridges, appId);
    }

    /** The 1.62 proxy, for the accessors left to the host: `accessor:<namespace>:<method>`. */
    private proxied<T>(namespace: string): T {
        return new Proxy({} as object, {
            get: (_target, prop) => {
                if (typeof prop !== 'string' || prop === 'then') return undefined;
                return (...params: unknown[]) => {
                    if (prop === 'toJSON') return {};
                    return this.senderFn({ method: `accessor:${namespace}:${prop}`, params }).then(
                        (response) => response.result,
                        (error: unknown) => {
                            throw formatErrorResponse(error);
                        },
                    );
                };
            },
        }) as T;
    }

    getSenderFn(): SendRequest {
        return this.senderFn;
    }

    private newEnvironmentRead(): IEnvironmentRead {
        return new EnvironmentRead(new SettingRead(this.bridges), new ServerSettingRead(this.bridges), new EnvironmentalVariableRead(this.bridges));
    }

    getEnvironmentRead(): IEnvironmentRead {
        return (this.environmentRead ??= this.newEnvironmentRead());
    }

    getEnvironmentWrite(): IEnvironmentWrite {
        return (this.environmentWrite ??= new EnvironmentWrite(new SettingUpdater(this.bridges), this.proxied('getEnvironmentWrite:getServerSettings')));
    }

    getConfigurationModify(): IConfigurationModify {
        if (!this.configurationModify) {
            const bridges = this.bridges;
            this.configurationModify = {
                scheduler: new SchedulerModify(bridges, appId),
                slashCommands: {
                    modifySlashCommand(slashCommand: ISlashCommand) {
                        AppObjectRegistry.set(`slashcommand:${slashCommand.command}`, slashCommand);
                        return bridges.call<void>('getAppResourceBridge', 'doModifySlashCommand', slashCommand, APP_ID);
                    },
                    disableSlashCommand: (command: string) => bridges.call<void>('getAppResourceBridge', 'doDisableSlashCommand', command, APP_ID),
                    enableSlashCommand: (command: string) => bridges.call<void>('getAppResourceBridge', 'doEnableSlashCommand', command, APP_ID),
                },
                serverSettings: this.proxied('getConfigurationModify:serverSettings'),
            };
        }
        return this.configurationModify;
    }

    /** base-runtime mod.ts getConfigurationExtend: the app's objects stay in the registry, the host registers their descriptions. */
    getConfigurationExtend(): IConfigurationExtend {
        if (!this.configurationExtend) {
            const bridges = this.bridges;
            const resource = <T>(method: string, ...params: unknown[]) => bridges.call<T>('getAppResourceBridge', method, ...params, APP_ID);
            const remember = (key: string, value: unknown) => AppObjectRegistry.set(key, value);
            this.configurationExtend = {
                ui: {
                    // void in the interface: the registration is not waited for, and a refusal is the host's log
                    registerButton: (button) => void resource('doRegisterActionButton', button).catch(() => undefined),
                },
                http: this.httpExtend as never,
                settings: { provideSetting: (setting) => resource<void>('doProvideSetting', setting) },
                externalComponents: { register: (component) => resource<void>('doRegisterExternalComponent', component) },
                api: {
                    async provideApi(api: IApi) {
                        const endpoints = AppObjectRegistry.get<IApiEndpointMetadata[]>('apiEndpoints') ?? [];
                        for (const endpoint of api.endpoints) {
                            endpoint._availableMethods = HTTP_METHODS.filter((method) => typeof endpoint[method] === 'function');
                            remember(`api:${endpoint.path}`, endpoint);
                        }
                        await resource('doProvideApi', api);
                        // Cached for the app's accessors; not waited for, as in Rocket.Chat's runtime.
                        resource<IApiEndpointMetadata[]>('doListApis').then(
                            (listed) => endpoints.push(...listed),
                            () => undefined,
                        );
                    },
                },
                scheduler: {
                    registerProcessors(processors: IProcessor[] = []) {
                        for (const processor of processors) remember(`scheduler:${processor.id}`, processor);
                        return resource<void>('doRegisterProcessors', processors);
                    },
                },
                videoConfProviders: {
                    provideVideoConfProvider(provider) {
                        remember(`videoConfProvider:${provider.name}`, provider);
                        return resource<void>('doProvideVideoConfProvider', provider);
                    },
                },
                outboundCommunication: {
                    registerEmailProvider(provider) {
                        remember(`outboundCommunication:${provider.name}-${provider.type}`, provider);
                        return resource<void>('doRegisterOutboundProvider', provider);
                    },
                    registerPhoneProvider(provider) {
                        remember(`outboundCommunication:${provider.name}-${provider.type}`, provider);
                        return resource<void>('doRegisterOutboundProvider', provider);
                    },
                },
                slashCommands: {
                    provideSlashCommand(slashCommand: ISlashCommand) {
                        remember(`slashcommand:${slashCommand.command}`, slashCommand);
                        return resource<void>('doProvideSlashCommand', slashCommand);
                    },
                },
            } as IConfigurationExtend;
        }
        return this.configurationExtend;
    }

    getDefaultAppAccessors(): IAppAccessors {
        return (this.defaultAppAccessors ??= {
            environmentReader: this.getEnvironmentRead(),
            environmentWriter: this.getEnvironmentWrite(),
            reader: this.getReader(),
            http: this.getHttp(),
            providedApiEndpoints: AppObjectRegistry.get<IApiEndpointMetadata[]>('apiEndpoints') ?? [],
        });
    }

    getReader(): IRead {
        return (this.reader ??= new Reader(
            this.newEnvironmentRead(),
            new MessageRead(this.bridges),
            new PersistenceRead(this.bridges),
            new RoomRead(this.bridges),
            new UserRead(this.bridges),
            this.notifier,
            new LivechatRead(this.bridges),
            new UploadRead(this.bridges),
            {
                cloudWorkspace: this.proxied('getReader:getCloudWorkspaceReader'),
                videoConference: this.proxied('getReader:getVideoConferenceReader'),
                oauthApps: this.proxied('getReader:getOAuthAppsReader'),
                thread: this.proxied('getReader:getThreadReader'),
                role: this.proxied('getReader:getRoleReader'),
                contact: this.proxied('getReader:getContactReader'),
                experimental: this.proxied('getReader:getExperimentalReader'),
            },
        ));
    }

    getModifier(): IModify {
        return (this.modifier ??= {
            getCreator: () => this.getCreator(),
            getUpdater: () => (this.updater ??= new ModifyUpdater(this.senderFn)) as never,
            getExtender: () => (this.extender ??= new ModifyExtender(this.senderFn)) as never,
            getDeleter: () => this.proxied('getModifier:getDeleter'),
            getNotifier: () => this.notifier,
            getUiController: () => new UIController(this.bridges, appId),
            getScheduler: () => new SchedulerModify(this.bridges, appId),
            getOAuthAppsModifier: () => this.proxied('getModifier:getOAuthAppsModifier'),
            getModerationModifier: () => this.proxied('getModifier:getModerationModifier'),
        } as IModify);
    }

    getPersistence(): IPersistence {
        return this.persistence;
    }

    getHttp(): IHttp {
        return this.http;
    }

    private getCreator(): ModifyCreator {
        return (this.creator ??= new ModifyCreator(this.bridges, appId, BUILDERS, {
            email: this.proxied('getModifier:getCreator:getEmailCreator'),
            contact: this.proxied('getModifier:getCreator:getContactCreator'),
        }));
    }
}

export const AppAccessorsInstance = new AppAccessors(Messenger.sendRequest as SendRequest);
