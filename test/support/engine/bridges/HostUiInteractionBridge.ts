import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/**
 * What the app asks the client to show: views opened or updated, view errors. Core only relays
 * them (apps/meteor/app/apps/server/bridges/uiInteraction.ts broadcasts notify.uiInteraction);
 * the client shows one only with a live, unused trigger id (CoreState.consumeTrigger), else drops it.
 */
export class HostUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        const record = { userId: user.id, type: interaction.type, payload: interaction as unknown as Record<string, unknown>, at: new Date() };
        const dropped = this.state.consumeTrigger(interaction.triggerId);
        if (dropped) this.state.droppedUiInteractions.push({ ...record, reason: dropped });
        else this.state.uiInteractions.push(record);
    }
}
