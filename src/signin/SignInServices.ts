import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { InboxStatusStore } from '../configuration/InboxStatusStore';
import type { InboxStore } from '../configuration/InboxStore';
import type { ClaimStore } from '../persistence/ClaimStore';
import type { AppLog } from '../runtime/AppLog';
import type { PendingSignInStore } from './PendingSignInStore';
import type { TokenStore } from './TokenStore';

/** What OAuth2 sign-in works with, built for it by the composition root (wiring/Services). */
export interface SignInServices {
    read: IRead;
    modify: IModify;
    persis: IPersistence;
    /** Rocket.Chat's HTTP bridge: how the app reaches the provider's token endpoint. */
    http: IHttp;
    log: AppLog;
    inboxes: InboxStore;
    statuses: InboxStatusStore;
    claims: ClaimStore;
    tokens: TokenStore;
    pendingSignIns: PendingSignInStore;
}
