import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { translatorFor } from '../i18n/translate';
import { canManageInboxes } from '../platform/canManageInboxes';
import { Services } from '../wiring/Services';
import { emailPanelAction } from './emailPanel/emailPanelAction';
import { reshapeInboxForm } from './inboxForm/reshapeInboxForm';
import { panelAction } from './inboxPanel/panelAction';
import { userSurface } from './UserSurface';
import { ViewName, parseViewId } from './ViewIds';

/**
 * Serves executeBlockActionHandler: a choice in an open view. A click in a conversation's Email
 * panel (emailPanel/) comes back as the panel updated (checked there: agents of the conversation and managers). The inbox form's sign-in method and
 * security choices show the form again with the fields they need, and the panel's clicks
 * (inboxPanel/panelAction) show it again current, each as the answer to the action
 * (an update sent separately would use up the same trigger id: ActionManager.ts). Checked again on
 * the server: only inbox managers get a form.
 */
export class BlockActionHandler {
    constructor(
        private readonly interaction: UIKitBlockInteractionContext,
        private readonly read: IRead,
        private readonly persis: IPersistence,
        private readonly modify: IModify,
        private readonly http: IHttp,
        private readonly appId: string,
    ) {}

    public async run(): Promise<IUIKitResponse> {
        const responder = this.interaction.getInteractionResponder();
        const data = this.interaction.getInteractionData();
        const viewId = data.container?.type === 'view' ? data.container.id : undefined;
        const parsed = viewId ? parseViewId(viewId) : undefined;
        if (parsed?.name === ViewName.EmailPanel) {
            // A contextual bar's action carries no room (its context value gets no rid): the view id names it. The panel checks who may see it.
            const services = new Services(this.read, this.modify, this.persis, this.http);
            const t = translatorFor(data.user.settings?.preferences?.language);
            const who = { appId: this.appId, user: data.user, t, roomId: parsed.context };
            return responder.updateContextualBarViewResponse(
                await emailPanelAction(services, who, { actionId: data.actionId, value: String(data.value ?? '') }),
            );
        }
        if (!viewId || (parsed?.name !== ViewName.InboxForm && parsed?.name !== ViewName.InboxPanel)) return responder.successResponse();
        if (!(await canManageInboxes(this.read, data.user))) return responder.errorResponse();
        const t = translatorFor(data.user.settings?.preferences?.language);
        if (parsed.name === ViewName.InboxPanel) {
            const services = new Services(this.read, this.modify, this.persis, this.http);
            const surface = userSurface(this.modify, { appId: this.appId, user: data.user, roomId: parsed.context, t, triggerId: data.triggerId });
            const panel = await panelAction(surface, services, { actionId: data.actionId, value: String(data.value ?? '') });
            return panel ? responder.updateModalViewResponse(panel as Parameters<typeof responder.updateModalViewResponse>[0]) : responder.successResponse();
        }
        const view = await reshapeInboxForm(this.read, this.persis, {
            appId: this.appId,
            user: data.user,
            viewId,
            actionId: data.actionId,
            value: String(data.value ?? ''),
            t,
        });
        return view ? responder.updateModalViewResponse(view as Parameters<typeof responder.updateModalViewResponse>[0]) : responder.successResponse();
    }
}
