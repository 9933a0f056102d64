import { parseServerUrl } from '../../configuration/domain/parseServerUrl';
import { selftestModal } from '../../ui/selftest/selftestModal';
import type { CommandContext } from '../CommandContext';

/**
 * Hidden diagnostic: `/email-inbox selftest <server-url> [recipient]` opens a form asking
 * for the password, then logs in to that server from inside this Rocket.Chat's app runtime
 * (see ui/selftest). A URL that carries a password is refused: Rocket.Chat writes
 * slash-command arguments into the app's logs.
 */
export async function selftest(context: CommandContext): Promise<void> {
    const [url, recipient = ''] = context.args;
    if (!url) {
        await context.reply(context.t('selftest_usage'));
        return;
    }
    try {
        const parsed = parseServerUrl(url);
        if (parsed.server.password) {
            await context.reply(context.t('selftest_password_in_command'));
            return;
        }
    } catch (error) {
        await context.reply(context.t('selftest_bad_url', { reason: (error as Error).message }));
        return;
    }
    if (!context.triggerId) {
        await context.reply(context.t('command_needs_client'));
        return;
    }
    const view = selftestModal(context.appId, context.room.id, context.t, url, recipient);
    await context.modify.getUiController().openSurfaceView(view, { triggerId: context.triggerId }, context.sender);
}
