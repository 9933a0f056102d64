import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import type { ViewLike } from '../client/ClientView';
import type { EngineHost } from './EngineHost';
import { HostForm } from './HostForm';
import type { HostContext } from './HostContext';

/** What a user does in the client: slash commands and UIKit surfaces. */
export function hostInteractions(context: HostContext): Pick<EngineHost, 'runCommand' | 'form'> {
    const { state, bridges } = context;
    return {
        async runCommand(command, args, { user, room, threadId }) {
            const sender = state.userByUsername(user);
            const registered = bridges.commands.commands.get(command);
            if (!registered) throw new Error(`no command /${command}; registered: ${[...bridges.commands.commands.keys()].join(', ')}`);
            // The client makes a trigger id for each command it sends (ActionManager.ts generateTriggerId).
            const triggerId = state.issueTrigger();
            const allowed = !registered.permission || sender.roles.some((role) => state.permissionRoles.get(registered.permission as string)?.includes(role));
            if (!allowed) {
                // Core refuses before the app runs and tells the user privately.
                state.notifications.push({
                    userId: sender.id,
                    username: sender.username,
                    text: `You do not have permission to run /${command}`,
                    message: {} as IMessage,
                    at: new Date(),
                });
                return { triggerId };
            }
            const params = Array.isArray(args) ? args : args.split(/\s+/).filter(Boolean);
            await context.engine
                .getCommandManager()
                .executeCommand(command, new SlashCommandContext(sender, context.roomFor(room), params, threadId, triggerId));
            await bridges.sink.idle();
            return { triggerId };
        },
        form(username) {
            const userId = state.userByUsername(username).id;
            const shown = state.uiInteractions.filter((interaction) => interaction.userId === userId);
            const index = shown.map((interaction) => interaction.type).lastIndexOf('modal.open');
            const barIndex = shown.map((interaction) => interaction.type).lastIndexOf('contextual_bar.open');
            const at = Math.max(index, barIndex);
            if (at < 0) throw new Error(`the client shows ${username} no view the app opened`);
            const opened = shown[at];
            // Later updates of the same view reach it (HostForm.sync applies them from here).
            return new HostForm(context, username, opened.payload.view as ViewLike, at === barIndex ? 'contextualBar' : 'modal', at + 1);
        },
    };
}
