import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui';
import { RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';

import { LIVECHAT_AGENT_ROLE, LIVECHAT_MANAGER_ROLES } from '../../omnichannel/domain/agentAccess';

/** The action id of the Email panel's button in livechat rooms. */
export const EMAIL_PANEL_BUTTON = 'email-inboxes-email-panel';

/**
 * The "Email" button of a conversation: in the room's menu of livechat rooms, for agents,
 * managers and admins (the client's filters, apps/meteor/client/hooks/useApplyButtonFilters.ts:
 * room type and roles; it cannot tell an email conversation from another livechat room, so the
 * panel of another one says so). Whoever clicks is checked again on the server
 * (omnichannel/AgentAccess). It is a button of its own beside the inbox managers' "Email inboxes"
 * (inboxPanel/panelButtons.ts), which stays in every room: managers keep finding the inboxes where
 * they did, and agents get the conversation's panel without seeing the inbox settings.
 */
export function emailPanelButton(): IUIActionButtonDescriptor {
    return {
        actionId: EMAIL_PANEL_BUTTON,
        context: UIActionButtonContext.ROOM_ACTION,
        labelI18n: 'email_panel_button',
        when: { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOneRole: [LIVECHAT_AGENT_ROLE, ...LIVECHAT_MANAGER_ROLES] },
    };
}
