/**
 * Rocket.Chat 8.x's client rules for a UIKit view's form state, as plain functions (no DOM, no
 * React): the page applies them, and the harness in Node reads the same shapes. Each rule names
 * the file of RocketChat/Rocket.Chat it is taken from.
 */

export type Surface = 'modal' | 'contextualBar';

/** A view as an app sends it (IUIKitSurface); only the fields the client reads are typed. */
export interface View {
    id: string;
    appId?: string;
    type?: string;
    title?: { type: string; text: string };
    blocks: Block[];
    submit?: ButtonLike;
    close?: ButtonLike;
    [key: string]: unknown;
}

export interface ButtonLike {
    text: { type: string; text: string };
    style?: string;
    [key: string]: unknown;
}

export interface Block {
    type: string;
    blockId?: string;
    element?: Element;
    elements?: Element[];
    [key: string]: unknown;
}

export interface Element {
    type: string;
    actionId?: unknown;
    [key: string]: unknown;
}

/** The client's form values: one map keyed by actionId (useUiKitView.ts). */
export type Values = Record<string, { value: unknown; blockId?: string }>;

/** What the client submits as `view.state`: values grouped by blockId. */
export type ViewState = Record<string, Record<string, unknown>>;

/** Errors as an app answers them: `{ [actionId]: message }` or an array of such objects. */
export type AppErrors = Record<string, string> | Record<string, string>[];

/**
 * The value an element starts with
 * (packages/fuselage-ui-kit/src/utils/getInitialValue.ts): the first truthy of these, in order.
 */
export function initialValueOf(element: Element): unknown {
    const e = element as Record<string, unknown> & { initialOption?: { value: unknown }; initialOptions?: { value: unknown }[] };
    return (
        ('initialValue' in e && e.initialValue) ||
        ('initialTime' in e && e.initialTime) ||
        ('initialDate' in e && e.initialDate) ||
        ('initialOption' in e && e.initialOption?.value) ||
        ('initialOptions' in e && e.initialOptions?.map((option) => option.value)) ||
        undefined
    );
}

/**
 * The values a view's form starts with, seeded ONCE when the view is shown
 * (apps/meteor/client/uikit/hooks/useUiKitView.ts calls fuselage-ui-kit's
 * extractInitialStateFromLayout): every element of a block's `element` or `elements` with a
 * string actionId, keyed by that actionId, with the block's blockId. A later element with the
 * same actionId replaces an earlier one.
 */
export function initialValues(blocks: readonly Block[]): Values {
    const values: Values = {};
    for (const block of blocks) {
        const elements = [...(block.element ? [block.element] : []), ...(Array.isArray(block.elements) ? block.elements : [])];
        for (const element of elements) {
            if (typeof element.actionId === 'string') values[element.actionId] = { value: initialValueOf(element), blockId: block.blockId };
        }
    }
    return values;
}

/**
 * A change of an element (useModalContextValue.ts `updateState`, and useUiKitView.ts's reducer):
 * the value replaces whatever that actionId held, with the element's blockId or 'default'.
 */
export function withValue(values: Values, change: { actionId: string; blockId?: string; value: unknown }): Values {
    return { ...values, [change.actionId]: { value: change.value, blockId: change.blockId ?? 'default' } };
}

/** `view.state` as submitted (useUiKitView.ts `state`): grouped by blockId; entries without one are left out. */
export function stateOf(values: Values): ViewState {
    const state: ViewState = {};
    for (const [actionId, entry] of Object.entries(values)) {
        if (!entry?.blockId) continue;
        (state[entry.blockId] ??= {})[actionId] = entry.value;
    }
    return state;
}

/**
 * A modal.update / contextual_bar.update for the shown view (useUiKitView.ts `handleUpdate`): the
 * new view is merged into the shown one; the values are neither reseeded nor cleared.
 */
export function mergeView(shown: View, update: View): View {
    return { ...shown, ...update };
}

/**
 * The message shown under the element with this actionId
 * (packages/fuselage-ui-kit/src/hooks/useUiKitState.ts): from an array, the first object that has
 * the key. A key that is no element's actionId is shown nowhere.
 */
export function errorFor(errors: AppErrors | undefined, actionId: string): string | undefined {
    if (Array.isArray(errors)) return errors.find((error) => Object.keys(error).includes(actionId))?.[actionId];
    return errors?.[actionId];
}

/**
 * The block types each surface renders (8.x's fuselage-ui-kit ModalSurfaceRenderer and
 * ContextualBarSurfaceRenderer, from @rocket.chat/ui-kit's modalSurfaceLayoutBlockTypes and
 * contextualBarSurfaceLayoutBlockTypes); any other block is dropped without a trace.
 */
export const SURFACE_BLOCK_TYPES: Record<Surface, readonly string[]> = {
    modal: ['actions', 'context', 'divider', 'image', 'input', 'section', 'callout'],
    contextualBar: ['actions', 'context', 'divider', 'image', 'input', 'section', 'callout', 'preview', 'tab_navigation'],
};

/** An answer of the app (IUIKitResponse) as far as the client looks at it. */
export interface Answer {
    type?: string;
    viewId?: string;
    errors?: AppErrors;
    view?: View;
    [key: string]: unknown;
}

export function isAnswer(value: unknown): value is Answer {
    return typeof value === 'object' && value !== null;
}

/**
 * Whether the client closes the modal after the app answered
 * (apps/meteor/client/uikit/ActionManager.ts `emitInteraction`): a viewSubmit closes it unless the
 * answer is errors or an update (or there is no answer at all); a viewClosed unless the answer is
 * errors (or there is none).
 */
export function closesAfter(interaction: 'viewSubmit' | 'viewClosed' | 'blockAction', answer: unknown): boolean {
    if (!isAnswer(answer)) return false;
    if (interaction === 'viewSubmit') return !['errors', 'modal.update', 'contextual_bar.update'].includes(String(answer.type));
    if (interaction === 'viewClosed') return answer.type !== 'errors';
    return false;
}
