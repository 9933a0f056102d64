import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui';
import { MessageActionContext, RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';

/** The action id of "Original email headers" in a message's menu (one place only: the engine keeps buttons by action id). */
export const ORIGINAL_HEADERS_BUTTON = 'email-inboxes-original-headers';

/**
 * "Original email headers" in the menu of every message of an omnichannel room, for users who
 * may open omnichannel rooms (`view-l-room`: agents, monitors, managers, admins). The client sends
 * the room and the message it was used on (client/components/message/toolbar/
 * useMessageActionAppsActionButtons.ts: `rid`, `tmid`, `mid`) and filters by room type itself
 * (client/hooks/useApplyButtonFilters.ts); it cannot tell the messages the app imported from the
 * others, so the app answers for those too, and checks on the server who may see the room.
 */
export function originalHeadersButton(): IUIActionButtonDescriptor {
    return {
        actionId: ORIGINAL_HEADERS_BUTTON,
        context: UIActionButtonContext.MESSAGE_ACTION,
        labelI18n: 'headers_button',
        when: {
            roomTypes: [RoomTypeFilter.LIVE_CHAT],
            messageActionContext: [MessageActionContext.MESSAGE, MessageActionContext.MESSAGE_MOBILE],
            hasOnePermission: ['view-l-room'],
        },
    };
}
