const ZERO_WIDTH_JOINER = '\u200D';

/**
 * Mail text is content, never commands: `@all`, `@here` and `@username` must not notify
 * anyone, and a line must not start like a slash command. A zero-width joiner after the
 * `@` (or before a leading `/`) keeps the text readable and copyable while Rocket.Chat's
 * parser no longer sees a mention or a command. Links with script or data targets lose
 * their target. Idempotent.
 */
export function neutralizeMentions(text: string): string {
    return text
        .replace(/(^|[^\w@\u200D])@(?!\u200D)(?=[\w.-])/g, `$1@${ZERO_WIDTH_JOINER}`)
        .replace(/^\//gm, `${ZERO_WIDTH_JOINER}/`)
        .replace(/\[([^\]]*)\]\(\s*(?:javascript|data|vbscript):(?:[^()]|\([^()]*\))*\)/gi, '$1');
}
