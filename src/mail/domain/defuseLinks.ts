/** Targets a link in mail may keep: the web and mail. Everything else (script, data, files...) loses its target. */
const SAFE_TARGET = /^(https?:\/\/|mailto:)/i;

/**
 * Something in a link's text that reads as an address of its own: a web address (with or without
 * its scheme: Rocket.Chat links a bare `bank.example.com`) or a mail address. Emphasis marks
 * around it (`*https://bank.example*`) do not hide it.
 */
const SHOWS_ADDRESS = /(https?:\/\/|www\.|mailto:)\S|[^\s@]@[^\s@]+\.[^\s@]|(^|[^\w@.-])[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w.-]*@)/i;

/** Zero-width joiner: invisible, keeps text copyable, and breaks the markup Rocket.Chat's parser would act on. */
const ZWJ = '\u200D';

/**
 * Stand for the `[`, `](` and `)` of a link this function keeps, until the rest of the text has
 * been made inert around it. Never in the output (any in the input are replaced first).
 */
const KEPT_OPEN = '\uE002';
const KEPT = '\uE000';
const KEPT_END = '\uE001';
const SENTINELS = /[\uE000-\uE002]/g;

/** Links inside links inside links...: deeper ones are left as text (and made inert). Mail never needs more. */
const MAX_NESTED_LINKS = 8;

