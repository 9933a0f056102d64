/**
 * A view as Rocket.Chat's web client holds it: what it renders, what the user can change, what
 * it sends. Engine tests fill forms only through this, so that nothing reaches the app that a
 * real client could not send. Each rule names the client file it follows (RocketChat/Rocket.Chat,
 * read for 8.x; the mobile app, Rocket.Chat.ReactNative app/views/ModalBlockView.tsx, keeps
 * values the same way).
 */

export type Surface = 'modal' | 'contextualBar';

/**
 * The block types each surface renders; anything else is dropped silently
 * (packages/ui-kit SurfaceRenderer.render filters by `modalSurfaceLayoutBlockTypes` /
 * `contextualBarSurfaceLayoutBlockTypes`).
 */
export const SURFACE_BLOCKS: Record<Surface, readonly string[]> = {
    modal: ['actions', 'callout', 'context', 'divider', 'header', 'image', 'input', 'markdown', 'preview', 'section'],
    contextualBar: ['actions', 'callout', 'context', 'divider', 'header', 'image', 'input', 'markdown', 'preview', 'section', 'tab_navigation'],
};

interface Element {
    type: string;
    actionId?: string;
    blockId?: string;
    initialValue?: unknown;
    initialOption?: { value: unknown };
    options?: Array<{ value: string; text?: { text?: string } }>;
    dispatchActionConfig?: string[];
}

interface Block {
    type: string;
    blockId?: string;
    element?: Element;
    elements?: Element[];
    accessory?: Element;
    label?: { text?: string };
}

export interface ViewLike {
    id: string;
    blocks: unknown[];
    [key: string]: unknown;
}

/** What the user does to an element: typed text, a chosen option's value, a clicked button. */
export interface ClientChange {
    actionId: string;
    blockId: string;
    value: unknown;
    /** The client sends a blockAction for it (apps/meteor/client/uikit/hooks/useModalContextValue.ts `action`). */
    dispatches: boolean;
    /**
     * ...700 ms after the last change, once (a plain_text_input with `on_character_entered`:
     * fuselage-ui-kit useUiKitState.ts sends each change, and useModalContextValue.ts /
     * useContextualBarContextValue.ts pass it through one `useDebouncedCallback(emitInteraction, 700)` per view).
     */
    debounced: boolean;
}

export class ClientView {
    /** `{ [actionId]: { value, blockId } }` (apps/meteor/client/uikit/hooks/useUiKitView.ts). */
    private readonly values = new Map<string, { value: unknown; blockId?: string }>();
    private current: ViewLike;
    private shownErrors: Record<string, string> = {};

    constructor(
        view: ViewLike,
        readonly surface: Surface,
    ) {
        this.current = view;
        assertRenderable(view, surface);
        // Seeded once from the first view (fuselage-ui-kit extractInitialStateFromLayout): every
        // element with an actionId of a block's `element` or `elements`, never a section accessory;
        // falsy initial values become undefined (getInitialValue uses ||).
        for (const block of view.blocks as Block[]) {
            for (const element of [block.element, ...(block.elements ?? [])]) {
                if (element && typeof element.actionId === 'string') {
                    this.values.set(element.actionId, { value: initialValue(element), blockId: block.blockId });
                }
            }
        }
    }

    get view(): ViewLike {
        return this.current;
    }

    get id(): string {
        return this.current.id;
    }

    /**
     * A modal.update / contextual_bar.update of this view: merged into the shown one, values kept,
     * neither reseeded nor cleared (useUiKitView.ts `updateView((view) => ({ ...view, ...new }))`).
     */
    update(view: ViewLike): void {
        if (view.id !== this.current.id)
            throw new Error(`an update for view ${view.id} cannot reach the shown view ${this.current.id} (the client emits it to view.id)`);
        assertRenderable(view, this.surface);
        this.current = { ...this.current, ...view };
    }

