import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { InboxStore } from '../configuration/InboxStore';
import type { ConversationStore } from '../omnichannel/ConversationStore';
import type { ClaimStore } from '../persistence/ClaimStore';
import type { AppLog } from '../runtime/AppLog';
import type { Inbox } from '../configuration/domain/Inbox';
import type { Deadline } from '../runtime/Deadline';
import type { InboxLogin } from '../signin/InboxLogin';
import type { AgentNotices } from './AgentNotices';
import type { OutboxDelivery } from './OutboxDelivery';
import type { OutboxStore } from './OutboxStore';
import type { RecipientStore } from './RecipientStore';

/** What sending agents' replies works with, built for it by the composition root (wiring/Services). */
export interface OutboundServices {
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    log: AppLog;
    inboxes: InboxStore;
    conversations: ConversationStore;
    outbox: OutboxStore;
    /** Who agents want each conversation's replies to go to (the Email panel). */
    recipients: RecipientStore;
    claims: ClaimStore;
    notices: AgentNotices;
    delivery(deadline: Deadline): OutboxDelivery;
    /**
     * The inbox ready to log in to its servers (an OAuth2 inbox with a valid access token, replaced
     * once when a server refuses it: signin/InboxLogin); throws ConnectionError when it cannot be.
     */
    login(inbox: Inbox, deadline: Deadline): Promise<InboxLogin>;
}
