import { fillTemplate, normalizeTemplate, unknownPlaceholdersIn } from './textTemplate';

/**
 * The acknowledgement an inbox sends when a customer's mail opens a new conversation: a subject
 * and a text with placeholders. {customer} is the customer's name (else their address), {subject}
 * the subject of their mail (without Re:/Fwd:), {inbox} the sender info (else the inbox's name).
 * Filled in as plain text: what a customer wrote (their name, their subject) never becomes a
 * link or markup in the reply (outbound/domain/composeAcknowledgement).
 */
export const ACKNOWLEDGEMENT_PLACEHOLDERS = ['customer', 'subject', 'inbox'] as const;

export type AcknowledgementPlaceholder = (typeof ACKNOWLEDGEMENT_PLACEHOLDERS)[number];

/** An inbox's acknowledgement (absent on inboxes saved before it existed: off). */
export interface AcknowledgementSettings {
    enabled: boolean;
    subject: string;
    text: string;
    /** A sender gets at most one acknowledgement per this many days (per inbox). */
    perSenderDays: number;
}

/** The subject a new inbox's form starts with: a reply to the customer's mail, as RFC 3834 3.1.5 lets a responder write it. */
export const DEFAULT_ACKNOWLEDGEMENT_SUBJECT = 'Re: {subject}';
export const DEFAULT_PER_SENDER_DAYS = 1;
export const PER_SENDER_DAYS_LIMITS = { min: 1, max: 365 } as const;
export const MAX_ACKNOWLEDGEMENT_SUBJECT_LENGTH = 200;
export const MAX_ACKNOWLEDGEMENT_TEXT_LENGTH = 2_000;
/** Longest customer name and subject put into an acknowledgement: a hostile mail must not write a long text in the inbox's name. */
export const MAX_FILLED_VALUE_LENGTH = 150;

export function normalizeAcknowledgementText(text: string): string {
    return normalizeTemplate(text);
}

/** A subject as stored: one line, single spaces. */
export function normalizeAcknowledgementSubject(text: string): string {
    return text.replace(/\s+/g, ' ').trim();
}

export function unknownAcknowledgementPlaceholders(template: string): string[] {
    return unknownPlaceholdersIn(template, ACKNOWLEDGEMENT_PLACEHOLDERS);
}

/** The acknowledgement's subject and text for one customer's mail, each value cut to MAX_FILLED_VALUE_LENGTH. */
export function fillAcknowledgement(
    settings: Pick<AcknowledgementSettings, 'subject' | 'text'>,
    values: Record<AcknowledgementPlaceholder, string>,
): { subject: string; text: string } {
    const bounded = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
            key,
            value.length > MAX_FILLED_VALUE_LENGTH
                ? `${value
                      .slice(0, MAX_FILLED_VALUE_LENGTH - 1)
                      .replace(/[\uD800-\uDBFF]$/, '')
                      .trimEnd()}…`
                : value,
        ]),
    ) as Record<AcknowledgementPlaceholder, string>;
    return {
        subject: normalizeAcknowledgementSubject(fillTemplate(settings.subject, ACKNOWLEDGEMENT_PLACEHOLDERS, bounded)),
        text: fillTemplate(settings.text, ACKNOWLEDGEMENT_PLACEHOLDERS, bounded),
    };
}
