import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitResponse, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

import { canManageInboxes } from '../platform/canManageInboxes';
import { notifyUserPrivately } from '../platform/notifyUserPrivately';
import { translatorFor } from '../i18n/translate';
import { Services } from '../wiring/Services';
import { submitInboxForm } from './inboxForm/submitInboxForm';
import { submitRemoveInbox } from './removeInbox/submitRemoveInbox';
import { submitImportMail } from './inboxPanel/submitImportMail';
import { submitNewEmail } from './newEmail/submitNewEmail';
import { submitSelftest } from './selftest/submitSelftest';
import type { SubmitContext } from './SubmitContext';
import { submittedValues } from './blocks/submittedValues';
import { ViewName, parseViewId } from './ViewIds';

type SubmitHandler = (context: SubmitContext) => Promise<IUIKitResponse>;

/**
 * Each form's handler, and who may submit it: inbox managers (checked here), or anyone, the
 * handler checking what the form asks for (New email: an inbox this user may use).
 */
const HANDLERS: Record<string, { handler: SubmitHandler; managersOnly: boolean }> = {
    [ViewName.Selftest]: { handler: submitSelftest, managersOnly: true },
    [ViewName.InboxForm]: { handler: submitInboxForm, managersOnly: true },
    [ViewName.RemoveInbox]: { handler: submitRemoveInbox, managersOnly: true },
    [ViewName.ImportMail]: { handler: submitImportMail, managersOnly: true },
    [ViewName.NewEmail]: { handler: submitNewEmail, managersOnly: false },
};

/**
 * Serves executeViewSubmitHandler: finds the form by its view id and runs its handler, after
 * checking again, on the server, that the user may submit it: a submission can be forged by any
 * logged-in user who knows the view id.
 */
export class ViewSubmitHandler {
    constructor(
        private readonly interaction: UIKitViewSubmitInteractionContext,
        private readonly read: IRead,
        private readonly persis: IPersistence,
        private readonly modify: IModify,
        private readonly http: IHttp,
        private readonly appId: string,
    ) {}

    public async run(): Promise<IUIKitResponse> {
        const responder = this.interaction.getInteractionResponder();
        const data = this.interaction.getInteractionData();
        const parsed = parseViewId(data.view.id);
        const form = parsed && HANDLERS[parsed.name];
        if (!parsed || !form) return responder.errorResponse();

        const user = data.user;
        const t = translatorFor(user.settings?.preferences?.language);
        const room = parsed.context ? await this.read.getRoomReader().getById(parsed.context.split('/')[0]) : undefined;
        const reply = async (text: string) => {
            if (room) await notifyUserPrivately(this.read, this.modify, user, room, text);
        };
        if (form.managersOnly && !(await canManageInboxes(this.read, user))) {
            await reply(t('command_not_allowed'));
            return responder.errorResponse();
        }
        const view = data.view as { blocks?: unknown[]; state?: unknown };
        const values = submittedValues(view);
        return form.handler({
            viewContext: parsed.context,
            appId: this.appId,
            user,
            read: this.read,
            persis: this.persis,
            modify: this.modify,
            viewId: data.view.id,
            value: (actionId) => values[actionId] ?? '',
            valuesIn: (blocks) => submittedValues({ blocks: blocks ?? view.blocks, state: view.state }),
            t,
            services: new Services(this.read, this.modify, this.persis, this.http),
            reply,
            fieldErrors: (errors) => responder.viewErrorResponse({ viewId: data.view.id, errors }),
            success: () => responder.successResponse(),
        });
    }
}
