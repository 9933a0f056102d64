import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { translatorFor } from '../i18n/translate';
import { canManageInboxes } from '../platform/canManageInboxes';
import { reshapeInboxForm } from './inboxForm/reshapeInboxForm';
import { ViewName, parseViewId } from './ViewIds';

/**
 * Serves executeBlockActionHandler: a choice in an open view. The inbox form's sign-in method and
 * security choices show the form again with the fields they need, as the answer to the action
 * (an update sent separately would use up the same trigger id: ActionManager.ts). Checked again on
 * the server: only inbox managers get a form.
 */
export class BlockActionHandler {
    constructor(
        private readonly interaction: UIKitBlockInteractionContext,
        private readonly read: IRead,
        private readonly persis: IPersistence,
        private readonly appId: string,
    ) {}

    public async run(): Promise<IUIKitResponse> {
        const responder = this.interaction.getInteractionResponder();
        const data = this.interaction.getInteractionData();
        const viewId = data.container?.type === 'view' ? data.container.id : undefined;
        const parsed = viewId ? parseViewId(viewId) : undefined;
        if (!viewId || parsed?.name !== ViewName.InboxForm) return responder.successResponse();
        if (!(await canManageInboxes(this.read, data.user))) return responder.errorResponse();
        const view = await reshapeInboxForm(this.read, this.persis, {
            appId: this.appId,
            user: data.user,
            viewId,
            actionId: data.actionId,
            value: String(data.value ?? ''),
            t: translatorFor(data.user.settings?.preferences?.language),
        });
        return view ? responder.updateModalViewResponse(view as Parameters<typeof responder.updateModalViewResponse>[0]) : responder.successResponse();
    }
}