    /** The value the element shows: what the user set, else its initial value (fuselage-ui-kit useUiKitState.ts). */
    shown(actionId: string): unknown {
        const { element } = this.find(actionId);
        return this.values.get(actionId)?.value ?? initialValue(element);
    }

    /** Types into a plain_text_input (the whole text, as after clearing it). */
    type(actionId: string, text: string): ClientChange {
        const { element } = this.find(actionId);
        if (element.type !== 'plain_text_input') throw new Error(`${actionId} is a ${element.type}, not a text input`);
        return this.change(actionId, text);
    }

    /** Picks an option of a select by its value: only its options can be picked. */
    choose(actionId: string, value: string): ClientChange {
        const { element } = this.find(actionId);
        if (element.type !== 'static_select') throw new Error(`${actionId} is a ${element.type}, not a select`);
        const options = element.options ?? [];
        if (!options.some((option) => option.value === value)) {
            throw new Error(`${actionId} has no option ${JSON.stringify(value)}; it offers ${options.map((option) => option.value).join(', ')}`);
        }
        return this.change(actionId, value);
    }

    /** Clicks a button (its value is sent) or picks an item of an overflow menu (by its value). */
    press(actionId: string, value?: string): ClientChange {
        const { element } = this.find(actionId);
        if (element.type === 'button') return this.change(actionId, (element as { value?: string }).value);
        if (element.type !== 'overflow') throw new Error(`${actionId} is a ${element.type}, not a button or menu`);
        const options = element.options ?? [];
        if (!options.some((option) => option.value === value)) {
            throw new Error(`the menu ${actionId} has no item ${JSON.stringify(value)}; it offers ${options.map((option) => option.value).join(', ')}`);
        }
        return this.change(actionId, value);
    }

    /** The visible text of the view's sections, contexts and callouts, in order (what a person reads). */
    texts(): string[] {
        return (this.current.blocks as Array<{ type: string; text?: { text?: string }; elements?: Array<{ text?: string }> }>).flatMap((block) => {
            if (block.type === 'section' || block.type === 'callout') return block.text?.text ? [block.text.text] : [];
            if (block.type === 'context') return (block.elements ?? []).map((element) => element.text ?? '');
            return [];
        });
    }

    /**
     * What viewSubmit and viewClosed send: the shown view with the values grouped by blockId
     * (useUiKitView.ts `state`: entries without a blockId are skipped; undefined values vanish in JSON).
     */
    submission(): ViewLike & { state: Record<string, Record<string, unknown>> } {
        const state: Record<string, Record<string, unknown>> = {};
        for (const [actionId, { value, blockId }] of this.values) {
            if (!blockId) continue;
            state[blockId] ??= {};
            if (value !== undefined) state[blockId][actionId] = value;
        }
        return { ...this.current, state };
    }

    /**
     * The app's `errors` answer: each shown under the element whose actionId is its key
     * (fuselage-ui-kit useUiKitState.ts); a key that is no element's is shown nowhere, and is returned.
     */
    showErrors(errors: Record<string, string> | Array<Record<string, string>>): string[] {
        const merged: Record<string, string> = Array.isArray(errors) ? Object.assign({}, ...errors) : errors;
        const ids = new Set(elementsOf(this.current.blocks as Block[]).map(({ element }) => element.actionId));
        this.shownErrors = Object.fromEntries(Object.entries(merged).filter(([key]) => ids.has(key)));
        return Object.keys(merged).filter((key) => !ids.has(key));
    }

    /** The error shown under an element, if any. */
    errorUnder(actionId: string): string | undefined {
        return this.shownErrors[actionId];
    }

    /** The label of the input block holding the element. */
    labelOf(actionId: string): string | undefined {
        return this.find(actionId).block.label?.text;
    }

    /** The actionIds of the inputs now shown, in order. */
    inputs(): string[] {
        return (this.current.blocks as Block[]).filter((block) => block.type === 'input' && block.element?.actionId).map((block) => block.element!.actionId!);
    }

