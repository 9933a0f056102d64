import { defuseLinks } from './defuseLinks';

const ZERO_WIDTH_JOINER = '\u200D';

/**
 * Mail text is content, never commands: `@all`, `@here` and `@username` must not notify
 * anyone, and a line must not start like a slash command. A zero-width joiner after the
 * `@` (or before a leading `/`) keeps the text readable and copyable while Rocket.Chat's
 * parser no longer sees a mention or a command. Links keep only web and mail targets and
 * never pretend to go elsewhere (defuseLinks). Idempotent.
 */
export function neutralizeMentions(text: string): string {
    return defuseLinks(text)
        .replace(/(^|[^\w@\u200D])@(?!\u200D)(?=[\w.-])/g, `$1@${ZERO_WIDTH_JOINER}`)
        .replace(/^\//gm, `${ZERO_WIDTH_JOINER}/`);
}
