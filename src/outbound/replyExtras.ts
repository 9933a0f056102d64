import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { Inbox } from '../configuration/domain/Inbox';
import { fillSignature } from '../configuration/domain/signatureTemplate';
import type { Translator } from '../i18n/translate';
import type { ConversationStore, ThreadState } from '../omnichannel/ConversationStore';
import { quoteDate } from './domain/signAndQuote';
import type { ReplyQuote } from './domain/signAndQuote';

/**
 * The inbox's signature for a reply by this agent (undefined when the inbox has none): {agent}
 * the agent's name, {inbox} the sender info or else the inbox's name (the From label), {department}
 * the name of the inbox's department ('' without one, or when Rocket.Chat no longer has it).
 */
export async function signatureFor(read: IRead, inbox: Inbox, agentName: string): Promise<string | undefined> {
    if (!inbox.signature?.trim()) return undefined;
    let department = '';
    if (inbox.departmentId && /\{department\}/i.test(inbox.signature)) {
        const found = await read.getLivechatReader().getLivechatDepartmentByIdOrName(inbox.departmentId);
        department = found?.name ?? '';
    }
    return fillSignature(inbox.signature, { agent: agentName, inbox: inbox.senderInfo || inbox.name, department }) || undefined;
}

/**
 * The mail a reply in this conversation quotes, when its inbox quotes mails: the last one that
 * came in, as long as it is still the mail the reply answers (In-Reply-To).
 */
export async function quoteFor(conversations: ConversationStore, inbox: Inbox, thread: ThreadState, t: Translator): Promise<ReplyQuote | undefined> {
    if (!inbox.quoteLastEmail) return undefined;
    const mail = await conversations.lastMail(thread.roomId);
    if (!mail || mail.messageId !== thread.lastInboundMessageId || !mail.text) return undefined;
    return {
        mail,
        header: t('outbound_quote_header', { date: quoteDate(mail.date), from: mail.from || thread.visitorEmail }),
        cutNote: t('outbound_quote_cut'),
    };
}
