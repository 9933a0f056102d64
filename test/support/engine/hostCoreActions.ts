import type { ILivechatMessage, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { addDepartment, addUser } from './coreActors';
import type { EngineHost } from './EngineHost';
import type { HostContext } from './HostContext';

/** What people and Rocket.Chat itself do in the workspace: users, departments, messages, closing rooms. */
export function hostCoreActions(
    context: HostContext,
): Pick<EngineHost, 'users' | 'departments' | 'generalRoom' | 'postAgentMessage' | 'postVisitorMessage' | 'closeRoom' | 'closeRoomForInactivity'> {
    const { state, bridges } = context;
    const users: EngineHost['users'] = {
        add: (user) => addUser(state, user),
        get: (username) => state.userByUsername(username),
    };
    return {
        users,
        departments: { add: (options) => addDepartment(state, options) },
        generalRoom: () => context.generalRoom(),
        async postAgentMessage(roomId, username, text, { file, threadId } = {}) {
            const room = context.roomFor(roomId);
            const sender = state.userByUsername(username);
            let fileFields: Partial<IMessage> = {};
            if (file) {
                const uploadId = state.newId();
                state.uploads.set(uploadId, {
                    upload: { id: uploadId, name: file.name, size: file.content.length, type: file.type, room, user: sender } as never,
                    buffer: file.content,
                });
                fileFields = {
                    file: { _id: uploadId, name: file.name, type: file.type },
                    attachments: [{ title: { value: file.name }, type: 'file' } as never],
                };
            }
            const id = await bridges.sink.save({ room, sender, text, threadId, ...fileFields } as IMessage);
            await bridges.sink.idle();
            return state.messages.find((message) => message.id === id) as IMessage;
        },
        async postVisitorMessage(roomId, text) {
            // The widget's REST livechat/message: only into the visitor's open room.
            const room = context.roomFor(roomId) as ILivechatRoom;
            if (room.isOpen !== true) throw new Error('room-closed');
            const visitor = state.visitors.get(room.visitor.id as string) ?? room.visitor;
            const message = {
                room,
                text,
                token: state.roomVisitorTokens.get(room.id),
                alias: visitor.name,
                sender: { id: visitor.id, username: visitor.username, name: visitor.name },
            } as unknown as ILivechatMessage;
            const id = await bridges.sink.save(message);
            await bridges.sink.idle();
            return bridges.sink.converted(id) as ILivechatMessage;
        },
        async closeRoom(roomId, byUsername, comment = 'Resolved') {
            const room = state.rooms.get(roomId) as ILivechatRoom | undefined;
            if (!room || room.type !== RoomType.LIVE_CHAT) throw new Error(`no livechat room ${roomId}`);
            const user = byUsername ? state.userByUsername(byUsername) : undefined;
            await bridges.livechatRooms.close(roomId, { comment, user, visitor: user ? undefined : state.visitors.get(room.visitor.id as string) });
            await bridges.sink.idle();
        },
        async closeRoomForInactivity(roomId) {
            // ee livechat-enterprise closeInactiveRooms: closed by rocket.cat with the abandoned-room message.
            const rocketCat =
                [...state.users.values()].find((user) => user.username === 'rocket.cat') ??
                users.add({ username: 'rocket.cat', name: 'Rocket.Cat', roles: ['bot'] });
            await bridges.livechatRooms.close(roomId, { comment: 'Closed automatically because chat was inactive for 3600 seconds', user: rocketCat });
            await bridges.sink.idle();
        },
    };
}
