import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

/**
 * A direct message from the app's bot to a user (opening the conversation if needed): for what
 * must reach them even when they are not looking (an ephemeral notice is lost while offline).
 * Returns false when the user or the app's bot does not exist.
 */
export async function sendDirectMessage(read: IRead, modify: IModify, username: string, text: string): Promise<boolean> {
    const appUser = await read.getUserReader().getAppUser();
    const room = await directRoomWith(read, modify, username);
    if (!appUser || !room) return false;
    await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(appUser).setText(text));
    return true;
}

/** The direct conversation between the app's bot and the user, opened if needed; undefined when either does not exist. */
export async function directRoomWith(read: IRead, modify: IModify, username: string): Promise<IRoom | undefined> {
    const [appUser, user] = await Promise.all([read.getUserReader().getAppUser(), read.getUserReader().getByUsername(username)]);
    if (!appUser || !user) return undefined;
    let room: IRoom | undefined = await read.getRoomReader().getDirectByUsernames([appUser.username, user.username]);
    if (!room) {
        const builder = modify
            .getCreator()
            .startRoom()
            .setType(RoomType.DIRECT_MESSAGE)
            .setCreator(appUser)
            .setMembersToBeAddedByUsernames([appUser.username, user.username]);
        const roomId = await modify.getCreator().finish(builder);
        room = await read.getRoomReader().getById(roomId);
    }
    return room;
}
