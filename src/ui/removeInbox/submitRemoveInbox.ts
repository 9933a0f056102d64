import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { parseInboxFormContext } from '../inboxForm/inboxFormModal';
import type { SubmitContext } from '../SubmitContext';

/** The confirmed removal: the inbox and all it owns in app persistence. Mail on the server and past conversations stay. */
export async function submitRemoveInbox(context: SubmitContext): Promise<IUIKitResponse> {
    const { inboxId } = parseInboxFormContext(context.viewContext);
    const repository = context.services.inboxes;
    const inbox = inboxId ? await repository.getById(inboxId) : undefined;
    if (!inbox) {
        await context.reply(context.t('inbox_gone'));
        return context.success();
    }
    const removed = await repository.remove(inbox);
    await context.reply(context.t('inbox_removed', { name: inbox.name, count: removed }));
    return context.success();
}
