import type { MessageKey, MessageParams } from '../../i18n/translate';
import { parseAddressList, parseTypedAddress } from '../../mail/domain/emailAddress';
import type { TypedAddress } from '../../mail/domain/emailAddress';
import { normalizeSubject } from '../../mail/domain/subject';

/** The fields of the New email form, each its own actionId (ui/newEmail/newEmailModal). */
export enum NewEmailField {
    Inbox = 'inbox',
    To = 'to',
    Cc = 'cc',
    Subject = 'subject',
    Message = 'message',
}

/** Copies an agent may add to a new email: as many as a reply copies at most. */
export const MAX_NEW_EMAIL_CC = 20;
/** Mail clients show about this much of a subject; RFC 5322 allows more, people do not read it. */
export const MAX_SUBJECT_LENGTH = 250;

/** What the agent typed, as the form sent it. */
export interface NewEmailInput {
    inboxId: string;
    to: string;
    cc: string;
    subject: string;
    message: string;
}

/** The inboxes the form may name: those this agent may use, and every inbox's address. */
export interface NewEmailContext {
    /** The inboxes this agent may use (omnichannel/domain/agentAccess), with whether each is active. */
    usable: ReadonlyArray<{ id: string; name: string; active: boolean }>;
    /** Whether the chosen inbox exists at all (so that "not yours" is not said of an inbox that is gone). */
    exists: (inboxId: string) => boolean;
    /** Every configured inbox's address: mail to one of them would come back in as a customer's. */
    inboxAddresses: readonly string[];
    /** Rocket.Chat's Message_MaxAllowedSize: the agent's text is posted in the room as a message. */
    maxMessageLength: number;
}

/** A new email as it will be sent: checked, trimmed, addresses lower-cased. */
export interface NewEmailDraft {
    inboxId: string;
    to: TypedAddress;
    cc: string[];
    /** As typed (one line); the conversation's subject is its normalised form. */
    subject: string;
    /** The agent's text, markdown as typed in Rocket.Chat. */
    markdown: string;
}

export interface DraftIssue {
    key: MessageKey;
    params?: MessageParams;
}

export type DraftResult = { ok: true; draft: NewEmailDraft } | { ok: false; errors: Partial<Record<NewEmailField, DraftIssue>> };

/**
 * Checks a New email form. Pure: the caller reads which inboxes the agent may use (checked here
 * again, whatever the form offered: a submission can name any inbox id). Errors are keyed by the
 * field's actionId, where the client shows them.
 */
export function checkNewEmail(input: NewEmailInput, context: NewEmailContext): DraftResult {
    const errors: Partial<Record<NewEmailField, DraftIssue>> = {};
    const inboxAddresses = new Set(context.inboxAddresses.map((address) => address.toLowerCase()));

    const inbox = context.usable.find((candidate) => candidate.id === input.inboxId);
    if (!input.inboxId) errors[NewEmailField.Inbox] = { key: 'new_email_choose_inbox' };
    else if (!inbox) errors[NewEmailField.Inbox] = { key: context.exists(input.inboxId) ? 'new_email_inbox_not_allowed' : 'inbox_gone' };
    else if (!inbox.active) errors[NewEmailField.Inbox] = { key: 'new_email_inbox_disabled', params: { name: inbox.name } };

    const typedTo = input.to.trim();
    const to = parseTypedAddress(typedTo);
    if (!typedTo) errors[NewEmailField.To] = { key: 'validation_required' };
    else if (!to)
        errors[NewEmailField.To] = {
            key: parseAddressList(typedTo).addresses.length > 1 ? 'new_email_one_recipient' : 'new_email_bad_address',
            params: { value: typedTo },
        };
    else if (inboxAddresses.has(to.address)) errors[NewEmailField.To] = { key: 'new_email_to_inbox', params: { address: to.address } };

    const copies = parseAddressList(input.cc);
    const cc = copies.addresses.map((entry) => entry.address).filter((address) => address !== to?.address);
    const ownCopy = cc.find((address) => inboxAddresses.has(address));
    if (copies.bad.length > 0) errors[NewEmailField.Cc] = { key: 'new_email_bad_address', params: { value: copies.bad[0] } };
    else if (ownCopy) errors[NewEmailField.Cc] = { key: 'new_email_to_inbox', params: { address: ownCopy } };
    else if (cc.length > MAX_NEW_EMAIL_CC) errors[NewEmailField.Cc] = { key: 'new_email_too_many_copies', params: { max: MAX_NEW_EMAIL_CC } };

    const subject = input.subject.replace(/\s+/gu, ' ').trim();
    if (!normalizeSubject(subject)) errors[NewEmailField.Subject] = { key: 'validation_required' };
    else if (subject.length > MAX_SUBJECT_LENGTH) errors[NewEmailField.Subject] = { key: 'new_email_subject_too_long', params: { max: MAX_SUBJECT_LENGTH } };

    const markdown = input.message.replace(/\r\n?/gu, '\n').trim();
    if (!markdown) errors[NewEmailField.Message] = { key: 'validation_required' };
    else if (markdown.length > context.maxMessageLength)
        errors[NewEmailField.Message] = { key: 'new_email_message_too_long', params: { max: context.maxMessageLength, length: markdown.length } };

    if (Object.keys(errors).length > 0 || !to) return { ok: false, errors };
    return { ok: true, draft: { inboxId: input.inboxId, to, cc, subject, markdown } };
}
