// neutralizeMentions against Rocket.Chat's own message parser: text made of the pieces markup is
// built from (brackets, parentheses, angle links, schemes, mentions, emphasis, line starts) must
// come out with no link but honest web and mail links, no image, no mention, no slash command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { neutralizeMentions } from '../../../src/mail/domain/neutralizeMentions';
import { markupProblems } from '../../support/roomMarkup';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
/** About 2 s. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);

const PIECES = [
    ...['[', ']', '(', ')', '](', '![', '<', '>', '|', '\\', '!', '_', '*', '~', '`', ':', '.', '#', '||'],
    ...[' ', '\n', '\t', '/', '> ', '- ', '1. '],
    ...['@', '@@', '@all', '@here', '@jane', '@éric'],
    ...['javascript:alert(1)', 'JaVaScRiPt:', 'javascript://evil.com/%0a', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', 'ftp://evil.com'],
    ...['https://bank.com', 'https://evil.com/x', 'https://social.example/@jane', 'www.bank.com', 'bank.com', 'ceo@bank.com', 'mailto:thief@evil.com'],
    ...['[EXTERNAL] ', '[x](https://ok.com)', '/email-inbox remove support', 'x', 'click', '+123456', 'tel:1', '\u200D', 'é', '"t"'],
];

describe('neutralizeMentions against Rocket.Chat’s message parser', () => {
    it(`leaves nothing that links elsewhere, embeds, mentions or commands in ${RUNS} generated texts, and is idempotent`, () => {
        fc.assert(
            fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
                const text = neutralizeMentions(pieces.join(''));
                assert.deepEqual(markupProblems(text), [], JSON.stringify(text));
                assert.equal(neutralizeMentions(text), text);
            }),
            { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
        );
    });
});
