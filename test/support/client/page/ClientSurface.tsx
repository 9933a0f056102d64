import { Box, Button, ButtonGroup, IconButton, Margins, Modal, ModalBackdrop } from '@rocket.chat/fuselage';
import { kitContext } from '@rocket.chat/fuselage-ui-kit';
import { Surface as UiKitSurface } from '@rocket.chat/fuselage-ui-kit/dist/esm/surfaces/Surface';
import * as UiKit from '@rocket.chat/ui-kit';
import type { ContextType, ReactNode, SyntheticEvent } from 'react';
import { Component, useEffect, useMemo, useRef } from 'react';

import type { AppErrors, Block, ButtonLike, Element, Surface, Values, View } from './clientRules';
import { errorFor, stateOf, SURFACE_BLOCK_TYPES, withValue } from './clientRules';
import { SurfaceRenderer } from './SurfaceRenderer';

/** What the page sends to the harness; the harness's answer comes back as the app's. */
export type Interaction =
    | { type: 'viewSubmit'; viewId: string; view: View }
    | { type: 'blockAction'; actionId: string; blockId: string; value: unknown; container: { type: 'view'; id: string } }
    | { type: 'viewClosed'; viewId: string; view: View; isCleared: boolean };

export interface SurfaceProps {
    surface: Surface;
    view: View;
    values: Values;
    errors: AppErrors | undefined;
    setValues: (update: (values: Values) => Values) => void;
    emit: (interaction: Interaction) => Promise<void>;
    /** `emit` 700 ms after the last call (for on_character_entered). */
    emitDebounced: (interaction: Interaction) => Promise<void>;
    /** The contextual bar closes itself before it sends a submit or a close (UiKitContextualBar.tsx `closeTab()`). */
    close: () => void;
    report: (problem: string) => void;
}

/**
 * Where 0.31.23 crashes on a view 8.x shows, the view is adjusted first (each an 8.x behaviour):
 * - 0.31.23 puts an input block's `hint` object straight into the page as a React child
 *   ("Objects are not valid as a React child", the whole surface is gone); 8.x shows the hint's
 *   text, so the hint becomes its text;
 * - 0.31.23's static_select / multi_static_select read `placeholder.type` unconditionally; 8.x
 *   (useStringFromTextObject.ts) shows no placeholder when there is none, so an empty one is given.
 */
function prepare(blocks: readonly Block[]): Block[] {
    return blocks.map((block) => {
        const prepared: Block = { ...block };
        const hint = block.hint as { text?: unknown } | undefined;
        if (block.type === 'input' && hint && typeof hint === 'object') prepared.hint = String(hint.text ?? '');
        if (block.element) prepared.element = prepareElement(block.element);
        if (Array.isArray(block.elements)) prepared.elements = block.elements.map(prepareElement);
        if (block.accessory) prepared.accessory = prepareElement(block.accessory as Element);
        return prepared;
    });
}

function prepareElement(element: Element): Element {
    const select = element.type === 'static_select' || element.type === 'multi_static_select';
    return select && !element.placeholder ? { ...element, placeholder: { type: 'plain_text', text: '' } } : element;
}

/**
 * 0.31.23's elements read `errors[actionId]` of an object only; 8.x also takes an array of objects
 * (useUiKitState.ts). The array becomes the object 8.x would read from: the first message per key.
 */
function errorsObject(errors: AppErrors | undefined): Record<string, string> {
    if (!Array.isArray(errors)) return errors ?? {};
    const keys = new Set(errors.flatMap((error) => Object.keys(error)));
    return Object.fromEntries([...keys].map((key) => [key, errorFor(errors, key) ?? '']));
}

function prevent(event?: SyntheticEvent): void {
    event?.preventDefault();
    event?.stopPropagation();
}

