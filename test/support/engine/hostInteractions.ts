import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

import { unsendableState } from '../client/ClientView';
import type { ViewLike } from '../client/ClientView';
import { TRIGGER_LIFE_MS } from './CoreState';
import type { EngineHost } from './EngineHost';
import { HostForm } from './HostForm';
import { shownTo } from './buttonFilters';
import type { HostContext } from './HostContext';

/** What a user does in the client: slash commands and UIKit surfaces. */
export function hostInteractions(context: HostContext): Pick<EngineHost, 'runCommand' | 'form' | 'sendFromClient' | 'buttonsFor' | 'clickButton'> {
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
        async sendFromClient(username, interaction) {
            const user = state.userByUsername(username);
            const versions = state.uiInteractions
                .filter((shown) => shown.userId === user.id && (shown.payload.view as ViewLike | undefined)?.id === interaction.viewId)
                .map((shown) => shown.payload.view as ViewLike);
            if (versions.length === 0) throw new Error(`the client shows ${username} no view ${interaction.viewId}`);
            if (interaction.type === 'viewSubmit') {
                const problems = unsendableState((interaction.view.state ?? {}) as Record<string, Record<string, unknown>>, versions);
                if (problems.length > 0) throw new Error(`no client could send this state: ${problems.join('; ')}`);
            }
            const triggerId = state.issueTrigger();
            const started = Date.now();
            const response = await context.interact(
                interaction.type === 'viewSubmit'
                    ? { type: 'viewSubmit', user, actionId: '', triggerId, payload: { view: interaction.view } }
                    : interaction.type === 'blockAction'
                      ? {
                            type: 'blockAction',
                            user,
                            actionId: interaction.actionId,
                            triggerId,
                            container: { type: 'view', id: interaction.viewId },
                            payload: { blockId: interaction.blockId, value: interaction.value },
                        }
                      : { type: 'viewClosed', user, actionId: '', payload: { view: interaction.view, isCleared: interaction.isCleared } },
            );
            if (Date.now() - started > TRIGGER_LIFE_MS) return { response, timedOut: true, shown: false };
            const triggered = (response as { triggerId?: string } | undefined)?.triggerId;
            const dropped = triggered ? state.consumeTrigger(triggered) : 'no trigger id';
            if (!dropped)
                state.uiInteractions.push({
                    userId: user.id,
                    type: String((response as { type?: string }).type),
                    payload: response as unknown as Record<string, unknown>,
                    at: new Date(),
                });
            return { response, timedOut: false, shown: !dropped };
        },
        async buttonsFor(username, { room } = {}) {
            const user = state.userByUsername(username);
            const buttons = await context.engine.getUIActionButtonManager().getAllActionButtons();
            return buttons
                .filter((button) => shownTo(state, user, button, room ? context.roomFor(room) : undefined))
                .map((button) => ({ actionId: button.actionId, context: button.context, labelI18n: button.labelI18n }));
        },
        async clickButton(username, actionId, { room, message, forged, composerText, threadId } = {}) {
            const user = state.userByUsername(username);
            const buttons = await context.engine.getUIActionButtonManager().getAllActionButtons();
            const button = buttons.find((candidate) => candidate.appId === context.appId() && candidate.actionId === actionId);
            if (!button) throw new Error(`the app registered no button ${actionId}`);
            // A message's menu sends its rid, tmid and mid (useMessageActionAppsActionButtons.ts); core converts mid and
            // rid to the message and room it hands the app (ee/server/apps/communication/uikit.ts).
            const clicked = message === undefined ? undefined : state.messages.find((candidate) => candidate.id === message);
            if (message !== undefined && !clicked) throw new Error(`no message ${message}`);
            if ((button.context === UIActionButtonContext.MESSAGE_ACTION) !== Boolean(clicked))
                throw new Error(`${actionId} is clicked on a message, and only it`);
            const where = clicked ? context.roomFor(clicked.room.id) : room ? context.roomFor(room) : undefined;
            if (!forged && !shownTo(state, user, button, where)) throw new Error(`the client does not show ${username} the button ${actionId}`);
            // The user dropdown sends no room (client/hooks/useUserDropdownAppsActionButtons.ts); a room action its rid;
            // a composer action its rid, tmid and the composer's text (useMessageboxAppsActionButtons.ts), which the
            // uikit route hands on as the room, tmid and payload.message (ee/server/apps/communication/uikit.ts).
            const triggerId = state.issueTrigger();
            const started = Date.now();
            const composer = button.context === UIActionButtonContext.MESSAGE_BOX_ACTION;
            const response = (await context.interact({
                type: 'actionButton',
                actionId,
                triggerId,
                user,
                ...(where && button.context !== UIActionButtonContext.USER_DROPDOWN_ACTION && { room: where }),
                ...(clicked && { message: structuredClone(clicked) }),
                ...(composer && threadId && { tmid: threadId }),
                payload: composer ? { context: button.context, message: composerText ?? '' } : { context: button.context },
            })) as Record<string, unknown> | undefined;
            if (Date.now() - started > TRIGGER_LIFE_MS) return { response, shown: false };
            if (!response?.triggerId) return { response, shown: false };
            const dropped = state.consumeTrigger(response.triggerId as string);
            const record = { userId: user.id, type: String(response.type), payload: response, at: new Date() };
            if (dropped) state.droppedUiInteractions.push({ ...record, reason: dropped });
            else state.uiInteractions.push(record);
            return { response, shown: !dropped };
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
