/**
 * The page of the browser client (test/support/client/BrowserClient.ts drives it): one UIKit view
 * at a time on its surface, rendered by fuselage-ui-kit 0.31.23, with the form state kept as
 * Rocket.Chat 8.x's web client keeps it (./clientRules.ts). The harness calls `window.uikitClient`;
 * the page sends interactions through `window.uikitSend`, a function the harness exposed, and
 * handles the app's answer as 8.x's ActionManager does.
 */
import iconFont from '@rocket.chat/icons/dist/font/rocketchat.woff2';
import { useEffect, useState } from 'react';
import { render } from 'react-dom';

import type { AppErrors, Surface, Values, View } from './clientRules';
import { closesAfter, initialValues, isAnswer, mergeView } from './clientRules';
import type { Interaction } from './ClientSurface';
import { ClientSurface, CrashBoundary } from './ClientSurface';

/** apps/meteor/client/uikit/ActionManager.ts TRIGGER_TIMEOUT: after this the client gives up on the answer. */
const TRIGGER_TIMEOUT_MS = 5000;

interface Shown {
    surface: Surface;
    view: View;
    values: Values;
    errors?: AppErrors;
    /** A new mount for every view opened (ActionManager.ts opens each with `key: view.id`). */
    mount: number;
}

declare global {
    interface Window {
        uikitClient: typeof client;
        uikitSend: (interaction: Interaction) => Promise<unknown>;
    }
}

let shown: Shown | undefined;
let mounts = 0;
let pending = 0;
const problems = new Set<string>();
const listeners = new Set<() => void>();

function set(next: Shown | undefined): void {
    shown = next;
    for (const listener of listeners) listener();
}

function report(problem: string): void {
    if (problems.has(problem)) return;
    problems.add(problem);
    console.warn(`[uikit client] ${problem}`);
}

function show(view: View, surface: Surface): void {
    // The values are seeded once, from the view as opened (useUiKitView.ts).
    set({ surface, view, values: initialValues(Array.isArray(view.blocks) ? view.blocks : []), mount: ++mounts });
}

/** A server interaction for a view (ActionManager.ts `handleServerInteraction`, then each view's listener by view id). */
function handleAnswer(answer: unknown): void {
    if (!isAnswer(answer)) return;
    const view = answer.view;
    switch (answer.type) {
        case 'errors':
            if (shown && answer.viewId === shown.view.id) set({ ...shown, errors: answer.errors });
            return;
        case 'modal.update':
        case 'contextual_bar.update':
            if (shown && view && view.id === shown.view.id) set({ ...shown, view: mergeView(shown.view, view) });
            return;
        case 'modal.open':
            if (view) show(view, 'modal');
            return;
        case 'contextual_bar.open':
            if (view) show(view, 'contextualBar');
            return;
        case 'contextual_bar.close':
            if (shown && view && view.id === shown.view.id) set(undefined);
            return;
        // 'modal.close' does nothing in 8.x's ActionManager.
    }
}

/**
 * Sends an interaction and handles the answer (ActionManager.ts `emitInteraction`): the answer is
 * handled, then a viewSubmit / viewClosed closes the view unless the answer says otherwise
 * (clientRules.ts `closesAfter`). An answer later than 5 s is ignored (its trigger id is gone) and
 * a late viewSubmit closes the view.
 */
async function emit(interaction: Interaction): Promise<void> {
    pending++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TRIGGER_TIMEOUT_MS)));
        const answer = await Promise.race([window.uikitSend(interaction), timeout]);
        if (answer === 'timeout') {
            report(`the answer to ${interaction.type} took more than 5 s: Rocket.Chat's client shows "UIKit_Interaction_Timeout" and ignores it`);
            if (interaction.type === 'viewSubmit' && shown?.view.id === interaction.viewId) set(undefined);
            return;
        }
        try {
            handleAnswer(answer);
        } finally {
            const viewId = interaction.type === 'blockAction' ? undefined : interaction.viewId;
            if (viewId && shown?.view.id === viewId && closesAfter(interaction.type, answer)) set(undefined);
        }
    } catch (error) {
        report(`sending ${interaction.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
        clearTimeout(timer);
        pending--;
    }
}

const client = {
    show,
    /** A modal.update / contextual_bar.update: false when no view with that id is shown (8.x ignores it then). */
    update(view: View): boolean {
        if (!shown || shown.view.id !== view.id) return false;
        set({ ...shown, view: mergeView(shown.view, view) });
        return true;
    },
    showErrors(errors: AppErrors): void {
        if (shown) set({ ...shown, errors });
    },
    values: (): Values | undefined => shown?.values,
    isOpen: (): boolean => shown !== undefined,
    problems: (): string[] => [...problems],
    /** No interaction on its way and no debounced one waiting. */
    idle: (): boolean => pending === 0 && debounceTimer === undefined,
};

/**
 * A blockAction of a plain_text_input with on_character_entered waits 700 ms for the next change
 * (useModalContextValue.ts: one useDebouncedCallback per view, so a change of another such field
 * within 700 ms replaces it). Written out here so that `idle()` can see the timer; like
 * fuselage-hooks' it is not cancelled when the view closes.
 */
let debounceTimer: ReturnType<typeof setTimeout> | undefined;
function emitDebounced(interaction: Interaction): Promise<void> {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
        debounceTimer = undefined;
        void emit(interaction);
    }, 700);
    return Promise.resolve();
}

function Root() {
    const [, rerender] = useState(0);
    useEffect(() => {
        const listener = () => rerender((n) => n + 1);
        listeners.add(listener);
        return () => void listeners.delete(listener);
    }, []);
    if (!shown) return null;
    const { surface, view, values, errors, mount } = shown;
    return (
        <CrashBoundary key={mount} report={report}>
            <ClientSurface
                surface={surface}
                view={view}
                values={values}
                errors={errors}
                setValues={(update) => shown && set({ ...shown, values: update(shown.values) })}
                emit={emit}
                emitDebounced={emitDebounced}
                close={() => set(undefined)}
                report={report}
            />
        </CrashBoundary>
    );
}

const style = document.createElement('style');
// @rocket.chat/icons' rocketchat.css, with only the woff2 font (the icons of Modal.Close, selects...).
style.textContent = `@font-face { font-family: 'RocketChat'; font-weight: 400; font-style: normal; src: url('${iconFont}') format('woff2'); }
body { margin: 0; }`;
document.head.append(style);
window.uikitClient = client;
const root = document.createElement('div');
document.body.append(root);
render(<Root />, root);
