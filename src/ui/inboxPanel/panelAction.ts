import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';

import { blankInboxValues, formValues } from '../inboxForm/formValues';
import { scheduleAfterSave } from '../inboxForm/checkSavedInbox';
import { openInboxForm } from '../inboxForm/openInboxForm';
import { removeInboxModal } from '../removeInbox/removeInboxModal';
import type { UserSurface } from '../UserSurface';
import type { Services } from '../../wiring/Services';
import { newEmailView } from '../newEmail/openNewEmail';
import { importMailModal } from './importMailModal';
import { InboxMenuItem, PanelAction } from './inboxPanelModal';
import { inboxPanelView } from './openInboxPanel';

export interface PanelClick {
    actionId: string;
    value: string;
}

/**
 * A click in the Email inboxes panel. What has a form opens it (in place of the panel, as
 * Rocket.Chat shows one modal at a time: the same forms as the commands); anything else is done
 * and the panel is shown again, current, with what happened at the top. What takes time (a
 * connection test, a sign-in) goes to a job: the client shows a view only within 5 s of the
 * click, so the panel says it started and the result comes as a private message.
 * Returns the panel to show in place of the open one, or undefined when a form was opened.
 */
export async function panelAction(surface: UserSurface, services: Services, click: PanelClick): Promise<IUIKitSurfaceViewParam | undefined> {
    const { t } = surface;
    const panel = (state: { page?: number; notice?: string; statusOf?: string } = {}) =>
        inboxPanelView(services, surface.appId, t, { roomId: surface.roomId, ...state });
    if (click.actionId === PanelAction.NewEmail) {
        // In place of the panel, as Rocket.Chat shows one modal at a time; the inboxes are those this manager may use.
        await surface.open(await newEmailView(services, { appId: surface.appId, user: surface.user, roomId: surface.roomId, t }));
        return undefined;
    }
    if (click.actionId === PanelAction.Add) {
        await openInboxForm(surface, services, { values: blankInboxValues() });
        return undefined;
    }
    if (
        click.actionId === PanelAction.Previous ||
        click.actionId === PanelAction.Next ||
        click.actionId === PanelAction.Refresh ||
        click.actionId === PanelAction.Back
    ) {
        return panel({ page: Number(click.value) || 0 });
    }
    if (!click.actionId.startsWith(`${PanelAction.InboxMenu}:`)) return undefined;
    const inbox = await services.inboxes.getById(click.actionId.slice(PanelAction.InboxMenu.length + 1));
    if (!inbox) return panel({ notice: t('inbox_gone') });
    switch (click.value as InboxMenuItem) {
        case InboxMenuItem.Edit:
            await openInboxForm(surface, services, { values: formValues(inbox), inboxId: inbox.id, inboxName: inbox.name });
            return undefined;
        case InboxMenuItem.Remove:
            await surface.open(removeInboxModal(surface.appId, surface.roomId, t, inbox));
            return undefined;
        case InboxMenuItem.Import:
            await surface.open(importMailModal(surface.appId, surface.roomId, t, { id: inbox.id, name: inbox.name, folder: inbox.imap.folder }));
            return undefined;
        case InboxMenuItem.Status:
            return panel({ statusOf: inbox.id });
        case InboxMenuItem.Enable:
        case InboxMenuItem.Disable: {
            const active = click.value === InboxMenuItem.Enable;
            await services.inboxes.save({ ...inbox, active, updatedAt: new Date().toISOString(), updatedBy: surface.user.username });
            if (active) await services.statuses.clearFailures(inbox.id);
            return panel({ notice: t(active ? 'inbox_enabled' : 'inbox_disabled', { name: inbox.name }) });
        }
        case InboxMenuItem.Test:
        case InboxMenuItem.SignIn:
            await scheduleAfterSave(services.modify, {
                inboxId: inbox.id,
                userId: surface.user.id,
                roomId: surface.roomId,
                ...(click.value === InboxMenuItem.SignIn && { signIn: true }),
            });
            return panel({ notice: t(click.value === InboxMenuItem.SignIn ? 'panel_signin_started' : 'panel_test_started', { name: inbox.name }) });
        default:
            return undefined;
    }
}