/** Does a link's text show an address other than where the link goes? */
export function showsAnotherAddress(label: string, target: string): boolean {
    const shown = label.replace(/[*_~`\u200D]/g, '').trim();
    if (!SHOWS_ADDRESS.test(shown)) return false;
    const bare = target.replace(/^mailto:/i, '');
    const same = (a: string, b: string) => a.replace(/\/$/, '').toLowerCase() === b.replace(/\/$/, '').toLowerCase();
    return !same(shown, target) && !same(shown, bare);
}

/**
 * For every `[` the index of the `]` that closes it, nesting counted, or -1; for every `(` the
 * `)` that closes it on the same line, or -1. One pass each, so the whole work stays linear.
 */
function matchingBrackets(text: string): { squares: Map<number, number>; rounds: Map<number, number> } {
    const squares = new Map<number, number>();
    const rounds = new Map<number, number>();
    const openSquares: number[] = [];
    const openRounds: number[] = [];
    for (let index = 0; index < text.length; index++) {
        const char = text[index];
        if (char === '[') openSquares.push(index);
        else if (char === ']' && openSquares.length > 0) squares.set(openSquares.pop() as number, index);
        else if (char === '(') openRounds.push(index);
        else if (char === ')' && openRounds.length > 0) rounds.set(openRounds.pop() as number, index);
        else if (char === '\n') openRounds.length = 0;
    }
    return { squares, rounds };
}

/**
 * Text outside the links kept: a link to something else than the web (`javascript://x`, which
 * Rocket.Chat would make clickable as it stands) loses its scheme's colon to a zero-width joiner.
 */
function inert(text: string): string {
    // The lookbehind starts a scheme only where one can start: a run of letters is tried once, not from each of them.
    return text.replace(/(?<![A-Za-z0-9+.-])[A-Za-z0-9+.-]+(?=:\/\/)/g, (scheme) => (/^https?$/i.test(scheme) ? scheme : `${scheme}${ZWJ}`));
}

function balanced(text: string, open = '[', close = ']'): boolean {
    let depth = 0;
    for (const char of text) {
        if (char === open) depth++;
        else if (char === close && --depth < 0) return false;
    }
    return depth === 0;
}

/** A link shown as its text and, in parentheses, where it goes (Rocket.Chat links that address by itself, honestly). */
function spelledOut(label: string, target: string): string {
    const bare = target.replace(/^mailto:/i, '');
    return label.trim() ? `${label.trim()} (${bare})` : bare;
}

/**
 * A link as it may stay: an honest web or mail link as a link, one whose text shows another
 * address spelled out, anything else as its text. A link in another kept link's text would make
 * Rocket.Chat read a third link out of the two: the outer one is spelled out.
 */
function honest(label: string, target: string): string {
    // Backslashes do not hide a scheme either (browsers read `https:\\` as `https://`, `java\script:` is no web link).
    if (!SAFE_TARGET.test(target.replace(/\\/g, ''))) return label;
    if (showsAnotherAddress(label, target) || label.includes(KEPT_OPEN)) return spelledOut(label.replace(SENTINELS, keptAsText), target);
    // Brackets that do not pair up would make Rocket.Chat read another link than this one (a URL means the same with them encoded).
    const text = balanced(label) ? label : label.replace(/[[\]]/g, '');
    const href = balanced(target, '(', ')') ? target : target.replace(/\(/g, '%28').replace(/\)/g, '%29');
    return `${KEPT_OPEN}${text}${KEPT}${href}${KEPT_END}`;
}

function keptAsText(sentinel: string): string {
    return sentinel === KEPT_OPEN ? '[' : sentinel === KEPT ? '](' : ')';
}

/** A kept link with its stand-ins: its text, its target. */
const KEPT_LINK = /\uE002([^\uE000]*)\uE000([^\uE001]*)\uE001/g;

/**
 * `<target|label>`, Rocket.Chat's other way to write a link, as its parser reads it: a target
 * without blanks or `|` (`<` and `>` included: `<javascript:x<|y>` is a link), a label without
 * `<`, `>`, `|` or control characters.
 */
// eslint-disable-next-line no-control-regex -- control characters end a label for the parser
const ANGLE_LINK = /<([^\s|]+)\|([^<>|\u0000-\u001f\u007f]+)>/y;
/** Where the target of an angle link starting before it would have to end. */
const TARGET_END = /[\s|]/g;

/**
 * Every `<target|label>` left (one that converting another made whole, or that crosses a link's
 * text) broken by a blank after its `<`, which no target may start with. Each `<` from the one
 * that matched up to its `|` would open the same link: all get one. A blank only ends targets,
 * so this never makes another link, and it is linear (a `<` that matched nothing is not tried
 * again for the same `|`).
 */
function brokenAngleLinks(text: string): string {
    const out: string[] = [];
    let at = 0;
    for (let index = text.indexOf('<'); index >= 0;) {
        ANGLE_LINK.lastIndex = index;
        const angle = ANGLE_LINK.exec(text);
        const pipe = angle ? index + 1 + angle[1].length : -1;
        if (angle) {
            out.push(text.slice(at, index), text.slice(index, pipe).replace(/</g, '< '));
            at = pipe;
            index = text.indexOf('<', pipe);
            continue;
        }
        TARGET_END.lastIndex = index + 1;
        index = text.indexOf('<', TARGET_END.exec(text)?.index ?? text.length);
    }
    out.push(text.slice(at));
    return out.join('');
}

/**
 * The output made safe around the links kept: every other `](` broken where a `)` follows on its
 * line (only then could Rocket.Chat read a link into it); a kept link spelled out when a `[`
 * before it could reach it (Rocket.Chat's parser starts a link at any `[` and takes everything
 * up to the next `](` as its text, across lines: `[EXTERNAL] Invoice ... [guide](https://...)`
 * would become one link whose text is most of the message); no `![` left to become an image; bare
 * schemes other than the web's made inert outside the targets; the kept links written out.
 */
function closeLoopholes(text: string): string {
    const parts: string[] = [];
    let end = text.length;
    let parenthesisFollows = false;
    for (let index = text.length - 1; index >= 0; index--) {
        const char = text[index];
        if (char === '\n') parenthesisFollows = false;
        else if (char === ')' || char === KEPT_END) parenthesisFollows = true;
        else if (char === ']' && parenthesisFollows && text[index + 1] === '(') {
            parts.push(text.slice(index + 1, end), ZWJ);
            end = index + 1;
        }
    }
    parts.push(text.slice(0, end));
    const unbroken = parts.reverse().join('');
    const out: string[] = [];
    // Whether a `[` since the last link kept could still open a link reaching the next one.
    let strayBracket = false;
    let at = 0;
    for (const match of unbroken.matchAll(KEPT_LINK)) {
        const before = unbroken.slice(at, match.index);
        strayBracket ||= before.includes('[');
        out.push(inert(before));
        const [, label, target] = match;
        if (strayBracket) {
            out.push(inert(spelledOut(label, target)));
        } else {
            out.push(`${before.endsWith('!') ? ZWJ : ''}[${inert(label)}](${target})`);
        }
        at = (match.index ?? 0) + match[0].length;
    }
    out.push(inert(unbroken.slice(at)));
    return out.join('').replace(/!\[/g, `!${ZWJ}[`);
}

/**
 * Links in a mail's text, made honest for Rocket.Chat's message parser: a link keeps its target
 * only when that is a web or mail address (whatever brackets its text holds, whatever parentheses
 * its target nests, whatever the letter case, blanks or backslashes around its scheme); a link
 * whose text shows one address and whose target is another shows both, as the HTML path does.
 * Both ways Rocket.Chat writes links count (`[text](target)` and `<target|text>`); a link that an
 * earlier `[` could stretch is spelled out as its text and address; a `](` left over from anything
 * else cannot become a link, `![` cannot become an image (a tracking pixel in the agent's browser),
 * and a bare `scheme://` other than the web's is not made clickable. Linear in the length of the
 * text, whatever it holds (nesting included). Idempotent.
 */
export function defuseLinks(input: string): string {
    const text = input.replace(SENTINELS, '\ufffd');
    const { squares, rounds } = matchingBrackets(text);
    // Each open link collects its text until its `]`; the root collects the result.
    const frames: Array<{ out: string[]; closeAt: number; target: string; resumeAt: number }> = [{ out: [], closeAt: -1, target: '', resumeAt: text.length }];
    let run = 0;
    let noAngleLinkBefore = 0;
    const flush = (until: number) => {
        if (until > run) frames[frames.length - 1].out.push(text.slice(run, until));
    };
    let index = 0;
    while (index < text.length) {
        const frame = frames[frames.length - 1];
        if (index === frame.closeAt) {
            flush(index);
            frames.pop();
            frames[frames.length - 1].out.push(honest(frame.out.join(''), frame.target));
            index = frame.resumeAt;
            run = index;
            continue;
        }
        const char = text[index];
        if (char === '[' && frames.length <= MAX_NESTED_LINKS) {
            const textEnd = squares.get(index) ?? -1;
            const targetEnd = textEnd >= 0 && text[textEnd + 1] === '(' ? (rounds.get(textEnd + 1) ?? -1) : -1;
            // A link inside another's text closes before it.
            if (targetEnd >= 0 && (frame.closeAt < 0 || targetEnd < frame.closeAt)) {
                flush(index);
                // Blanks and control characters inside a scheme ("java\tscript:") do not make it safe.
                // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
                const target = text.slice(textEnd + 2, targetEnd).replace(/[\s\u0000-\u001f]+/g, '');
                frames.push({ out: [], closeAt: textEnd, target, resumeAt: targetEnd + 1 });
                index++;
                run = index;
                continue;
            }
        }
        if (char === '<' && index >= noAngleLinkBefore) {
            ANGLE_LINK.lastIndex = index;
            const angle = ANGLE_LINK.exec(text);
            if (angle && /[:.\d]/.test(angle[1]) && (frame.closeAt < 0 || index + angle[0].length <= frame.closeAt)) {
                flush(index);
                frame.out.push(honest(angle[2], angle[1]));
                index += angle[0].length;
                run = index;
                continue;
            }
            // Every `<` up to the end of this target would reach the same `|` and fail the same way: not tried again (linear).
            TARGET_END.lastIndex = index + 1;
            noAngleLinkBefore = TARGET_END.exec(text)?.index ?? text.length;
        }
        index++;
    }
    flush(text.length);
    return brokenAngleLinks(closeLoopholes(frames[0].out.join('')));
}
