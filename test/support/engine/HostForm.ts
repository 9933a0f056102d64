import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { ClientView } from '../client/ClientView';
import type { Surface, ViewLike } from '../client/ClientView';
import { TRIGGER_LIFE_MS } from './CoreState';
import type { HostContext } from './HostContext';

/** How the client ended a submit, as the user sees it. */
export interface FormAnswer {
    /** The view is gone (a success, a plain refusal, or the client gave up waiting). */
    closed: boolean;
    /** Errors shown under fields, by actionId. */
    errors: Record<string, string>;
    /** Error keys that match no element: shown nowhere. */
    unshownErrors: string[];
    /** The app took longer than the client waits (5 s): the client showed "UIKit_Interaction_Timeout" and closed the view. */
    timedOut: boolean;
    response: IUIKitResponse | undefined;
}

/**
 * A view the app showed a user, driven as Rocket.Chat's web client drives it: values keyed by
 * actionId (ClientView), a fresh trigger id for every interaction, the app's answer applied as the
 * client applies it (apps/meteor/app/ui-message/client/ActionManager.ts).
 */
export class HostForm {
    readonly client: ClientView;
    private seen: number;

    constructor(
        private readonly context: HostContext,
        private readonly username: string,
        view: ViewLike,
        surface: Surface,
        /** How many of the user's shown interactions came before (later updates for this view are applied). */
        seen: number,
    ) {
        this.client = new ClientView(view, surface);
        this.seen = seen;
    }

    /**
     * Types each text / picks each option (by its value, or its text as shown), in order, as a
     * person goes down the form; a value already shown is left as it is, and so is an empty value
     * for a field the form does not show. Any other value for a field not shown fails, unless
     * `onlyShown` (a full set of values for whichever fields the form shows after the choices).
     */
    async fill(values: Record<string, string>, options: { onlyShown?: boolean } = {}): Promise<void> {
        for (const [actionId, value] of Object.entries(values)) {
            this.sync();
            const type = this.elementType(actionId);
            if (!type && (value === '' || options.onlyShown)) continue;
            if (String(this.client.shown(actionId) ?? '') === value) continue;
            if (type === 'static_select') await this.choose(actionId, this.optionValue(actionId, value));
            else await this.type(actionId, value);
        }
    }

    private optionValue(actionId: string, valueOrText: string): string {
        const block = (
            this.client.view.blocks as Array<{ element?: { actionId?: string; options?: Array<{ value: string; text?: { text?: string } }> } }>
        ).find((candidate) => candidate.element?.actionId === actionId);
        const options = block?.element?.options ?? [];
        return options.some((option) => option.value === valueOrText)
            ? valueOrText
            : (options.find((option) => option.text?.text === valueOrText)?.value ?? valueOrText);
    }

    async type(actionId: string, text: string): Promise<void> {
        this.sync();
        await this.dispatch(this.client.type(actionId, text));
    }

    async choose(actionId: string, value: string): Promise<void> {
        this.sync();
        await this.dispatch(this.client.choose(actionId, value));
    }

    /** Clicks a button or an overflow menu's item in the view (a block action). */
    async press(actionId: string, value?: string): Promise<void> {
        this.sync();
        await this.dispatch(this.client.press(actionId, value));
    }

    /** Clicks the submit button. */
    submit(): Promise<FormAnswer> {
        return this.submitAs(this.username);
    }

    /**
     * The same submission sent by another logged-in user: a forgery core's route lets through
     * (apps/meteor/ee/server/apps/communication/uikit.ts checks only the login), for the app to refuse.
     */
    async submitAs(username: string): Promise<FormAnswer> {
        this.sync();
        const triggerId = this.context.state.issueTrigger();
        const started = Date.now();
        const response = await this.context.interact({
            type: 'viewSubmit',
            user: this.context.state.userByUsername(username),
            actionId: '',
            triggerId,
            payload: { view: this.client.submission() },
        });
        const answer: FormAnswer = { closed: true, errors: {}, unshownErrors: [], timedOut: false, response };
        // The client races the request against its trigger timeout and then disposes a submitted view.
        if (Date.now() - started > TRIGGER_LIFE_MS) return { ...answer, timedOut: true };
        const type = (response as { type?: string } | undefined)?.type;
        // Only these keep a submitted view open (ActionManager.ts emitInteraction's finally).
        if (type !== 'errors' && type !== 'modal.update' && type !== 'contextual_bar.update') return answer;
        this.apply(response as unknown as Record<string, unknown>);
        return { ...answer, closed: false, errors: this.shownErrors(), unshownErrors: this.lastUnshown };
    }

    /** Clicks the close button (isCleared false) or the X (true); the client forwards no trigger id with it. */
    async close(isCleared = false): Promise<void> {
        await this.context.interact({ type: 'viewClosed', user: this.user(), actionId: '', payload: { view: this.client.submission(), isCleared } });
    }

    private lastUnshown: string[] = [];

    private shownErrors(): Record<string, string> {
        return Object.fromEntries(this.client.inputs().flatMap((id) => (this.client.errorUnder(id) ? [[id, this.client.errorUnder(id) as string]] : [])));
    }

    private async dispatch(change: ReturnType<ClientView['type']>): Promise<void> {
        if (!change.dispatches) return;
        const response = await this.context.interact({
            type: 'blockAction',
            user: this.user(),
            actionId: change.actionId,
            triggerId: this.context.state.issueTrigger(),
            container: { type: 'view', id: this.client.id },
            payload: { blockId: change.blockId, value: change.value },
        });
        if (response && (response as { type?: string }).type) this.apply(response as unknown as Record<string, unknown>);
        this.sync();
    }

    /** A server interaction for this view, shown only with a live trigger id (ActionManager.ts handleServerInteraction). */
    private apply(interaction: Record<string, unknown>): void {
        const dropped = this.context.state.consumeTrigger(interaction.triggerId as string | undefined);
        if (dropped) {
            this.context.state.droppedUiInteractions.push({
                userId: this.user().id,
                type: String(interaction.type),
                payload: interaction,
                at: new Date(),
                reason: dropped,
            });
            return;
        }
        this.context.state.uiInteractions.push({ userId: this.user().id, type: String(interaction.type), payload: interaction, at: new Date() });
        this.seen++;
        this.show(interaction);
    }

    private show(interaction: Record<string, unknown>): void {
        if (interaction.type === 'errors' && interaction.viewId === this.client.id) {
            this.lastUnshown = this.client.showErrors(interaction.errors as Record<string, string>);
        } else if (String(interaction.type).endsWith('.update') && (interaction.view as ViewLike | undefined)?.id === this.client.id) {
            this.client.update(interaction.view as ViewLike);
        }
    }

    /** Updates and errors the app sent through the UI bridge since (each already checked for its trigger id there). */
    private sync(): void {
        const shown = this.context.state.uiInteractions.filter((interaction) => interaction.userId === this.user().id);
        for (const interaction of shown.slice(this.seen)) this.show(interaction.payload);
        this.seen = shown.length;
    }

    private elementType(actionId: string): string | undefined {
        const block = (this.client.view.blocks as Array<{ element?: { actionId?: string; type?: string } }>).find(
            (candidate) => candidate.element?.actionId === actionId,
        );
        return block?.element?.type;
    }

    private user() {
        return this.context.state.userByUsername(this.username);
    }
}
