import { EMAIL } from '../../configuration/domain/validateInbox';

/** The address fields of a reply an agent can change in the Email panel. */
export type RecipientField = 'to' | 'cc' | 'bcc';

export const RECIPIENT_FIELDS: readonly RecipientField[] = ['to', 'cc', 'bcc'];

/** At most this many addresses per field (as many as reply all copies: inbound/domain/conversationCopies MAX_COPIES). */
export const MAX_PER_FIELD = 20;

/**
 * What agents changed about who gets a conversation's replies, on top of what the conversation
 * gives (the customer as To; with reply all, everyone else the customer's last mail went to as
 * CC). Kept as changes, not as a list, so that the customer's next mail still updates the copies.
 */
export interface RecipientChanges {
    /** Reply all for this conversation; undefined: the app's setting. */
    replyAll?: boolean;
    added: Record<RecipientField, string[]>;
    /** Addresses the conversation gives that agents took out (To and CC). */
    removed: Record<'to' | 'cc', string[]>;
}

/** Who gets the next reply. */
export interface ReplyRecipients {
    to: string[];
    cc: string[];
    bcc: string[];
    replyAll: boolean;
}

export function noChanges(): RecipientChanges {
    return { added: { to: [], cc: [], bcc: [] }, removed: { to: [], cc: [] } };
}

const unique = (addresses: Iterable<string>) => [...new Set([...addresses].map((address) => address.toLowerCase()))];

/**
 * Who the next reply goes to: To the customer (the Reply-To of their mail) and the To addresses
 * agents added; CC, with reply all, everyone else the customer's last mail went to, and the CC
 * addresses agents added; BCC only what agents added; what agents removed taken out, and no
 * address twice (To before CC before BCC).
 */
export function replyRecipients(
    thread: { visitorEmail: string; cc?: string[] },
    changes: RecipientChanges | undefined,
    replyAllSetting: boolean,
): ReplyRecipients {
    const { added, removed, replyAll = replyAllSetting } = changes ?? noChanges();
    const out = (field: 'to' | 'cc') => new Set(removed[field].map((address) => address.toLowerCase()));
    const to = unique([thread.visitorEmail, ...added.to]).filter((address) => !out('to').has(address));
    const cc = unique([...(replyAll ? (thread.cc ?? []) : []), ...added.cc]).filter((address) => !out('cc').has(address) && !to.includes(address));
    const bcc = unique(added.bcc).filter((address) => !to.includes(address) && !cc.includes(address));
    return { to: to.slice(0, MAX_PER_FIELD), cc: cc.slice(0, MAX_PER_FIELD), bcc: bcc.slice(0, MAX_PER_FIELD), replyAll };
}

/** Addresses typed or pasted into the panel: valid ones (lower-cased, once each) and what is not an address. */
export function parseAddresses(text: string): { valid: string[]; invalid: string[] } {
    const valid: string[] = [];
    const invalid: string[] = [];
    for (const part of text.split(/[,;\n]+/)) {
        // "Name <address>" as mail clients copy it (the name's words are not addresses), else the words of the part.
        const bracketed = [...part.matchAll(/<([^<>]*)>/g)].map((match) => match[1].trim());
        const words = part
            .replace(/<[^<>]*>/g, ' ')
            .split(/\s+/)
            .filter(Boolean);
        const candidates = bracketed.length > 0 ? [...bracketed, ...words.filter((word) => word.includes('@'))] : words;
        for (const candidate of candidates) {
            const address = candidate.toLowerCase();
            if (!EMAIL.test(address)) invalid.push(candidate);
            else if (!valid.includes(address)) valid.push(address);
        }
    }
    return { valid, invalid };
}

/** Why addresses cannot be added, as a message key and its parameters; undefined when they can. */
export type RecipientRefusal =
    | { key: 'email_panel_address_invalid'; params: { addresses: string } }
    | { key: 'email_panel_address_inbox'; params: { address: string } }
    | { key: 'email_panel_address_already'; params: { address: string; field: RecipientField } }
    | { key: 'email_panel_address_too_many'; params: { field: RecipientField; max: number } }
    | { key: 'email_panel_address_none'; params: Record<string, never> }
    | { key: 'email_panel_last_to'; params: Record<string, never> };

/**
 * Adds addresses to a field: each must be an address, not an inbox's own (the reply would come
 * back as a new mail), and not get the reply already; the field holds at most MAX_PER_FIELD.
 * An address agents had removed from the field comes back.
 */
export function addRecipients(
    current: { thread: { visitorEmail: string; cc?: string[] }; changes: RecipientChanges | undefined; replyAllSetting: boolean },
    field: RecipientField,
    text: string,
    inboxAddresses: readonly string[],
): { changes: RecipientChanges; added: string[] } | { refused: RecipientRefusal } {
    const { valid, invalid } = parseAddresses(text);
    if (invalid.length > 0) return { refused: { key: 'email_panel_address_invalid', params: { addresses: invalid.join(', ') } } };
    if (valid.length === 0) return { refused: { key: 'email_panel_address_none', params: {} } };
    const inboxes = new Set(inboxAddresses.map((address) => address.toLowerCase()));
    const own = valid.find((address) => inboxes.has(address));
    if (own) return { refused: { key: 'email_panel_address_inbox', params: { address: own } } };
    const now = replyRecipients(current.thread, current.changes, current.replyAllSetting);
    for (const address of valid) {
        const where = RECIPIENT_FIELDS.find((other) => now[other].includes(address));
        if (where) return { refused: { key: 'email_panel_address_already', params: { address, field: where } } };
    }
    if (now[field].length + valid.length > MAX_PER_FIELD) return { refused: { key: 'email_panel_address_too_many', params: { field, max: MAX_PER_FIELD } } };
    const base = current.changes ?? noChanges();
    // One the conversation gives and agents had taken out comes back as it was; any other is added.
    const wasRemoved = (address: string) => field !== 'bcc' && base.removed[field].includes(address);
    const changes: RecipientChanges = {
        ...base,
        added: { ...base.added, [field]: [...base.added[field], ...valid.filter((address) => !wasRemoved(address))] },
        removed: field === 'bcc' ? base.removed : { ...base.removed, [field]: base.removed[field].filter((address) => !valid.includes(address)) },
    };
    return { changes, added: valid };
}

/** Takes an address out of a field; the last To stays (a reply needs someone to go to). */
export function removeRecipient(
    current: { thread: { visitorEmail: string; cc?: string[] }; changes: RecipientChanges | undefined; replyAllSetting: boolean },
    field: RecipientField,
    address: string,
): { changes: RecipientChanges } | { refused: RecipientRefusal } {
    const normalized = address.toLowerCase();
    const now = replyRecipients(current.thread, current.changes, current.replyAllSetting);
    if (field === 'to' && now.to.length === 1 && now.to[0] === normalized) return { refused: { key: 'email_panel_last_to', params: {} } };
    const base = current.changes ?? noChanges();
    // An address agents added is simply dropped; one the conversation gives is kept out from now on.
    if (base.added[field].includes(normalized)) {
        return { changes: { ...base, added: { ...base.added, [field]: base.added[field].filter((other) => other !== normalized) } } };
    }
    if (field === 'bcc' || base.removed[field].includes(normalized)) return { changes: base };
    return { changes: { ...base, removed: { ...base.removed, [field]: [...base.removed[field], normalized] } } };
}
