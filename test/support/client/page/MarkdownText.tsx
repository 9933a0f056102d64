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

/** One message-parser token as gazzodown's elements draw it (what a person sees; colours and emoji images left out). */
function render(token: Token): ReactNode {
    const value = token.value as never;
    switch (token.type) {
        case 'PARAGRAPH':
            return <div>{children(value)}</div>;
        case 'HEADING':
            return <h3>{children(value)}</h3>;
        case 'BOLD':
            return <strong>{children(value)}</strong>;
        case 'ITALIC':
            return <em>{children(value)}</em>;
        case 'STRIKE':
            return <del>{children(value)}</del>;
        case 'INLINE_CODE':
            return <code>{children(value)}</code>;
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
        case 'QUOTE':
        case 'BLOCKQUOTE':
            return <blockquote>{children(value)}</blockquote>;
        case 'UNORDERED_LIST':
        case 'TASKS':
            return <ul>{children(value)}</ul>;
        case 'ORDERED_LIST':
            return <ol>{children(value)}</ol>;
        case 'LIST_ITEM':
        case 'TASK':
            return <li>{children(value)}</li>;
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