/** One view on its surface: 8.x's UiKitModal.tsx / UiKitContextualBar.tsx with their context value. */
export function ClientSurface({ surface, view, values, errors, setValues, emit, emitDebounced, close, report }: SurfaceProps) {
    const blocks = useMemo(() => prepare(Array.isArray(view.blocks) ? view.blocks : []), [view.blocks]);
    const positions = useMemo(() => new Map(blocks.map((block, index) => [block, index])), [blocks]);
    const renderer = useMemo(() => new SurfaceRenderer(surface, positions), [surface, positions]);
    const container = useRef<HTMLDivElement>(null);

    // The context of 0.31.23 (`kitContext`: `state` where 8.x has `updateState`), filled as
    // useModalContextValue.ts / useContextualBarContextValue.ts fill 8.x's: the view spread in,
    // then the callbacks, errors, values and the view's id.
    const context: ContextType<typeof kitContext> = {
        ...(view as object),
        action: async ({ actionId, viewId, blockId, value, dispatchActionConfig }) => {
            // 8.x returns early without a viewId (its appId always falls back to 'core').
            if (!viewId) return;
            const send = dispatchActionConfig?.includes('on_character_entered') ? emitDebounced : emit;
            await send({ type: 'blockAction', actionId, blockId, value, container: { type: 'view', id: viewId } });
        },
        state: ({ actionId, blockId, value }) => setValues((current) => withValue(current, { actionId, blockId, value })),
        appId: view.appId ?? '',
        // 0.31.23 types values as strings; 8.x keeps any value (arrays of multi-selects, numbers).
        values: values as ContextType<typeof kitContext>['values'],
        // The contextual bar's context has no errors in 8.x (useContextualBarContextValue.ts).
        errors: surface === 'modal' ? errorsObject(errors) : {},
        viewId: view.id,
    };

    const submit = (event?: SyntheticEvent) => {
        prevent(event);
        if (surface === 'contextualBar') close();
        void emit({ type: 'viewSubmit', viewId: view.id, view: { ...view, state: stateOf(values) } });
    };
    const cancel = (isCleared: boolean) => (event?: SyntheticEvent) => {
        prevent(event);
        if (surface === 'contextualBar') close();
        void emit({ type: 'viewClosed', viewId: view.id, view: { ...view, state: stateOf(values) }, isCleared });
    };

    // Blocks given but not shown: a type the surface does not render, or one 0.31.23 cannot.
    useEffect(() => {
        blocks.forEach((block, index) => {
            if (container.current?.querySelector(`[data-block-index="${index}"]`)) return;
            const why = SURFACE_BLOCK_TYPES[surface].includes(block.type)
                ? `Rocket.Chat 8.x shows it, fuselage-ui-kit 0.31.23 rendered nothing`
                : `Rocket.Chat 8.x does not render ${block.type} blocks on this surface`;
            report(`block ${index} (${block.type}${block.blockId ? ` ${block.blockId}` : ''}) of view ${view.id} is not shown on the ${surface}: ${why}`);
        });
        for (const element of renderer.missingElements)
            report(`an element of type ${element} in view ${view.id} is not shown: fuselage-ui-kit 0.31.23 has no renderer for it`);
    });

    const text = (textObject: { type: string; text: string } | undefined, index: number) =>
        textObject ? renderer.text(textObject as UiKit.TextObject, UiKit.BlockContext.NONE, index) : null;
    const form = (
        <Box is="form" method="post" action="#" onSubmit={submit}>
            <UiKitSurface type="modal">
                <Margins blockEnd="x16">{renderer.render(blocks as UiKit.LayoutBlock[], { engine: 'rocket.chat' })}</Margins>
            </UiKitSurface>
        </Box>
    );
    const buttons = (close: ButtonLike | undefined, submitButton: ButtonLike | undefined) => (
        <>
            {close && (
                <Button danger={close.style === 'danger'} onClick={cancel(false)}>
                    {text(close.text, 0)}
                </Button>
            )}
            {/* apps/meteor/client/views/modal/uikit/getButtonStyle.ts: danger if asked, else primary. */}
            {submitButton && (
                <Button {...(submitButton.style === 'danger' ? { danger: true } : { primary: true })} onClick={submit}>
                    {text(submitButton.text, 1)}
                </Button>
            )}
        </>
    );

    return (
        <kitContext.Provider value={context}>
            <div ref={container} data-surface={surface} data-view-id={view.id}>
                {surface === 'modal' ? (
                    // apps/meteor/client/views/modal/uikit/ModalBlock.tsx, without the app's icon
                    // (Modal.Thumb loads /api/apps/<appId>/icon from the server, which the page has not).
                    <ModalBackdrop>
                        <Modal open>
                            <Modal.Header>
                                <Modal.Title>{text(view.title, 0)}</Modal.Title>
                                <Modal.Close tabIndex={-1} onClick={cancel(true)} />
                            </Modal.Header>
                            <Modal.Content>{form}</Modal.Content>
                            <Modal.Footer>
                                <Modal.FooterControllers>{buttons(view.close, view.submit)}</Modal.FooterControllers>
                            </Modal.Footer>
                        </Modal>
                    </ModalBackdrop>
                ) : (
                    // apps/meteor/client/views/room/contextualBar/uikit/UiKitContextualBar.tsx; fuselage
                    // 0.31 has no Contextualbar components, so a Box of the contextual bar's width.
                    <Box display="flex" flexDirection="column" width="x400" height="100vh" bg="light" borderInlineStartWidth="x2" borderColor="extra-light">
                        <Box display="flex" alignItems="center" pi="x24" pb="x16" borderBlockEndWidth="x2" borderColor="extra-light">
                            <Box flexGrow={1} fontScale="h4">
                                {text(view.title, 0)}
                            </Box>
                            <IconButton small icon="cross" title="Close" onClick={cancel(true)} />
                        </Box>
                        <Box flexGrow={1} overflowY="auto" p="x24">
                            {form}
                        </Box>
                        <Box pi="x24" pb="x16">
                            <ButtonGroup stretch>{buttons(view.close, view.submit)}</ButtonGroup>
                        </Box>
                    </Box>
                )}
            </div>
        </kitContext.Provider>
    );
}

/** A render crash shows as text in the surface and reaches problems() (React also logs it). */
export class CrashBoundary extends Component<{ report: (problem: string) => void; children: ReactNode }, { error?: Error }> {
    override state: { error?: Error } = {};

    static getDerivedStateFromError(error: Error) {
        return { error };
    }

    override componentDidCatch(error: Error) {
        this.props.report(`the renderer crashed: ${error.message}`);
    }

    override render() {
        return this.state.error ? <div data-surface="crashed">{`The view crashed the renderer: ${this.state.error.message}`}</div> : this.props.children;
    }
}
