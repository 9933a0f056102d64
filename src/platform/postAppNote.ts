import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

/**
 * A note from the app in a conversation's room, for its agents. The app's own messages are
 * never emailed (outbound/domain/isAgentReplyCandidate), so a note stays inside Rocket.Chat.
 */
export async function postAppNote(read: IRead, modify: IModify, room: IRoom, text: string): Promise<void> {
    const appUser = await read.getUserReader().getAppUser();
    const builder = modify.getCreator().startMessage().setRoom(room).setText(text).setGroupable(false);
    if (appUser) builder.setSender(appUser);
    await modify.getCreator().finish(builder);
}
