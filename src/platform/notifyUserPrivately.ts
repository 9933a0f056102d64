import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** An ephemeral message from the app's bot user, seen only by `user`, in `room`. */
export async function notifyUserPrivately(read: IRead, modify: IModify, user: IUser, room: IRoom, text: string): Promise<void> {
    const appUser = await read.getUserReader().getAppUser();
    const builder = modify.getCreator().startMessage().setRoom(room).setText(text).setGroupable(false);
    if (appUser) builder.setSender(appUser);
    await modify.getNotifier().notifyUser(user, builder.getMessage());
}
