import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import { translatorFor } from '../i18n/translate';
import { Services } from '../wiring/Services';
import type { CommandContext, Subcommand } from './CommandContext';
import { canManageInboxes } from '../platform/canManageInboxes';
import { notifyUserPrivately } from '../platform/notifyUserPrivately';
import { addInbox } from './subcommands/addInbox';
import { editInbox } from './subcommands/editInbox';
import { help } from './subcommands/help';
import { importExisting } from './subcommands/importExisting';
import { inboxStatus } from './subcommands/inboxStatus';
import { listInboxes } from './subcommands/listInboxes';
import { removeInbox } from './subcommands/removeInbox';
import { retryInbox } from './subcommands/retryInbox';
import { selftest } from './subcommands/selftest';
import { disableInbox, enableInbox } from './subcommands/setInboxActive';
import { showInbox } from './subcommands/showInbox';
import { signIn } from './subcommands/signIn';
import { testInbox } from './subcommands/testInbox';
import { version } from './subcommands/version';

export const COMMAND_NAME = 'email-inbox';
/** Rocket.Chat's own permission for managing email inboxes; the engine enforces it before we run. */
export const MANAGE_PERMISSION = 'manage-email-inbox';

const SUBCOMMANDS: Record<string, Subcommand> = {
    add: addInbox,
    edit: editInbox,
    list: listInboxes,
    show: showInbox,
    enable: enableInbox,
    disable: disableInbox,
    remove: removeInbox,
    test: testInbox,
    signin: signIn,
    status: inboxStatus,
    retry: retryInbox,
    import: importExisting,
    help,
    version,
    selftest,
};

/** `/email-inbox <subcommand> [arguments]`: inbox administration, answered privately to the caller. */
export class EmailInboxCommand implements ISlashCommand {
    public readonly command = COMMAND_NAME;
    public readonly i18nParamsExample = 'command_params_example';
    public readonly i18nDescription = 'command_description';
    public readonly permission = MANAGE_PERMISSION;
    public readonly providesPreview = false;

    constructor(
        private readonly appId: string,
        private readonly appVersion: string,
    ) {}

    public async executor(slash: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
        const sender = slash.getSender();
        const room = slash.getRoom();
        const [name = 'help', ...args] = slash.getArguments();
        const context: CommandContext = {
            sender,
            room,
            args,
            triggerId: slash.getTriggerId(),
            read,
            modify,
            http,
            persis,
            appId: this.appId,
            appVersion: this.appVersion,
            t: translatorFor(sender.settings?.preferences?.language),
            services: new Services(read, modify, persis, http),
            reply: (text) => notifyUserPrivately(read, modify, sender, room, text),
        };

        // The engine checked the permission already; this guards servers or bridges that do not.
        if (!(await canManageInboxes(read, sender))) {
            await context.reply(context.t('command_not_allowed'));
            return;
        }

        const subcommand = SUBCOMMANDS[name.toLowerCase()];
        if (!subcommand) {
            await context.reply(context.t('command_unknown', { name }) + '\n\n' + context.t('command_help'));
            return;
        }
        await subcommand(context);
    }
}
