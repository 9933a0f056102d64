import type { IModify, IPersistence, IRead, IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse, UIKitActionButtonInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { translatorFor } from '../i18n/translate';
import { canManageInboxes } from '../platform/canManageInboxes';
import { directRoomWith, sendDirectMessage } from '../platform/sendDirectMessage';
import { Services } from '../wiring/Services';
import { EMAIL_PANEL_BUTTON } from './emailPanel/emailPanelButton';
import { openEmailPanel } from './emailPanel/emailPanelAction';
import { PANEL_BUTTONS } from './inboxPanel/panelButtons';
import { NEW_EMAIL_BUTTONS } from './newEmail/newEmailButtons';
import { newEmailView } from './newEmail/openNewEmail';
import { inboxPanelView } from './inboxPanel/openInboxPanel';
import { ORIGINAL_HEADERS_BUTTON } from './originalHeaders/originalHeadersButton';
import { originalHeadersView } from './originalHeaders/openOriginalHeaders';
import { userSurface } from './UserSurface';

/**
 * Serves executeActionButtonHandler: the "Email" button of a livechat room opens that
 * conversation's Email panel (a contextual bar; emailPanel/); the "Email inboxes" button
 * (Marketplace menu, room menu) opens the inboxes panel; "Original email headers" in a message's
 * menu opens that mail's headers; "New email" (Marketplace menu, composer) the New email form.
 * The client shows the buttons only to those its filters let through, but those filters are the
 * client's (apps/meteor/client/hooks/useApplyButtonFilters.ts): a click is checked again here.
 * Answers go to the room the button was used in, or from the Marketplace menu (no room) to the
 * direct conversation with the app.
 */
export class ActionButtonHandler {
    constructor(
        private readonly interaction: UIKitActionButtonInteractionContext,
        private readonly read: IRead,
        private readonly modify: IModify,
        private readonly persis: IPersistence,
        private readonly http: IHttp,
        private readonly appId: string,
    ) {}

    public async run(): Promise<IUIKitResponse> {
        const responder = this.interaction.getInteractionResponder();
        const data = this.interaction.getInteractionData();
        if (data.actionId === EMAIL_PANEL_BUTTON) {
            if (!data.room) return responder.errorResponse();
            const services = new Services(this.read, this.modify, this.persis, this.http);
            const t = translatorFor(data.user.settings?.preferences?.language);
            // Answered, not sent through the bridge: one server interaction per trigger id.
            return responder.openContextualBarViewResponse(await openEmailPanel(services, { appId: this.appId, user: data.user, t, roomId: data.room.id }));
        }
        if (data.actionId === ORIGINAL_HEADERS_BUTTON) {
            const t = translatorFor(data.user.settings?.preferences?.language);
            const services = new Services(this.read, this.modify, this.persis, this.http);
            const view = await originalHeadersView(services, this.appId, t, data.user, data.message?.id);
            return responder.openModalViewResponse(view as Parameters<typeof responder.openModalViewResponse>[0]);
        }
        if (data.actionId === NEW_EMAIL_BUTTONS.menu || data.actionId === NEW_EMAIL_BUTTONS.composer) return this.newEmail();
        if (data.actionId !== PANEL_BUTTONS.menu && data.actionId !== PANEL_BUTTONS.room) return responder.successResponse();
        const t = translatorFor(data.user.settings?.preferences?.language);
        if (!(await canManageInboxes(this.read, data.user))) {
            await sendDirectMessage(this.read, this.modify, data.user.username, t('command_not_allowed'));
            return responder.errorResponse();
        }
        const services = new Services(this.read, this.modify, this.persis, this.http);
        const room = data.room ?? (await directRoomWith(this.read, this.modify, data.user.username));
        if (!room) return responder.errorResponse();
        const surface = userSurface(this.modify, { appId: this.appId, user: data.user, roomId: room.id, t, triggerId: data.triggerId });
        // The panel is answered, not sent through the bridge: one server interaction per trigger id.
        return responder.openModalViewResponse(
            (await inboxPanelView(services, surface.appId, t, { roomId: room.id })) as Parameters<typeof responder.openModalViewResponse>[0],
        );
    }

    /**
     * "New email": the form with the inboxes this user may use, or why there are none (the
     * client's role filter is only the client's: the inboxes are decided here). From the composer
     * the form starts with the text typed there.
     */
    private async newEmail(): Promise<IUIKitResponse> {
        const responder = this.interaction.getInteractionResponder();
        const data = this.interaction.getInteractionData();
        const t = translatorFor(data.user.settings?.preferences?.language);
        const room = data.room ?? (await directRoomWith(this.read, this.modify, data.user.username));
        if (!room) return responder.errorResponse();
        const services = new Services(this.read, this.modify, this.persis, this.http);
        const message = 'text' in data && typeof data.text === 'string' ? data.text : undefined;
        const view = await newEmailView(services, { appId: this.appId, user: data.user, roomId: room.id, t, message });
        return responder.openModalViewResponse(view as Parameters<typeof responder.openModalViewResponse>[0]);
    }
}
