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
    /** The submitted view's id. */
    viewId: string;
    /** The value the user saw in the field with this actionId, as typed ('' when empty): see blocks/submittedValues. */
    value(actionId: string): string;
    /** The same, for the fields of these blocks: those the app knows it showed (undefined: the submitted view's). */
    valuesIn(blocks: unknown[] | undefined): Record<string, string>;
    t: Translator;
    /** The stores and senders, built for this call (wiring/Services). */
    services: Services;
    /** Sends text privately to the submitting user. */
    reply(text: string): Promise<void>;
    /** Keeps the modal open and shows these messages under the fields (actionId → text). */
    fieldErrors(errors: Record<string, string>): IUIKitResponse;
    success(): IUIKitResponse;
}
