import { defuseLinks } from './defuseLinks';

const ZERO_WIDTH_JOINER = '\u200D';

/** `@` signs (however many) before something a name could start with. */
const AT_SIGNS = /(?<!@)@+(?!\u200D)(?=[\p{L}\p{N}\p{M}_.-])/gu;
/** A character that makes an `@` part of a word or an address (`jane@example.com`) rather than a mention. */
const ATTACHED = /[\p{L}\p{N}\p{M}\u200D]/u;
/** What follows the `@` of a mail address: a domain, ending there (a sentence's full stop or colon may follow). */
const DOMAIN = /[\p{L}\p{N}\p{M}_-]+(\.[\p{L}\p{N}\p{M}_-]+)*\.\p{L}{2,}(?![\p{L}\p{N}\p{M}_-]|[.:][\p{L}\p{N}])/uy;
/** A character of a mail address's local part. */
const LOCAL_PART = /[\p{L}\p{N}\p{M}._%+-]/u;
/** A web address up to a `/` right before an `@` (`https://social.example/@jane`). */
const WEB_ADDRESS_PATH = /(^|[\s(])https?:\/\/[^\s<>()[\]\\"'`~*_|#]+\/$/;

/**
 * A web address's path segment (`https://social.example/@jane`) with its `@` percent-encoded: the
 * same address for the web, which Rocket.Chat cannot read as a mention wherever the link stands
 * (inside ~strike~ it is not linked at all). Done first, so that links are judged as they will read.
 */
function encodedPathSigns(text: string): string {
    return text.replace(AT_SIGNS, (signs: string, at: number, whole: string) =>
        at > 0 && whole[at - 1] === '/' && WEB_ADDRESS_PATH.test(whole.slice(Math.max(0, at - 256), at)) ? '%40'.repeat(signs.length) : signs,
    );
}

/**
 * The `@` signs as they may stay. A mention (Rocket.Chat's parser reads one wherever a name follows
 * an `@` that no word sticks to) gets a zero-width joiner; an address (a local part sticks to the
 * `@` and a domain follows) stays.
 */
function neutralized(text: string, at: number, signs: string): string {
    if (at === 0 || !ATTACHED.test(text[at - 1])) return `${signs}${ZERO_WIDTH_JOINER}`;
    // Addresses glued together (`a@b.examplec@d.example`) are no address: Rocket.Chat reads the second `@` as a mention.
    let start = at;
    while (start > 0 && at - start < 256 && LOCAL_PART.test(text[start - 1])) start--;
    if (start > 0 && text[start - 1] === '@') return `${signs}${ZERO_WIDTH_JOINER}`;
    // `+123456@...` is a phone number for Rocket.Chat, and what follows the `@` a mention.
    if (/^\+\d/.test(text.slice(start, at))) return `${signs}${ZERO_WIDTH_JOINER}`;
    DOMAIN.lastIndex = at + signs.length;
    return DOMAIN.test(text) ? signs : `${signs}${ZERO_WIDTH_JOINER}`;
}

/**
 * Mail text is content, never commands: `@all`, `@here` and `@username` must not notify
 * anyone, and a line must not start like a slash command (blanks before the `/` included: a
 * pasted line loses them). A zero-width joiner after the `@` (or before the `/`) keeps the text
 * readable and copyable while Rocket.Chat's parser no longer sees a mention or a command. Links
 * keep only web and mail targets and never pretend to go elsewhere (defuseLinks). Idempotent.
 */
export function neutralizeMentions(text: string): string {
    return defuseLinks(encodedPathSigns(text))
        .replace(AT_SIGNS, (signs: string, at: number, whole: string) => neutralized(whole, at, signs))
        .replace(/^([ \t]*)\//gm, `$1${ZERO_WIDTH_JOINER}/`);
}
