import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { InboxInput } from '../../configuration/domain/InboxInput';
import type { Translator } from '../../i18n/translate';
import { callbackUri } from '../../signin/callbackUri';
import type { Services } from '../../wiring/Services';
import type { UserSurface } from '../UserSurface';
import { formShape } from './formShape';
import { InboxFormDraftStore } from './InboxFormDraftStore';
import type { InboxFormDraft } from './InboxFormDraftStore';
import { inboxFormModal, inboxFormViewId } from './inboxFormModal';
import type { FormDepartment, InboxFormOptions } from './inboxFormModal';

export interface OpenInboxForm {
    values: InboxInput;
    inboxId?: string;
    inboxName?: string;
    note?: string;
}

/**
 * Opens the inbox form (add or edit) for the user, from a command or a button, and keeps its
 * draft for the choices that reshape it. The view goes out before anything slow: the client shows
 * it only within its trigger window.
 */
export async function openInboxForm(surface: UserSurface, services: Services, form: OpenInboxForm): Promise<void> {
    const viewId = inboxFormViewId(surface.roomId, form.inboxId);
    const draft: InboxFormDraft = {
        roomId: surface.roomId,
        ...(form.inboxId && { inboxId: form.inboxId }),
        ...(form.inboxName && { inboxName: form.inboxName }),
        values: form.values,
        ...(form.note && { note: form.note }),
        shape: formShape(form.values),
        openedAt: new Date().toISOString(),
    };
    const view = inboxFormModal(await inboxFormOptions(services.read, surface.appId, surface.t, draft));
    await surface.open(view);
    await new InboxFormDraftStore(services.read.getPersistenceReader(), services.persis).put(surface.user.id, viewId, draft);
}

/** Everything the form is built from: the draft, the departments as they are now and the redirect URI. */
export async function inboxFormOptions(read: IRead, appId: string, t: Translator, draft: InboxFormDraft): Promise<InboxFormOptions> {
    return {
        appId,
        roomId: draft.roomId,
        inboxId: draft.inboxId,
        inboxName: draft.inboxName,
        values: draft.values,
        shape: draft.shape,
        note: draft.note,
        departments: await formDepartments(read, draft.values.department),
        redirectUri: await callbackUri(read, appId),
        t,
    };
}

/** The departments core routes to now, and the inbox's current one even when it is not (said so). */
async function formDepartments(read: IRead, currentId: string): Promise<FormDepartment[]> {
    const livechat = read.getLivechatReader();
    const departments: FormDepartment[] = (await livechat.getDepartmentsEnabledWithAgents()).map((department) => ({
        id: department.id,
        name: department.name ?? department.id,
    }));
    if (currentId && !departments.some((department) => department.id === currentId)) {
        const current = await livechat.getLivechatDepartmentByIdOrName(currentId);
        if (current) departments.push({ id: current.id, name: current.name ?? current.id, unavailable: current.enabled === false ? 'disabled' : 'no_agents' });
    }
    return departments;
}
