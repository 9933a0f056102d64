import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppLog } from '../runtime/AppLog';
import type { Inbox } from './domain/Inbox';

/**
 * A direct message from the app to the admin who last changed the inbox: apps cannot list
 * the users holding a permission, and that admin is the one who can fix the inbox.
 * Best effort: a failure here never hides the inbox's own error.
 */
export async function notifyInboxOwner(read: IRead, modify: IModify, inbox: Inbox, text: string, log: AppLog): Promise<void> {
    try {
        const [appUser, owner] = await Promise.all([read.getUserReader().getAppUser(), read.getUserReader().getByUsername(inbox.updatedBy)]);
        if (!appUser || !owner) return;
        let room: IRoom | undefined = await read.getRoomReader().getDirectByUsernames([appUser.username, owner.username]);
        if (!room) {
            const builder = modify
                .getCreator()
                .startRoom()
                .setType(RoomType.DIRECT_MESSAGE)
                .setCreator(appUser)
                .setMembersToBeAddedByUsernames([appUser.username, owner.username]);
            const roomId = await modify.getCreator().finish(builder);
            room = await read.getRoomReader().getById(roomId);
        }
        if (!room) return;
        await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(appUser).setText(text));
    } catch (error) {
        // The status command still shows the problem.
        log.warn(`inbox ${inbox.name}: ${inbox.updatedBy} could not be sent a direct message: ${error instanceof Error ? error.message : String(error)}`);
    }
}
