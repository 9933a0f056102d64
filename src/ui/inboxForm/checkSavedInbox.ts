import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';

import { formatConnectionTest } from '../../configuration/formatConnectionTest';
import type { Inbox } from '../../configuration/domain/Inbox';
import { translatorFor } from '../../i18n/translate';
import type { Translator } from '../../i18n/translate';
import { notifyUserPrivately } from '../../platform/notifyUserPrivately';
import { BUDGET } from '../../runtime/budgets';
import { Deadline } from '../../runtime/Deadline';
import { callbackUri } from '../../signin/callbackUri';
import { formatSignInFailure } from '../../signin/formatSignInFailure';
import { signInInstructions } from '../../signin/signInInstructions';
import { startSignIn } from '../../signin/startSignIn';
import { testLoggedIn } from '../../signin/testLoggedIn';
import type { Services } from '../../wiring/Services';

/** The scheduler processor id of the check after a save. Stable: Rocket.Chat stores scheduled jobs under it. */
export const AFTER_SAVE_JOB = 'email-inboxes-after-save';

/** Who saved which inbox where: ids only, as Rocket.Chat keeps a job's data in its database. */
export interface AfterSave {
    inboxId: string;
    userId: string;
    roomId: string;
    /** Start a new sign-in even when the inbox has a working one (the panel's "Sign in again"). */
    signIn?: boolean;
}

/** Runs checkSavedInbox at once, in a job of its own (see submitInboxForm). */
export async function scheduleAfterSave(modify: IModify, request: AfterSave): Promise<void> {
    await modify.getScheduler().scheduleOnce({ id: AFTER_SAVE_JOB, when: new Date(), data: { ...request } });
}

/**
 * After an inbox was saved: an OAuth2 inbox without a working sign-in starts one (the admin gets
 * the link or code privately); any other logs in to both servers and the admin gets the result.
 * A failing test does not undo the save: the admin may be setting up the mailbox at the same time.
 */
export async function checkSavedInbox(services: Services, appId: string, request: AfterSave): Promise<void> {
    const user = await services.read.getUserReader().getById(request.userId);
    const room = await services.read.getRoomReader().getById(request.roomId);
    const inbox = await services.inboxes.getById(request.inboxId);
    if (!user || !room || !inbox) return;
    const t = translatorFor(user.settings?.preferences?.language);
    const deadline = Deadline.after(BUDGET.work);
    const tokens = inbox.oauth ? await services.tokens.get(inbox.id) : undefined;
    const text =
        inbox.oauth && (request.signIn || !tokens || tokens.refused)
            ? signInInstructions(t, inbox, await startSignIn(services, inbox, { user, roomId: room.id }, await callbackUri(services.read, appId), deadline))
            : await connectionTest(services, t, inbox, deadline);
    await notifyUserPrivately(services.read, services.modify, user, room, text);
}

/** Both servers tested, an OAuth2 inbox with its access token (or why there is none). */
async function connectionTest(services: Services, t: Translator, inbox: Inbox, deadline: Deadline): Promise<string> {
    try {
        return formatConnectionTest(t, inbox, (await testLoggedIn(services, inbox, deadline)).test);
    } catch (error) {
        return formatSignInFailure(t, inbox, error);
    }
}
