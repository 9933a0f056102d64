import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { ClientView } from '../client/ClientView';
import type { ClientChange, Surface, ViewLike } from '../client/ClientView';
import { TRIGGER_LIFE_MS } from './CoreState';

/** useDebouncedCallback(emitInteraction, 700) in useModalContextValue.ts / useContextualBarContextValue.ts. */
const DEBOUNCE_MS = 700;
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

    /**
     * Types into a text input. One that sends its text as it is typed (`on_character_entered`) sends
     * it 700 ms after the last change, as the client does: this returns at once, a click made
     * before then reaches the app first, and `idle()` waits for the text to go and its answer.
     */
    async type(actionId: string, text: string): Promise<void> {
        this.sync();
        this.assertShown();
        const change = this.client.type(actionId, text);
        if (change.debounced) this.debounce(change);
        else await this.dispatch(change);
    }

    /** Waits until the client has nothing left to send (a debounced text) and its answer is shown. */
    async idle(): Promise<void> {
        while (this.pending) await this.pending.promise;
        this.sync();
    }

    /** Whether the view is still shown (a contextual bar closes itself on submit and close). */
    get isOpen(): boolean {
        return !this.closed;
    }

    private closed = false;
    private pending?: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void; timer?: ReturnType<typeof setTimeout> };

    /**
     * One debounced callback per view (useModalContextValue.ts / useContextualBarContextValue.ts
     * `useDebouncedCallback(emitInteraction, 700)`): a change within 700 ms replaces the one
     * waiting, and the wait is not cancelled when the view closes (fuselage-hooks' debounce).
     */
    private debounce(change: ClientChange): void {
        if (!this.pending) {
            let resolve!: () => void;
            let reject!: (error: unknown) => void;
            const promise = new Promise<void>((done, failed) => ((resolve = done), (reject = failed)));
            this.pending = { promise, resolve, reject };
        }
        const pending = this.pending;
        clearTimeout(pending.timer);
        pending.timer = setTimeout(() => {
            this.pending = undefined;
            this.dispatch(change).then(pending.resolve, pending.reject);
        }, DEBOUNCE_MS);
    }

    private assertShown(): void {
        if (this.closed) throw new Error(`the ${this.client.surface} ${this.client.id} is closed: the client shows nothing to type into or click`);
    }

    async choose(actionId: string, value: string): Promise<void> {
        this.sync();
        this.assertShown();
        await this.dispatch(this.client.choose(actionId, value));
    }

    /** Clicks a button or an overflow menu's item in the view (a block action). */
    async press(actionId: string, value?: string): Promise<void> {
        this.sync();
        this.assertShown();
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
        this.assertShown();
        if (this.client.surface === 'contextualBar') return this.submitContextualBar(username);
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

    /**
     * A contextual bar's Submit (apps/meteor/client/views/room/contextualBar/uikit/UiKitContextualBar.tsx
     * `handleSubmit`): `closeTab()` first, then the viewSubmit; the bar is gone before the app
     * answers, so no `errors` and no update it sends can show (the trigger id is still used up:
     * ActionManager.ts handleServerInteraction); only a view it opens anew does.
     */
    private async submitContextualBar(username: string): Promise<FormAnswer> {
        this.closed = true;
        const response = await this.context.interact({
            type: 'viewSubmit',
            user: this.context.state.userByUsername(username),
            actionId: '',
            triggerId: this.context.state.issueTrigger(),
            payload: { view: this.client.submission() },
        });
        const interaction = response as unknown as Record<string, unknown> | undefined;
        if (interaction?.type === 'modal.open' || interaction?.type === 'contextual_bar.open') this.apply(interaction);
        else this.context.state.consumeTrigger(interaction?.triggerId as string | undefined);
        return { closed: true, errors: {}, unshownErrors: [], timedOut: false, response };
    }

    /**
     * Clicks the close button (isCleared false) or the X (true); the client forwards no trigger id
     * with it. A contextual bar closes itself first (UiKitContextualBar.tsx `closeTab()`).
     */
    async close(isCleared = false): Promise<void> {
        if (this.client.surface === 'contextualBar') this.closed = true;
        await this.context.interact({ type: 'viewClosed', user: this.user(), actionId: '', payload: { view: this.client.submission(), isCleared } });
    }

    private lastUnshown: string[] = [];

    private shownErrors(): Record<string, string> {
        return Object.fromEntries(this.client.inputs().flatMap((id) => (this.client.errorUnder(id) ? [[id, this.client.errorUnder(id) as string]] : [])));
    }

    /** A block action; a contextual bar's carries no room (its context value is made without `rid`: useContextualBarContextValue.ts). */
    private async dispatch(change: ClientChange): Promise<void> {
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
        // A view that closed has nothing mounted for its updates or errors to reach (ActionManager.ts emits them to the view id).
        if (this.closed) return;
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
