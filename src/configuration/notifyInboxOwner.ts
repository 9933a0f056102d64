import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { sendDirectMessage } from '../platform/sendDirectMessage';
import type { AppLog } from '../runtime/AppLog';
import type { Inbox } from './domain/Inbox';

/**
 * A direct message from the app to the admin who last changed the inbox: apps cannot list
 * the users holding a permission, and that admin is the one who can fix the inbox.
 * Best effort: a failure here never hides the inbox's own error.
 */
export async function notifyInboxOwner(read: IRead, modify: IModify, inbox: Inbox, text: string, log: AppLog): Promise<void> {
    await notifyUser(read, modify, inbox.updatedBy, text, log, `inbox ${inbox.name}`);
}

/** Best effort, as notifyInboxOwner, to any user by name. */
export async function notifyUser(read: IRead, modify: IModify, username: string, text: string, log: AppLog, about: string): Promise<void> {
    try {
        await sendDirectMessage(read, modify, username, text);
    } catch (error) {
        // The status command still shows the problem.
        log.warn(`${about}: ${username} could not be sent a direct message: ${error instanceof Error ? error.message : String(error)}`);
    }
}
