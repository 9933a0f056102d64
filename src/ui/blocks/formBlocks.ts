import type { ActionsBlock, ContextBlock, DividerBlock, InputBlock, Option, SectionBlock } from '@rocket.chat/ui-kit';

/**
 * The blocks the app's views are made of. Every input gets one id used as both its blockId and
 * its actionId: Rocket.Chat's clients keep a form's values in one map keyed by actionId
 * (apps/meteor/client/uikit/hooks/useUiKitView.ts; the mobile app's ModalBlockView alike) and show
 * an error under the element whose actionId is the error's key (fuselage-ui-kit useUiKitState.ts),
 * so two inputs sharing an actionId share one value. Building inputs only here makes that mistake
 * impossible to repeat; test/unit/ui/views.test.ts fails on a repeated actionId in any view.
 */

/** A callout block (Rocket.Chat 6.x+, modal and contextual bar): the app's own type, as the published ui-kit types lack it. */
export interface CalloutBlock {
    type: 'callout';
    blockId?: string;
    title?: { type: 'plain_text'; text: string };
    text: { type: 'plain_text' | 'mrkdwn'; text: string };
    variant?: 'info' | 'danger' | 'warning' | 'success';
}

export type FormBlock = InputBlock | SectionBlock | DividerBlock | ContextBlock | CalloutBlock | ActionsBlock;

export interface FieldOptions {
    /** Marked "(optional)" in the label; required fields get " *" (the client shows neither by itself). */
    optional?: boolean;
    hint?: string;
    placeholder?: string;
    initialValue?: string;
    multiline?: boolean;
    /**
     * A text input sends its text as a block action as it is typed: Rocket.Chat's client sends it
     * 700 ms after the last change (useModalContextValue.ts / useContextualBarContextValue.ts debounce
     * `on_character_entered`), the only way a contextual bar hands typed text over without a submit.
     */
    dispatchOnType?: boolean;
}

export interface SelectOptions extends FieldOptions {
    /** Sends a block action when the choice changes (the form then shows what the choice needs). */
    dispatch?: boolean;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** Labels: Rocket.Chat's InputBlock renders neither `optional` nor a required mark, so the label says it. */
function fieldLabel(label: string, optional: boolean | undefined, optionalWord: string): string {
    return optional ? `${label} (${optionalWord})` : `${label} *`;
}

/** The builders of one view: the app id and the word for "optional" in the user's language. */
export function formBlocks(appId: string, optionalWord: string) {
    /** An input block around its element, both under one id: the block's blockId, the element's blockId and actionId. */
    const inputBlock = (id: string, label: string, options: FieldOptions, element: Record<string, unknown>): InputBlock =>
        ({
            type: 'input',
            blockId: id,
            label: plain(fieldLabel(label, options.optional, optionalWord)),
            optional: options.optional ?? false,
            ...(options.hint && { hint: plain(options.hint) }),
            element: { ...element, appId, blockId: id, actionId: id },
        }) as InputBlock;
    return {
        textInput(id: string, label: string, options: FieldOptions = {}): InputBlock {
            return inputBlock(id, label, options, {
                type: 'plain_text_input',
                ...(options.multiline && { multiline: true }),
                ...(options.initialValue && { initialValue: options.initialValue }),
                ...(options.placeholder && { placeholder: plain(options.placeholder) }),
                ...(options.dispatchOnType && { dispatchActionConfig: ['on_character_entered'] }),
            });
        },

        /** A select; an initial value that is not among the options is left out (the client would show nothing). */
        select(id: string, label: string, choices: Option[], placeholder: string, options: SelectOptions = {}): InputBlock {
            const initialValue = choices.some((choice) => choice.value === options.initialValue) ? options.initialValue : undefined;
            return inputBlock(id, label, options, {
                type: 'static_select',
                options: choices,
                placeholder: plain(placeholder),
                ...(initialValue && { initialValue }),
                ...(options.dispatch && { dispatchActionConfig: ['on_item_selected'] }),
            });
        },

        option(value: string, text: string): Option {
            return { value, text: plain(text) };
        },

        heading(text: string): SectionBlock {
            return { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } };
        },

        section(text: string): SectionBlock {
            return { type: 'section', text: { type: 'mrkdwn', text } };
        },

        /** Text shown as typed (addresses, names, a server's words): no markup of someone else's can act in it. */
        plainSection(text: string): SectionBlock {
            return { type: 'section', text: plain(text) } as SectionBlock;
        },

        context(text: string): ContextBlock {
            return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
        },

        callout(text: string, variant: CalloutBlock['variant'], title?: string): CalloutBlock {
            return { type: 'callout', text: { type: 'mrkdwn', text }, variant, ...(title && { title: plain(title) }) };
        },

        divider(): DividerBlock {
            return { type: 'divider' };
        },
    };
}

export type FormBlockBuilders = ReturnType<typeof formBlocks>;
