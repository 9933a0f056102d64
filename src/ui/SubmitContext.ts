import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../i18n/translate';
import type { Services } from '../wiring/Services';

/** What a form's submit handler receives: the submitted values and ways to answer. */
export interface SubmitContext {
    /** The view id's context part (see ViewIds). */
    viewContext: string;
    appId: string;
    user: IUser;
    read: IRead;
    persis: IPersistence;
    modify: IModify;
    /** The trimmed text of an input block ('' when empty). */
    value(blockId: string): string;
    t: Translator;
    /** The stores and senders, built for this call (wiring/Services). */
    services: Services;
    /** Sends text privately to the submitting user. */
    reply(text: string): Promise<void>;
    /** Keeps the modal open and shows these messages under the fields (blockId → text). */
    fieldErrors(errors: Record<string, string>): IUIKitResponse;
    success(): IUIKitResponse;
}
