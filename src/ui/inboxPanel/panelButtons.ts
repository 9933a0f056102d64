import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';

/**
 * The action ids of the "Email inboxes" buttons, one per place: the engine keeps an app's buttons
 * by action id (UIActionButtonManager), so one id in two places would leave one button.
 */
export const PANEL_BUTTONS = { menu: 'email-inboxes-panel', room: 'email-inboxes-panel-room' } as const;

/** Rocket.Chat's own permission for its Email Inboxes page: the client shows the button to those who hold it. */
const MANAGE_PERMISSION = 'manage-email-inbox';

/**
 * Where the panel's button is: the Marketplace menu of the 8.x navigation (user dropdown) and
 * every room's menu (in livechat rooms beside the conversation's own "Email" button,
 * emailPanel/emailPanelButton.ts). Needs the app permission ui.registerButtons, without which the engine drops
 * them (UIActionButtonManager.registerActionButton).
 */
export function panelButtons(): IUIActionButtonDescriptor[] {
    return (
        [
            [PANEL_BUTTONS.menu, UIActionButtonContext.USER_DROPDOWN_ACTION],
            [PANEL_BUTTONS.room, UIActionButtonContext.ROOM_ACTION],
        ] as const
    ).map(([actionId, context]) => ({
        actionId,
        context,
        labelI18n: 'panel_button',
        when: { hasOnePermission: [MANAGE_PERMISSION] },
    }));
}
