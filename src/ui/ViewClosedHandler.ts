import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse, UIKitViewCloseInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { EmailPanelDraftStore } from './emailPanel/EmailPanelDraftStore';
import { InboxFormDraftStore } from './inboxForm/InboxFormDraftStore';
import { ViewName, parseViewId } from './ViewIds';

/**
 * Serves executeViewClosedHandler: a form closed without saving leaves nothing behind (the inbox
 * form's draft). The client sends it for Cancel, the X, Escape and a click beside the modal
 * (apps/meteor/client/views/modal/uikit/ModalBlock.tsx); a browser closed sends nothing, and the
 * draft is overwritten when that user opens the same form again.
 */
export class ViewClosedHandler {
    constructor(
        private readonly interaction: UIKitViewCloseInteractionContext,
        private readonly read: IRead,
        private readonly persis: IPersistence,
    ) {}

    public async run(): Promise<IUIKitResponse> {
        const data = this.interaction.getInteractionData();
        const parsed = parseViewId(data.view.id);
        if (parsed?.name === ViewName.InboxForm) {
            await new InboxFormDraftStore(this.read.getPersistenceReader(), this.persis).remove(data.user.id, data.view.id);
        }
        // A room's Email panel closed: what was typed in it goes.
        if (parsed?.name === ViewName.EmailPanel)
            await new EmailPanelDraftStore(this.read.getPersistenceReader(), this.persis).remove(data.user.id, parsed.context);
        return this.interaction.getInteractionResponder().successResponse();
    }
}
