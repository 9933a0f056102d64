import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import { CommandBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/** The slash commands apps registered, with the permission each declares (core enforces it before running). */
export class HostCommandBridge extends CommandBridge {
    readonly commands = new Map<string, { appId: string; permission?: string; enabled: boolean }>();

    constructor(private readonly state: CoreState) {
        super();
    }

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.commands.has(command);
    }

    protected async enableCommand(command: string): Promise<void> {
        const entry = this.commands.get(command);
        if (entry) entry.enabled = true;
    }

    protected async disableCommand(command: string): Promise<void> {
        const entry = this.commands.get(command);
        if (entry) entry.enabled = false;
    }

    protected async modifyCommand(command: ISlashCommand, appId: string): Promise<void> {
        await this.registerCommand(command, appId);
    }

    protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
        this.commands.set(command.command, { appId, permission: command.permission, enabled: true });
        this.state.otherRecords.push({ registeredCommand: command.command, permission: command.permission });
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.commands.delete(command);
    }
}
