import { testInboxConnection } from '../../configuration/testInboxConnection';
import type { CommandContext } from '../CommandContext';
import { formatConnectionTest } from '../formatConnectionTest';
import { inboxArgument } from './inboxArgument';

/** `/email-inbox test <name>`: logs in to both servers and says what to fix. */
export async function testInbox(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'usage_test');
    if (!found) return;
    await context.reply(formatConnectionTest(context.t, found.inbox, await testInboxConnection(found.inbox)));
}
