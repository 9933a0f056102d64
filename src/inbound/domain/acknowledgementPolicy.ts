import type { InboundEmail } from '../../mail/domain/InboundEmail';

/** Why a new conversation's mail gets no acknowledgement (automated mail and bounces never open one: detectAutomatedMail). */
export type NoAcknowledgementReason = 'mailing_list' | 'robot_sender' | 'inbox_address' | 'spoofed';

/** RFC 2369 / 2919 list headers: a list's mail goes to its members, and its sender is no person to answer. */
const LIST_HEADERS = [
    'list-id',
    'list-unsubscribe',
    'list-post',
    'list-help',
    'list-subscribe',
    'list-owner',
    'list-archive',
    'mailing-list',
    'x-mailing-list',
];

/**
 * Senders no person reads (RFC 3834 2: `owner-`, `-request`, `MAILER-DAEMON`; and the no-reply
 * addresses of shops and services): an acknowledgement to them is noise at best and a loop at worst.
 */
const ROBOT_LOCAL_PART =
    /^(no-?reply|noreply[-+.].*|do-?not-?reply|donotreply|bounces?([-+.].*)?|mailer-daemon|postmaster|listserv|majordomo|owner-.+|.+-request|.+-bounces?)$/i;

/**
 * Whether a customer's mail that opened a new conversation may be acknowledged (RFC 3834 2 and
 * 3.1), besides the per-sender days: not a mailing list's mail, not from an address no person
 * reads, not to one of the inboxes, and not a mail whose receiving server doubts its sender
 * (domain/authenticationResults): an acknowledgement to a forged From would go to someone who
 * never wrote (backscatter). `customer` is where it would go (Reply-To, else From).
 */
export function noAcknowledgement(
    email: Pick<InboundEmail, 'headers' | 'from'>,
    context: { customer: string; inboxAddresses: readonly string[]; suspicious: boolean },
): NoAcknowledgementReason | undefined {
    if (LIST_HEADERS.some((name) => email.headers[name] !== undefined)) return 'mailing_list';
    const inboxes = new Set(context.inboxAddresses.map((address) => address.toLowerCase()));
    if (inboxes.has(context.customer.toLowerCase())) return 'inbox_address';
    const localParts = [context.customer, email.from?.address ?? ''].map((address) => address.slice(0, address.lastIndexOf('@')));
    if (localParts.some((local) => ROBOT_LOCAL_PART.test(local))) return 'robot_sender';
    if (context.suspicious) return 'spoofed';
    return undefined;
}
