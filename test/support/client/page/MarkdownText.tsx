import { parse } from '@rocket.chat/message-parser';
import type { ReactNode } from 'react';
import { Fragment } from 'react';

interface Token {
    type: string;
    value?: unknown;
    language?: string;
    number?: number;
    status?: boolean;
    shortCode?: string;
    unicode?: string;
}

function children(value: unknown): ReactNode {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((token, index) => <Fragment key={index}>{render(token as Token)}</Fragment>);
    if (value && typeof value === 'object') return render(value as Token);
    return null;
}

/** Tokens drawn as one element around their children, and that element (as gazzodown draws them). */
const WRAPPERS: Record<string, 'div' | 'h3' | 'strong' | 'em' | 'del' | 'code' | 'blockquote' | 'ul' | 'ol' | 'li'> = {
    PARAGRAPH: 'div',
    HEADING: 'h3',
    BOLD: 'strong',
    ITALIC: 'em',
    STRIKE: 'del',
    INLINE_CODE: 'code',
    QUOTE: 'blockquote',
    BLOCKQUOTE: 'blockquote',
    UNORDERED_LIST: 'ul',
    TASKS: 'ul',
    ORDERED_LIST: 'ol',
    LIST_ITEM: 'li',
    TASK: 'li',
};

/** One message-parser token as gazzodown's elements draw it (what a person sees; colours and emoji images left out). */
function render(token: Token): ReactNode {
    const value = token.value as never;
    const Wrapper = WRAPPERS[token.type];
    if (Wrapper) return <Wrapper>{children(value)}</Wrapper>;
    switch (token.type) {
        case 'CODE':
            // gazzodown CodeBlock: a pre of the lines, each ended by a line break.
            return (
                <pre role="region">
                    <code>
                        {(token.value as Token[]).map((line, index) => (
                            <Fragment key={index}>
                                {children(line.value)}
                                {'\n'}
                            </Fragment>
                        ))}
                    </code>
                </pre>
            );
        case 'LINK': {
            const link = token.value as { src: Token; label: unknown };
            return <a href={String(link.src.value)}>{children(link.label)}</a>;
        }
        case 'IMAGE':
            return null;
        case 'MENTION_USER':
            return <span>@{children(value)}</span>;
        case 'MENTION_CHANNEL':
            return <span>#{children(value)}</span>;
        case 'EMOJI':
            return token.unicode ?? `:${token.shortCode}:`;
        case 'LINE_BREAK':
            return <br />;
        case 'PLAIN_TEXT':
            return String(token.value);
        default:
            return children(value);
    }
}

/**
 * A mrkdwn text as 8.x's client draws it: fuselage-ui-kit's MarkdownTextElement parses it with
 * message-parser (`emoticons: false`) and renders the tokens with gazzodown's Markup
 * (packages/fuselage-ui-kit/src/elements/MarkdownTextElement.tsx). 0.31.23 showed the text
 * verbatim, asterisks and backticks included, which no 8.x user sees.
 */
export function MarkdownText({ text }: { text: string }) {
    return <>{children(parse(text, { emoticons: false }))}</>;
}
