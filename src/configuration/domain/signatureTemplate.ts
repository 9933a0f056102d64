/**
 * An inbox's signature as the admin types it: plain text with placeholders, filled in for each
 * reply. {agent} is the replying agent's name, {inbox} what customers see as the sender (the
 * sender info, else the inbox's name: the same label as the reply's From), {department} the
 * inbox's department's name ('' without one).
 */
export const SIGNATURE_PLACEHOLDERS = ['agent', 'inbox', 'department'] as const;

export type SignaturePlaceholder = (typeof SIGNATURE_PLACEHOLDERS)[number];

/** Characters a signature may have: a signature is a few lines, and every reply carries it. */
export const MAX_SIGNATURE_LENGTH = 1_000;

const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** The signature as stored: line breaks as `\n`, no trailing spaces on a line, no blank lines around it. */
export function normalizeSignature(text: string): string {
    return text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .replace(/^\n+|\n+$/g, '');
}

/** The `{name}`s in a signature that are not placeholders, each once, as typed. */
export function unknownPlaceholders(template: string): string[] {
    const known = new Set<string>(SIGNATURE_PLACEHOLDERS);
    const unknown = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]).filter((name) => !known.has(name.toLowerCase()));
    return [...new Set(unknown)];
}

/**
 * The signature with its placeholders filled in. A line that held only placeholders that came
 * out empty (a {department} line for an inbox without one) is left out, not sent blank.
 */
export function fillSignature(template: string, values: Record<SignaturePlaceholder, string>): string {
    const lines: string[] = [];
    for (const line of normalizeSignature(template).split('\n')) {
        let hadPlaceholder = false;
        const filled = line.replace(PLACEHOLDER, (whole, name: string) => {
            const key = name.toLowerCase() as SignaturePlaceholder;
            if (!SIGNATURE_PLACEHOLDERS.includes(key)) return whole;
            hadPlaceholder = true;
            return values[key].replace(/\s+/g, ' ').trim();
        });
        if (hadPlaceholder && !filled.trim()) continue;
        lines.push(filled.trimEnd());
    }
    return lines.join('\n').replace(/^\n+|\n+$/g, '');
}
