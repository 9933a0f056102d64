import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';

import type { Translator } from '../../i18n/translate';
import type { Services } from '../../wiring/Services';
import { inboxPanelData } from './inboxPanelData';
import { inboxPanelModal } from './inboxPanelModal';

export interface PanelState {
    roomId: string;
    page?: number;
    notice?: string;
    statusOf?: string;
}

/** The panel as it is now, to open or to show in place of the open one. */
export async function inboxPanelView(services: Services, appId: string, t: Translator, state: PanelState): Promise<IUIKitSurfaceViewParam> {
    return inboxPanelModal({
        appId,
        roomId: state.roomId,
        inboxes: await inboxPanelData(services, t),
        page: state.page ?? 0,
        notice: state.notice,
        statusOf: state.statusOf,
        t,
    });
}
