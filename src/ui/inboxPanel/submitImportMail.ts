import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { parseSinceDate } from '../../inbound/domain/parseSinceDate';
import { parseInboxFormContext } from '../inboxForm/inboxFormModal';
import type { SubmitContext } from '../SubmitContext';
import { IMPORT_SINCE } from './importMailModal';

/** The panel's "Import existing mail": the next checks import the folder's mail since that day, as `/email-inbox import` does. */
export async function submitImportMail(context: SubmitContext): Promise<IUIKitResponse> {
    const { inboxId } = parseInboxFormContext(context.viewContext);
    const inbox = inboxId ? await context.services.inboxes.getById(inboxId) : undefined;
    if (!inbox) {
        await context.reply(context.t('inbox_gone'));
        return context.success();
    }
    const typed = context.value(IMPORT_SINCE).trim();
    const since = parseSinceDate(typed, new Date());
    if (!since.ok)
        return context.fieldErrors({ [IMPORT_SINCE]: context.t(since.reason === 'future' ? 'import_date_future' : 'import_date_format', { value: typed }) });
    await context.services.cursors.requestImport({ inboxId: inbox.id, since: since.date.toISOString(), requestedAt: new Date().toISOString() });
    const day = since.date.toISOString().slice(0, 10);
    await context.reply(
        context.t(inbox.active ? 'import_scheduled' : 'import_scheduled_inactive', { name: inbox.name, since: day, folder: inbox.imap.folder }),
    );
    return context.success();
}
