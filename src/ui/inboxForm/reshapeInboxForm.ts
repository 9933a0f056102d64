import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../../i18n/translate';
import { reshape } from './formShape';
import { InboxFormDraftStore } from './InboxFormDraftStore';
import { inboxFormModal } from './inboxFormModal';
import { inboxFormOptions } from './openInboxForm';

export interface ReshapeRequest {
    appId: string;
    user: IUser;
    viewId: string;
    actionId: string;
    value: string;
    t: Translator;
}

/**
 * The inbox form after the admin chose a sign-in method or a security: the same form with the
 * fields that choice needs, for the client to show in place of the open one. What the admin
 * typed stays: the client keeps its values across an update of the same view
 * (apps/meteor/client/uikit/hooks/useUiKitView.ts) and inputs keep their place by actionId
 * (fuselage-ui-kit FuselageSurfaceRenderer). Undefined when nothing changes shape or the draft is gone.
 */
export async function reshapeInboxForm(read: IRead, persis: IPersistence, request: ReshapeRequest): Promise<IUIKitSurfaceViewParam | undefined> {
    const drafts = new InboxFormDraftStore(read.getPersistenceReader(), persis);
    const draft = await drafts.get(request.user.id, request.viewId);
    if (!draft) return undefined;
    const shape = reshape(draft.shape, request.actionId, request.value);
    if (!shape || JSON.stringify(shape) === JSON.stringify(draft.shape)) return undefined;
    const changed = { ...draft, shape };
    await drafts.put(request.user.id, request.viewId, changed);
    return inboxFormModal(await inboxFormOptions(read, request.appId, request.t, changed));
}
