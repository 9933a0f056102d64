import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import type { EngineHost } from './EngineHost';
import type { HostContext } from './HostContext';

/** What a user does in the client: slash commands and UIKit surfaces. */
export function hostInteractions(context: HostContext): Pick<EngineHost, 'runCommand' | 'submitView' | 'blockAction' | 'closeView'> {
    const { state, bridges } = context;
    return {
        async runCommand(command, args, { user, room, threadId }) {
            const sender = state.userByUsername(user);
            const registered = bridges.commands.commands.get(command);
            if (!registered) throw new Error(`no command /${command}; registered: ${[...bridges.commands.commands.keys()].join(', ')}`);
            const triggerId = state.newId();
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
        submitView: ({ user, room, view, actionId, triggerId }) =>
            context.interact({
                type: 'viewSubmit',
                user: state.userByUsername(user),
                room: room ? context.roomFor(room) : undefined,
                actionId: actionId ?? '',
                triggerId: triggerId ?? state.newId(),
                payload: { view },
            }),
        blockAction: ({ user, room, actionId, blockId, value, view, message, triggerId }) =>
            context.interact({
                type: 'blockAction',
                user: state.userByUsername(user),
                room: room ? context.roomFor(room) : undefined,
                actionId,
                triggerId: triggerId ?? state.newId(),
                message,
                container: view ? { type: 'view', id: view.id } : { type: 'message', id: message?.id },
                payload: { blockId: blockId ?? '', value, view },
            }),
        closeView: ({ user, room, view }) =>
            context.interact({
                type: 'viewClosed',
                user: state.userByUsername(user),
                room: room ? context.roomFor(room) : undefined,
                actionId: '',
                payload: { view, isCleared: false },
            }),
    };
}
