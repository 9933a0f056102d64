import type { InboundEmail } from '../../mail/domain/InboundEmail';

export type AutomatedReason = 'auto_submitted' | 'auto_reply_header' | 'bulk_precedence' | 'bounce' | 'own_address' | 'own_message';

export type AutomatedVerdict = { automated: false } | { automated: true; reason: AutomatedReason };

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/**
 * Mail that must never open or continue a conversation, so that two robots can never
 * talk to each other through Rocket.Chat (DESIGN promise 3). RFC 3834: `Auto-Submitted: no`
 * is an ordinary mail; any other value is automatic. Exchange marks its automatic mail with
 * X-Auto-Response-Suppress and out-of-office replies with X-Autoreply/X-Autorespond.
 */
export function detectAutomatedMail(email: InboundEmail, context: { inboxAddresses: string[]; ownMessageIdDomain?: string }): AutomatedVerdict {
    const header = (name: string) => (email.headers[name] ?? '').trim().toLowerCase();
    const from = email.from?.address.toLowerCase() ?? '';

    if (email.contentType.toLowerCase() === 'multipart/report' || BOUNCE_SENDERS.test(from) || header('return-path') === '<>') {
        return { automated: true, reason: 'bounce' };
    }
    const autoSubmitted = header('auto-submitted');
    if (autoSubmitted && autoSubmitted.split(';')[0].trim() !== 'no') return { automated: true, reason: 'auto_submitted' };
    if (header('x-autoreply') || header('x-autorespond') || header('x-auto-response-suppress')) return { automated: true, reason: 'auto_reply_header' };
    if (['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence'))) return { automated: true, reason: 'bulk_precedence' };
    if (from && context.inboxAddresses.some((address) => address.toLowerCase() === from)) return { automated: true, reason: 'own_address' };
    if (context.ownMessageIdDomain && email.messageId.endsWith(`@${context.ownMessageIdDomain.toLowerCase()}`) && !email.synthesizedMessageId) {
        return { automated: true, reason: 'own_message' };
    }
    return { automated: false };
}
