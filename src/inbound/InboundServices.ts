import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { InboxStatusStore } from '../configuration/InboxStatusStore';
import type { InboxStore } from '../configuration/InboxStore';
import type { ConversationStore } from '../omnichannel/ConversationStore';
import type { LivechatGateway } from '../omnichannel/LivechatGateway';
import type { ClaimStore } from '../persistence/ClaimStore';
import type { AppLog } from '../runtime/AppLog';
import type { Deadline } from '../runtime/Deadline';
import type { InboxLogin } from '../signin/InboxLogin';
import type { Inbox } from '../configuration/domain/Inbox';
import type { Acknowledger } from './Acknowledger';
import type { MailboxCursorStore } from './MailboxCursorStore';
import type { SetAsideMailStore } from './SetAsideMailStore';

/** What the mail check works with, built for it by the composition root (wiring/Services). */
export interface InboundServices {
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    log: AppLog;
    inboxes: InboxStore;
    statuses: InboxStatusStore;
    cursors: MailboxCursorStore;
    setAside: SetAsideMailStore;
    conversations: ConversationStore;
    claims: ClaimStore;
    /** Where new conversations' acknowledgements go (one for the whole run: it lists what it queued). */
    acknowledgements: Acknowledger;
    livechatGateway(): LivechatGateway;
    /**
     * The inbox ready to log in to its servers (an OAuth2 inbox with a valid access token, replaced
     * once when a server refuses it: signin/InboxLogin); throws ConnectionError when it cannot be.
     */
    login(inbox: Inbox, deadline: Deadline): Promise<InboxLogin>;
}
