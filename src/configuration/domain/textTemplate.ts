/**
 * Texts an admin types with `{name}` placeholders, filled in for each email (the signature, the
 * acknowledgement). Placeholders are matched in any case; braces that name no placeholder stay
 * as typed (validation names them, so that a typo does not reach customers unnoticed).
 */
const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** The text as stored: line breaks as `\n`, no trailing spaces on a line, no blank lines around it. */
export function normalizeTemplate(text: string): string {
    return text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .replace(/^\n+|\n+$/g, '');
}

/** The `{name}`s in a template that are none of `known`, each once, as typed. */
export function unknownPlaceholdersIn(template: string, known: readonly string[]): string[] {
    const names = new Set(known);
    const unknown = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]).filter((name) => !names.has(name.toLowerCase()));
    return [...new Set(unknown)];
}

/**
 * The template with its placeholders filled in (each value on one line). A line that held only
 * placeholders that came out empty (a {department} line for an inbox without one) is left out,
 * not sent blank.
 */
export function fillTemplate<Name extends string>(template: string, known: readonly Name[], values: Record<Name, string>): string {
    const lines: string[] = [];
    for (const line of normalizeTemplate(template).split('\n')) {
        let hadPlaceholder = false;
        const filled = line.replace(PLACEHOLDER, (whole, name: string) => {
            const key = name.toLowerCase() as Name;
            if (!known.includes(key)) return whole;
            hadPlaceholder = true;
            return values[key].replace(/\s+/g, ' ').trim();
        });
        if (hadPlaceholder && !filled.trim()) continue;
        lines.push(filled.trimEnd());
    }
    return lines.join('\n').replace(/^\n+|\n+$/g, '');
}
