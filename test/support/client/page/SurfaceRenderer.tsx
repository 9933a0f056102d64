import { Callout } from '@rocket.chat/fuselage';
import { FuselageSurfaceRenderer } from '@rocket.chat/fuselage-ui-kit/dist/esm/surfaces/FuselageSurfaceRenderer';
import * as UiKit from '@rocket.chat/ui-kit';
import type { ReactElement } from 'react';

import type { Block, Surface } from './clientRules';
import { SURFACE_BLOCK_TYPES } from './clientRules';
import { MarkdownText } from './MarkdownText';

type Render = (block: unknown, context: UiKit.BlockContext, index: number) => ReactElement | null;

/**
 * fuselage-ui-kit 0.31.23's renderer, made to render what 8.x's surface renderer renders and to
 * say what it rendered:
 * - it allows exactly the block types of 8.x's ModalSurfaceRenderer / ContextualBarSurfaceRenderer
 *   (0.31.23 allows `preview` in a modal, which 8.x drops; it has no renderer for `callout`, which
 *   is given one as 8.x's fuselage-ui-kit blocks/CalloutBlock.tsx draws it: fuselage's Callout with
 *   the block's variant and title, the text below as a text object; `tab_navigation` comes out missing and the page reports it);
 * - a mrkdwn text is drawn as markup, as 8.x's MarkdownTextElement draws it (0.31.23 shows it verbatim);
 * - each layout block it renders is wrapped in `<div data-block-index data-block-type>` keeping
 *   the block's React key, so that React sees the same keys as in Rocket.Chat (duplicate actionIds
 *   of input blocks still warn) and the page can compare the blocks given with those shown;
 * - an element it cannot render (a type 0.31.23 does not know) is recorded in `missingElements`.
 */
export class SurfaceRenderer extends FuselageSurfaceRenderer {
    readonly missingElements = new Set<string>();

    constructor(surface: Surface, positions: ReadonlyMap<Block, number>) {
        super();
        const allowed = SURFACE_BLOCK_TYPES[surface];
        // The allowed set is protected in ui-kit's SurfaceRenderer and fixed by 0.31.23's constructor.
        (this as unknown as { allowedLayoutBlockTypes: Set<string> }).allowedLayoutBlockTypes = new Set(allowed);
        const methods = this as unknown as Record<string, Render | undefined>;
        methods.mrkdwn = (textObject, context, index) => {
            const text = (textObject as { text?: string }).text;
            return context === UiKit.BlockContext.BLOCK || !text ? null : <MarkdownText key={index} text={text} />;
        };
        methods.callout = (block, context, index) => {
            if (context !== UiKit.BlockContext.BLOCK) return null;
            const callout = block as { title?: { text?: string }; text?: UiKit.TextObject; variant?: 'info' | 'danger' | 'warning' | 'success' };
            return (
                <Callout key={index} type={callout.variant} title={callout.title?.text}>
                    {callout.text && this.text(callout.text, UiKit.BlockContext.NONE, 0)}
                </Callout>
            );
        };
        for (const type of allowed) {
            const render = methods[type];
            if (typeof render !== 'function') continue;
            methods[type] = (block, context, index) => {
                const element = render.call(this, block, context, index);
                if (context !== UiKit.BlockContext.BLOCK || !element) return element;
                return (
                    <div key={element.key} data-block-index={positions.get(block as Block)} data-block-type={type}>
                        {element}
                    </div>
                );
            };
        }
        for (const name of [
            'renderInputBlockElement',
            'renderActionsBlockElement',
            'renderSectionAccessoryBlockElement',
            'renderContextBlockElement',
        ] as const) {
            const render = this[name].bind(this) as (element: never, index: number) => ReactElement | null;
            (this as unknown as Record<string, unknown>)[name] = (element: { type: string; actionId?: string }, index: number) => {
                const rendered = render(element as never, index);
                if (!rendered) this.missingElements.add(`${element.type}${element.actionId ? ` (actionId ${element.actionId})` : ''}`);
                return rendered;
            };
        }
    }
}
