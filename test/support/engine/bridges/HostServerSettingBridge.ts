import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/** Rocket.Chat's own (server) settings, as seeded by the test. */
export class HostServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async getAll(): Promise<Array<ISetting>> {
        return [...this.state.serverSettings.values()];
    }

    protected async getOneById(id: string): Promise<ISetting> {
        const setting = this.state.serverSettings.get(id);
        if (!setting) throw new Error(`server setting ${id} not found`);
        return setting;
    }

    protected async hideGroup(): Promise<void> {
        return;
    }

    protected async hideSetting(): Promise<void> {
        return;
    }

    protected async isReadableById(id: string): Promise<boolean> {
        return this.state.serverSettings.has(id);
    }

    protected async updateOne(setting: ISetting): Promise<void> {
        this.state.serverSettings.set(setting.id, setting);
    }

    protected async incrementValue(id: string, value: number): Promise<void> {
        const setting = await this.getOneById(id);
        setting.value = Number(setting.value ?? 0) + value;
    }
}