    private change(actionId: string, value: unknown): ClientChange {
        const { block, element } = this.find(actionId);
        // The renderer gives the element its block's blockId (fuselage-ui-kit InputBlock.tsx), and
        // updateState falls back to 'default' (useModalContextValue.ts).
        const blockId = element.blockId ?? block.blockId ?? 'default';
        this.values.set(actionId, { value, blockId });
        const config = element.dispatchActionConfig ?? [];
        const debounced = element.type === 'plain_text_input' && config.includes('on_character_entered');
        const dispatches = debounced || block.type !== 'input' || config.includes('on_item_selected');
        return { actionId, blockId, value, dispatches, debounced };
    }

    private find(actionId: string): { block: Block; element: Element } {
        const found = elementsOf(this.current.blocks as Block[]).filter(({ element }) => element.actionId === actionId);
        if (found.length === 0) throw new Error(`no element with actionId ${actionId} is shown in view ${this.current.id}`);
        return found[0];
    }
}

function elementsOf(blocks: Block[]): Array<{ block: Block; element: Element & { actionId: string } }> {
    const found: Array<{ block: Block; element: Element & { actionId: string } }> = [];
    for (const block of blocks) {
        for (const element of [block.element, block.accessory, ...(block.elements ?? [])]) {
            if (element && typeof element.actionId === 'string') found.push({ block, element: element as Element & { actionId: string } });
        }
    }
    return found;
}

/** fuselage-ui-kit getInitialValue: the first truthy of initialValue, initialOption.value. */
function initialValue(element: Element): unknown {
    return element.initialValue || element.initialOption?.value || undefined;
}

/**
 * What the client would not show as the app meant it: a block the surface drops, or two elements
 * sharing an actionId (one value for both, and React's duplicate keys: FuselageSurfaceRenderer keys
 * input blocks by actionId).
 */
export function renderProblems(view: { blocks: unknown[] }, surface: Surface): string[] {
    const problems: string[] = [];
    for (const block of view.blocks as Block[]) {
        if (!SURFACE_BLOCKS[surface].includes(block.type)) problems.push(`a ${block.type} block is not rendered in a ${surface}`);
        if (block.type === 'input' && !block.element?.actionId)
            problems.push(`an input block (${block.blockId ?? 'no blockId'}) has an element without actionId`);
    }
    const seen = new Set<string>();
    for (const { element } of elementsOf(view.blocks as Block[])) {
        if (seen.has(element.actionId)) problems.push(`actionId ${element.actionId} is used by two elements`);
        seen.add(element.actionId);
    }
    return problems;
}

function assertRenderable(view: ViewLike, surface: Surface): void {
    const problems = renderProblems(view, surface);
    if (problems.length > 0) throw new Error(`view ${view.id} would not show as built in Rocket.Chat's client: ${problems.join('; ')}`);
}

/**
 * Why a submitted state could not come from Rocket.Chat's client for these versions of the view
 * (the one opened and its updates: values outlive an update): a value under a blockId/actionId no
 * element had, or a select value none of its options has. Empty when a client could send it.
 */
export function unsendableState(state: Record<string, Record<string, unknown> | undefined>, versions: Array<{ blocks: unknown[] }>): string[] {
    const elements = versions.flatMap((version) => elementsOf(version.blocks as Block[]));
    const problems: string[] = [];
    for (const [blockId, byAction] of Object.entries(state)) {
        for (const [actionId, value] of Object.entries(byAction ?? {})) {
            const matching = elements.filter(
                ({ block, element }) => element.actionId === actionId && (element.blockId ?? block.blockId ?? 'default') === blockId,
            );
            if (matching.length === 0) problems.push(`${blockId}/${actionId}: no element of the view`);
            else if (matching.every(({ element }) => element.type === 'static_select' && !(element.options ?? []).some((option) => option.value === value)))
                problems.push(`${blockId}/${actionId}: ${JSON.stringify(value)} is not one of its options`);
        }
    }
    return problems;
}
