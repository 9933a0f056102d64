import type { CommandContext } from '../CommandContext';

export async function help(context: CommandContext): Promise<void> {
    await context.reply(context.t('command_help'));
}
