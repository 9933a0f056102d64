import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

/** What the app asks the client to show: modals opened or updated, view errors. */
export class HostUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly state: CoreState) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        this.state.uiInteractions.push({ userId: user.id, type: interaction.type, payload: interaction as unknown as Record<string, unknown>, at: new Date() });
    }
}
