import type { IUIActionButtonDescriptor } from '@rocket.chat/apps-engine/definition/ui';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';

import { LIVECHAT_AGENT_ROLE, LIVECHAT_MANAGER_ROLES } from '../../omnichannel/domain/agentAccess';

/** The action ids of the "New email" buttons, one per place (the engine keeps an app's buttons by action id). */
export const NEW_EMAIL_BUTTONS = { menu: 'email-inboxes-new-email', composer: 'email-inboxes-new-email-composer' } as const;

/**
 * Where an agent starts an email: the Marketplace menu of the 8.x navigation (the user dropdown:
 * the web client sends no room, apps/meteor/client/hooks/useUserDropdownAppsActionButtons.ts) and
 * the composer's "+" menu in any room (useMessageboxAppsActionButtons.ts sends the room and the
 * text typed so far, which the form starts with; the mobile app offers only room and composer
 * buttons, Rocket.Chat.ReactNative app/lib/methods/actions.ts). Shown to the roles that may use
 * an inbox (omnichannel/domain/agentAccess); a click is checked again on the server.
 */
export function newEmailButtons(): IUIActionButtonDescriptor[] {
    return (
        [
            [NEW_EMAIL_BUTTONS.menu, UIActionButtonContext.USER_DROPDOWN_ACTION],
            [NEW_EMAIL_BUTTONS.composer, UIActionButtonContext.MESSAGE_BOX_ACTION],
        ] as const
    ).map(([actionId, context]) => ({
        actionId,
        context,
        labelI18n: 'new_email_button',
        when: { hasOneRole: [LIVECHAT_AGENT_ROLE, ...LIVECHAT_MANAGER_ROLES] },
    }));
}
