import { BUDGET } from '../../runtime/budgets';
import { Deadline } from '../../runtime/Deadline';
import { callbackUri } from '../../signin/callbackUri';
import { signInInstructions } from '../../signin/signInInstructions';
import { startSignIn } from '../../signin/startSignIn';
import type { CommandContext } from '../CommandContext';
import { inboxArgument } from './inboxArgument';

/**
 * `/email-inbox signin <name>`: signs an OAuth2 inbox in (again): a sign-in link or a device
 * code, sent only to the inbox manager who asked.
 */
export async function signIn(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'usage_signin');
    if (!found) return;
    const { inbox } = found;
    if (!inbox.oauth) {
        await context.reply(context.t('signin_password_inbox', { name: inbox.name }));
        return;
    }
    const start = await startSignIn(
        context.services,
        inbox,
        { user: context.sender, roomId: context.room.id },
        await callbackUri(context.read, context.appId),
        Deadline.after(BUDGET.work),
    );
    await context.reply(signInInstructions(context.t, inbox, start));
}
