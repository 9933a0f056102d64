import { randomUUID } from 'crypto';

import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Inbox } from '../../configuration/domain/Inbox';
import type { Translator } from '../../i18n/translate';
import { usableInboxes } from '../../omnichannel/AgentAccess';
import type { Services } from '../../wiring/Services';
import { newEmailModal, noInboxModal } from './newEmailModal';
import type { NewEmailInbox, NoInboxReason } from './newEmailModal';

/**
 * The inboxes this user may send from now (`inboxes`: theirs by the access rule and active), those
 * theirs at all (`usable`, disabled ones too), every inbox (`all`), and why none is sendable.
 */
export async function sendableInboxes(services: Services, user: IUser): Promise<{ inboxes: Inbox[]; usable: Inbox[]; all: Inbox[]; none?: NoInboxReason }> {
    const all = await services.inboxes.list();
    const usable = await usableInboxes(services.read, user, all);
    const inboxes = usable.filter((inbox) => inbox.active);
    const none: NoInboxReason | undefined =
        inboxes.length > 0 ? undefined : all.length === 0 ? 'none_configured' : usable.length === 0 ? 'none_allowed' : 'all_disabled';
    return { inboxes, usable, all, none };
}

/**
 * The New email form for this user, or the view that says why they cannot send (checked here on
 * the server, whatever button the client showed). `message`: the composer's text when opened from
 * the composer. Returned, not opened: the caller answers the click with it (one view per trigger id).
 */
export async function newEmailView(
    services: Services,
    options: { appId: string; user: IUser; roomId: string; t: Translator; message?: string },
): Promise<IUIKitSurfaceViewParam> {
    const { inboxes, none } = await sendableInboxes(services, options.user);
    if (none) return noInboxModal({ appId: options.appId, roomId: options.roomId, reason: none, t: options.t });
    const departments = new Map<string, string>();
    for (const id of new Set(inboxes.map((inbox) => inbox.departmentId).filter((id): id is string => Boolean(id)))) {
        departments.set(id, (await services.read.getLivechatReader().getLivechatDepartmentByIdOrName(id))?.name ?? id);
    }
    const listed: NewEmailInbox[] = inboxes.map((inbox) => ({
        id: inbox.id,
        name: inbox.name,
        email: inbox.email,
        senderInfo: inbox.senderInfo,
        department: inbox.departmentId ? departments.get(inbox.departmentId) : undefined,
    }));
    return newEmailModal({
        appId: options.appId,
        roomId: options.roomId,
        nonce: randomUUID().slice(0, 8),
        inboxes: listed,
        message: options.message,
        t: options.t,
    });
}
