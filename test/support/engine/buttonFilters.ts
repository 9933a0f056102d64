import { MessageActionContext, RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import type { IUIActionButton } from '@rocket.chat/apps-engine/definition/ui';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { CoreState } from './CoreState';

/**
 * Whether Rocket.Chat's client shows an app button to this user, as apps/meteor/client/hooks/useApplyButtonFilters.ts
 * decides: permissions (one of / all of) and roles (one of / all of) of the user; room types for
 * buttons in a room (room actions, composer actions); the user dropdown applies only the permission and role filters, with no
 * room (useUserDropdownAppsActionButtons.ts); a message's menu (the web client's desktop
 * context `message`) also `messageActionContext`, all contexts when it names none
 * (components/message/toolbar/useMessageActionAppsActionButtons.ts). Only the client applies
 * them: a click is not checked by core.
 */
export function shownTo(state: CoreState, user: IUser, button: IUIActionButton, room?: IRoom): boolean {
    const when = button.when ?? {};
    const holds = (permission: string) => user.roles.some((role) => state.permissionRoles.get(permission)?.includes(role));
    if (when.hasOnePermission && !when.hasOnePermission.some(holds)) return false;
    if (when.hasAllPermissions && !when.hasAllPermissions.every(holds)) return false;
    if (when.hasOneRole && !when.hasOneRole.some((role) => user.roles.includes(role))) return false;
    if (when.hasAllRoles && !when.hasAllRoles.every((role) => user.roles.includes(role))) return false;
    if (button.context === UIActionButtonContext.USER_DROPDOWN_ACTION) return !room;
    // Room actions (useAppsRoomActions), the composer's (useMessageboxAppsActionButtons) and a message's menu are filtered with the room.
    if (
        button.context === UIActionButtonContext.ROOM_ACTION ||
        button.context === UIActionButtonContext.MESSAGE_ACTION ||
        button.context === UIActionButtonContext.MESSAGE_BOX_ACTION
    ) {
        if (!room) return false;
        if (
            button.context === UIActionButtonContext.MESSAGE_ACTION &&
            when.messageActionContext &&
            !when.messageActionContext.includes(MessageActionContext.MESSAGE)
        )
            return false;
        return !when.roomTypes || when.roomTypes.some((type) => matchesRoomType(type, room));
    }
    return false;
}

function matchesRoomType(filter: RoomTypeFilter, room: IRoom): boolean {
    const type = String(room.type);
    switch (filter) {
        case RoomTypeFilter.PUBLIC_CHANNEL:
            return type === 'c';
        case RoomTypeFilter.PRIVATE_CHANNEL:
            return type === 'p';
        case RoomTypeFilter.DIRECT:
            return type === 'd';
        case RoomTypeFilter.LIVE_CHAT:
            return type === 'l';
        default:
            return false;
    }
}
