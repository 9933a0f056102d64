import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../../i18n/translate';
import { mayViewLivechatRoom } from '../../platform/domain/mayViewLivechatRoom';
import type { Services } from '../../wiring/Services';
import { originalHeadersModal } from './originalHeadersModal';

/**
 * The "Original headers" modal for the room message a user clicked. The room checked is the one
 * the app stored the headers with, read afresh (who serves it now), never the one the request
 * names: a forged click on any message id shows nothing of a room the user may not see.
 */
export async function originalHeadersView(
    services: Services,
    appId: string,
    t: Translator,
    user: IUser,
    roomMessageId: string | undefined,
): Promise<IUIKitSurfaceViewParam> {
    // Where Rocket.Chat says the message is, not where the request says: the headers are looked for among that room's mails.
    const inRoom = roomMessageId ? await services.read.getMessageReader().getRoom(roomMessageId) : undefined;
    const entry = roomMessageId ? await services.conversations.headersOf(roomMessageId, inRoom?.id) : undefined;
    if (!roomMessageId || !entry) return originalHeadersModal(appId, t, roomMessageId ?? 'none', { kind: 'none' });
    const room = (await services.read.getRoomReader().getById(entry.roomId)) as ILivechatRoom | undefined;
    if (!room || !mayViewLivechatRoom({ id: user.id, roles: user.roles }, { servedById: room.servedBy?.id })) {
        return originalHeadersModal(appId, t, roomMessageId, { kind: 'not_allowed' });
    }
    return originalHeadersModal(appId, t, roomMessageId, { kind: 'headers', entry });
}
