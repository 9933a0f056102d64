import { fillTemplate, normalizeTemplate, unknownPlaceholdersIn } from './textTemplate';

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

/** The signature as stored: line breaks as `\n`, no trailing spaces on a line, no blank lines around it. */
export function normalizeSignature(text: string): string {
    return normalizeTemplate(text);
}

/** The `{name}`s in a signature that are not placeholders, each once, as typed. */
export function unknownPlaceholders(template: string): string[] {
    return unknownPlaceholdersIn(template, SIGNATURE_PLACEHOLDERS);
}

/**
 * The signature with its placeholders filled in. A line that held only placeholders that came
 * out empty (a {department} line for an inbox without one) is left out, not sent blank.
 */
export function fillSignature(template: string, values: Record<SignaturePlaceholder, string>): string {
    return fillTemplate(template, SIGNATURE_PLACEHOLDERS, values);
}
