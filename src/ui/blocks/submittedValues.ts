/**
 * What a person sees in each field of a submitted view, by actionId: the value the client sent
 * (`state[blockId][actionId]`), else the element's initial value, else ''.
 *
 * Why not just `state`: Rocket.Chat's web client seeds its values once, from the view it first
 * showed, and a later update of the view (a field shown because of a choice) neither reseeds nor
 * clears them (apps/meteor/client/uikit/hooks/useUiKitView.ts). So a field shown later displays its
 * initial value without sending it, and a field hidden later still sends what it held. Reading
 * only the elements of the submitted view, falling back to their initial values, gives exactly
 * what the person saw. The mobile app submits only the view's id and state
 * (Rocket.Chat.ReactNative app/views/ModalBlockView.tsx): without blocks, the state is all there is.
 */
export function submittedValues(view: { blocks?: unknown[]; state?: unknown }): Record<string, string> {
    const state = (view.state ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const values: Record<string, string> = {};
    if (!Array.isArray(view.blocks)) {
        for (const byAction of Object.values(state)) {
            for (const [actionId, value] of Object.entries(byAction ?? {})) values[actionId] = value === undefined || value === null ? '' : String(value);
        }
        return values;
    }
    for (const { blockId, element } of actionableElements(view.blocks)) {
        const sent = state[blockId]?.[element.actionId];
        const shown = sent ?? element.initialValue ?? element.initialOption?.value;
        // As typed, not trimmed: a password may start or end with a space.
        values[element.actionId] = shown === undefined || shown === null ? '' : String(shown);
    }
    return values;
}

interface ActionableElement {
    actionId: string;
    blockId?: string;
    initialValue?: unknown;
    initialOption?: { value?: unknown };
}

/** Every element with an actionId in the blocks (input elements, section accessories, actions), with the blockId its value is kept under. */
export function actionableElements(blocks: unknown[]): Array<{ blockId: string; element: ActionableElement }> {
    const found: Array<{ blockId: string; element: ActionableElement }> = [];
    for (const block of blocks as Array<{ blockId?: string; element?: unknown; elements?: unknown[]; accessory?: unknown }>) {
        for (const element of [block.element, block.accessory, ...(block.elements ?? [])]) {
            if (element && typeof (element as ActionableElement).actionId === 'string') {
                const actionable = element as ActionableElement;
                // The renderer hands the block's blockId to an element without one (fuselage-ui-kit InputBlock.tsx).
                found.push({ blockId: actionable.blockId ?? block.blockId ?? 'default', element: actionable });
            }
        }
    }
    return found;
}

/** The actionIds that occur more than once in a view's blocks (must be none: see formBlocks). */
export function repeatedActionIds(blocks: unknown[]): string[] {
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const { element } of actionableElements(blocks)) {
        if (seen.has(element.actionId)) repeated.add(element.actionId);
        seen.add(element.actionId);
    }
    return [...repeated];
}
