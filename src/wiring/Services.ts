import type { IHttp, IModify, IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { InboxStatusStore } from '../configuration/InboxStatusStore';
import { InboxStore } from '../configuration/InboxStore';
import type { InboundServices } from '../inbound/InboundServices';
import { MailboxCursorStore } from '../inbound/MailboxCursorStore';
import { SetAsideMailStore } from '../inbound/SetAsideMailStore';
import { ConversationStore } from '../omnichannel/ConversationStore';
import { LivechatGateway } from '../omnichannel/LivechatGateway';
import { Acknowledgements } from '../outbound/Acknowledgements';
import { AgentNotices } from '../outbound/AgentNotices';
import type { OutboundServices } from '../outbound/OutboundServices';
import { OutboxDelivery } from '../outbound/OutboxDelivery';
import { OutboxStore } from '../outbound/OutboxStore';
import { RecipientStore } from '../outbound/RecipientStore';
import { ClaimStore } from '../persistence/ClaimStore';
import { SILENT_LOG } from '../runtime/AppLog';
import { InboxLogin } from '../signin/InboxLogin';
import { PendingSignInStore } from '../signin/PendingSignInStore';
import type { SignInServices } from '../signin/SignInServices';
import { TokenStore } from '../signin/TokenStore';
import type { Inbox } from '../configuration/domain/Inbox';
import type { AppLog } from '../runtime/AppLog';
import type { Deadline } from '../runtime/Deadline';

/**
 * The composition root: everything the app's parts work with, built from one call's accessors
 * (the engine hands out new ones with every call), each at first use. Jobs, commands, forms and
 * hooks make one per call and hand it down; below this folder nothing builds its own stores.
 */
export class Services implements InboundServices, OutboundServices, SignInServices {
    private readonly reader: IPersistenceRead;
    private readonly built: {
        inboxes?: InboxStore;
        statuses?: InboxStatusStore;
        cursors?: MailboxCursorStore;
        setAside?: SetAsideMailStore;
        conversations?: ConversationStore;
        outbox?: OutboxStore;
        recipients?: RecipientStore;
        claims?: ClaimStore;
        notices?: AgentNotices;
        acknowledgements?: Acknowledgements;
        tokens?: TokenStore;
        pendingSignIns?: PendingSignInStore;
    } = {};

    constructor(
        readonly read: IRead,
        readonly modify: IModify,
        readonly persis: IPersistence,
        readonly http: IHttp,
        readonly log: AppLog = SILENT_LOG,
    ) {
        this.reader = read.getPersistenceReader();
    }

    get inboxes(): InboxStore {
        return (this.built.inboxes ??= new InboxStore(this.reader, this.persis));
    }

    get statuses(): InboxStatusStore {
        return (this.built.statuses ??= new InboxStatusStore(this.reader, this.persis));
    }

    get cursors(): MailboxCursorStore {
        return (this.built.cursors ??= new MailboxCursorStore(this.reader, this.persis));
    }

    get setAside(): SetAsideMailStore {
        return (this.built.setAside ??= new SetAsideMailStore(this.reader, this.persis));
    }

    get conversations(): ConversationStore {
        return (this.built.conversations ??= new ConversationStore(this.reader, this.persis));
    }

    get outbox(): OutboxStore {
        return (this.built.outbox ??= new OutboxStore(this.reader, this.persis));
    }

    get recipients(): RecipientStore {
        return (this.built.recipients ??= new RecipientStore(this.reader, this.persis));
    }

    get claims(): ClaimStore {
        return (this.built.claims ??= new ClaimStore(this.reader, this.persis));
    }

    get notices(): AgentNotices {
        return (this.built.notices ??= new AgentNotices(this.read, this.modify, this.log));
    }

    /** One per Services (one call): the poll job sends what it queued once the check is done. */
    get acknowledgements(): Acknowledgements {
        return (this.built.acknowledgements ??= new Acknowledgements(this, this.reader, this.persis));
    }

    get tokens(): TokenStore {
        return (this.built.tokens ??= new TokenStore(this.reader, this.persis));
    }

    get pendingSignIns(): PendingSignInStore {
        return (this.built.pendingSignIns ??= new PendingSignInStore(this.reader, this.persis));
    }

    /** The inbox ready to log in to its servers: with a valid access token when it signs in with OAuth2, replaced once if a server refuses it. */
    public login(inbox: Inbox, deadline: Deadline): Promise<InboxLogin> {
        return InboxLogin.start(this, inbox, deadline);
    }

    /** A fresh gateway: it remembers the visitors it met, for one inbox's run. */
    public livechatGateway(): LivechatGateway {
        return new LivechatGateway(this.read, this.modify);
    }

    /** Sends outbox emails until the deadline. */
    public delivery(deadline: Deadline): OutboxDelivery {
        return new OutboxDelivery(this, deadline);
    }
}
