import type { CommandContext } from '../CommandContext';

export async function version(context: CommandContext): Promise<void> {
    await context.reply(context.t('command_version', { version: context.appVersion }));
}
