// The environment accessors in the app's process, following Rocket.Chat's
// packages/apps/base-runtime/src/lib/accessors/environment/*.ts method for method: app settings
// through the internal AppResourceBridge (SettingRead.ts, SettingUpdater.ts), server settings
// through the server setting bridge (ServerSettingRead.ts), environment variables through the
// environmental variable bridge (EnvironmentalVariableRead.ts), bundled by EnvironmentRead.ts /
// EnvironmentWrite.ts.
import type { IEnvironmentRead } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentRead';
import type { IEnvironmentWrite } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentWrite';
import type { IEnvironmentalVariableRead } from '@rocket.chat/apps-engine/definition/accessors/IEnvironmentalVariableRead';
import type { IServerSettingRead } from '@rocket.chat/apps-engine/definition/accessors/IServerSettingRead';
import type { IServerSettingUpdater } from '@rocket.chat/apps-engine/definition/accessors/IServerSettingUpdater';
import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors/ISettingRead';
import type { ISettingUpdater } from '@rocket.chat/apps-engine/definition/accessors/ISettingUpdater';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings/ISetting';

import type { Bridges } from './bridgeCall';
import { APP_ID } from './bridgeCall';

/** A setting read back: null or undefined (an absent answer arrives as null) is "does not exist"; no value → the package value. */
function settingValue(setting: ISetting | null | undefined, missing: () => Error): unknown {
    if (setting === undefined || setting === null) throw missing();
    return setting.value === undefined || setting.value === null ? setting.packageValue : setting.value;
}

/** base-runtime environment/SettingRead.ts */
export class SettingRead implements ISettingRead {
    constructor(private readonly bridges: Bridges) {}

    getById(id: string): Promise<ISetting> {
        return this.bridges.call<ISetting>('getAppResourceBridge', 'doGetSettingById', id, APP_ID);
    }

    async getValueById(id: string): Promise<unknown> {
        return settingValue(await this.getById(id), () => new Error(`Setting "${id}" does not exist.`));
    }
}

/** base-runtime environment/ServerSettingRead.ts */
export class ServerSettingRead implements IServerSettingRead {
    constructor(private readonly bridges: Bridges) {}

    getOneById(id: string): Promise<ISetting> {
        return this.bridges.call<ISetting>('getServerSettingBridge', 'doGetOneById', id, APP_ID);
    }

    async getValueById(id: string): Promise<unknown> {
        const setting = await this.bridges.call<ISetting>('getServerSettingBridge', 'doGetOneById', id, APP_ID);
        return settingValue(setting, () => new Error(`No Server Setting found, or it is unaccessible, by the id of "${id}".`));
    }

    getAll(): Promise<IterableIterator<ISetting>> {
        throw new Error('Method not implemented.');
    }

    isReadableById(id: string): Promise<boolean> {
        return this.bridges.call<boolean>('getServerSettingBridge', 'doIsReadableById', id, APP_ID);
    }
}

/** base-runtime environment/EnvironmentalVariableRead.ts */
export class EnvironmentalVariableRead implements IEnvironmentalVariableRead {
    constructor(private readonly bridges: Bridges) {}

    getValueByName(envVarName: string): Promise<string> {
        return this.bridges.call<string>('getEnvironmentalVariableBridge', 'doGetValueByName', envVarName, APP_ID);
    }

    isReadable(envVarName: string): Promise<boolean> {
        return this.bridges.call<boolean>('getEnvironmentalVariableBridge', 'doIsReadable', envVarName, APP_ID);
    }

    isSet(envVarName: string): Promise<boolean> {
        return this.bridges.call<boolean>('getEnvironmentalVariableBridge', 'doIsSet', envVarName, APP_ID);
    }
}

/** base-runtime environment/EnvironmentRead.ts */
export class EnvironmentRead implements IEnvironmentRead {
    constructor(
        private readonly settings: ISettingRead,
        private readonly serverSettings: IServerSettingRead,
        private readonly environmentVariables: IEnvironmentalVariableRead,
    ) {}

    getSettings(): ISettingRead {
        return this.settings;
    }

    getServerSettings(): IServerSettingRead {
        return this.serverSettings;
    }

    getEnvironmentVariables(): IEnvironmentalVariableRead {
        return this.environmentVariables;
    }
}

/** base-runtime environment/SettingUpdater.ts: through the AppResourceBridge, which checks the setting exists. */
export class SettingUpdater implements ISettingUpdater {
    constructor(private readonly bridges: Bridges) {}

    updateValue(id: ISetting['id'], value: ISetting['value']): Promise<void> {
        return this.bridges.call<void>('getAppResourceBridge', 'doUpdateSettingValue', id, value, APP_ID);
    }

    updateSelectOptions(id: ISetting['id'], values: ISetting['values']): Promise<void> {
        return this.bridges.call<void>('getAppResourceBridge', 'doUpdateSettingSelectOptions', id, values, APP_ID);
    }
}

/** base-runtime environment/EnvironmentWrite.ts; the server settings updater is the 1.62 proxy (the app never writes server settings). */
export class EnvironmentWrite implements IEnvironmentWrite {
    constructor(
        private readonly settings: ISettingUpdater,
        private readonly serverSettings: IServerSettingUpdater,
    ) {}

    getSettings(): ISettingUpdater {
        return this.settings;
    }

    getServerSettings(): IServerSettingUpdater {
        return this.serverSettings;
    }
}
