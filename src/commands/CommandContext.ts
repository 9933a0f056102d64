import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../i18n/translate';
import type { Services } from '../wiring/Services';

/** What every subcommand receives: the caller, its arguments, the accessors and a way to answer privately. */
export interface CommandContext {
    sender: IUser;
    room: IRoom;
    /** Arguments after the subcommand name. */
    args: string[];
    triggerId?: string;
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    appId: string;
    appVersion: string;
    t: Translator;
    /** The stores and senders, built for this call (wiring/Services). */
    services: Services;
    /** Sends text to the invoking user only (ephemeral); never posted to the room. */
    reply(text: string): Promise<void>;
}

export type Subcommand = (context: CommandContext) => Promise<void>;
