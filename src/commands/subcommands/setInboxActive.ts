import type { CommandContext } from '../CommandContext';
import { inboxArgument } from './inboxArgument';

async function setActive(context: CommandContext, active: boolean): Promise<void> {
    const found = await inboxArgument(context, active ? 'usage_enable' : 'usage_disable');
    if (!found) return;
    const { inbox, repository } = found;
    await repository.save({ ...inbox, active, updatedAt: new Date().toISOString(), updatedBy: context.sender.username });
    if (active) await context.services.statuses.clearFailures(inbox.id);
    await context.reply(context.t(active ? 'inbox_enabled' : 'inbox_disabled', { name: inbox.name }));
}

/** `/email-inbox enable <name>`: the poll job fetches its mail again. */
export const enableInbox = (context: CommandContext) => setActive(context, true);
/** `/email-inbox disable <name>`: mail stays on the server untouched until enabled again. */
export const disableInbox = (context: CommandContext) => setActive(context, false);
