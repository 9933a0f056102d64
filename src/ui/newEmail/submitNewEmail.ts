import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { checkNewEmail, NewEmailField } from '../../outbound/domain/newEmailDraft';
import { readMaxMessageLength } from '../../settings/readSettings';
import type { SubmitContext } from '../SubmitContext';
import { sendableInboxes } from './openNewEmail';
import { newEmailRequests, scheduleNewEmail } from './newEmailRequest';

/**
 * The New email form: checked on the server (the inbox must be one this agent may use, whatever
 * the form offered; the addresses, subject and text), then handed to a job (jobs/newEmailJob) and
 * the form closes at once; the job tells the agent privately how it went. Errors stay in the form
 * under their fields.
 */
export async function submitNewEmail(context: SubmitContext): Promise<IUIKitResponse> {
    const { usable, all } = await sendableInboxes(context.services, context.user);
    const checked = checkNewEmail(
        {
            inboxId: context.value(NewEmailField.Inbox),
            to: context.value(NewEmailField.To),
            cc: context.value(NewEmailField.Cc),
            subject: context.value(NewEmailField.Subject),
            message: context.value(NewEmailField.Message),
        },
        {
            usable: usable.map((inbox) => ({ id: inbox.id, name: inbox.name, active: inbox.active })),
            exists: (id) => all.some((inbox) => inbox.id === id),
            inboxAddresses: all.map((inbox) => inbox.email),
            maxMessageLength: await readMaxMessageLength(context.read),
        },
    );
    if (!checked.ok) {
        const errors: Record<string, string> = {};
        for (const [field, issue] of Object.entries(checked.errors)) if (issue) errors[field] = context.t(issue.key, issue.params);
        return context.fieldErrors(errors);
    }
    const requests = newEmailRequests(context.read.getPersistenceReader(), context.persis);
    // A second click on Send before the form closed: the email is on its way already.
    if (await requests.get(context.viewId)) return context.success();
    await requests.put(context.viewId, {
        key: context.viewId,
        state: 'waiting',
        userId: context.user.id,
        roomId: context.viewContext.split('/')[0],
        draft: checked.draft,
        requestedAt: new Date().toISOString(),
    });
    await scheduleNewEmail(context.modify, context.viewId);
    return context.success();
}
