import { randomUUID } from 'crypto';

import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import type { Inbox } from '../../configuration/domain/Inbox';
import { INBOX_FIELDS } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';
import { applyPreset, presetById, presetForAddress } from '../../configuration/domain/providerPresets';
import { signInChanged } from '../../configuration/domain/SignIn';
import { validateInboxInput } from '../../configuration/domain/validateInbox';
import type { SubmitContext } from '../SubmitContext';
import { scheduleAfterSave } from './checkSavedInbox';
import { InboxFormDraftStore } from './InboxFormDraftStore';
import { NO_DEPARTMENT, SENT_COPY_AUTOMATIC, inboxFormModal, parseInboxFormContext } from './inboxFormModal';
import { inboxFormOptions } from './openInboxForm';

/**
 * Saves the inbox form: field errors keep the form open with the message under the field;
 * otherwise the inbox is saved and said so privately, with any warnings, and a job tests both
 * servers (or starts the OAuth2 sign-in) and sends the result. A failing test does not undo the save: the admin may be
 * setting up the mailbox at the same time.
 */
export async function submitInboxForm(context: SubmitContext): Promise<IUIKitResponse> {
    const { inboxId } = parseInboxFormContext(context.viewContext);
    const repository = context.services.inboxes;
    const editing = inboxId ? await repository.getById(inboxId) : undefined;
    if (inboxId && !editing) {
        await context.reply(context.t('inbox_gone'));
        return context.success();
    }
    // The fields the form showed, from its draft: the mobile app submits only the state, not the view.
    const drafts = new InboxFormDraftStore(context.read.getPersistenceReader(), context.persis);
    const draft = await drafts.get(context.user.id, context.viewId);
    const shown = draft && inboxFormModal(await inboxFormOptions(context.read, context.appId, context.t, draft)).blocks;
    const typed = typedValues(context.valuesIn(shown));
    // Server fields left empty for a known provider's address (or the provider picked to sign in
    // with: a Microsoft 365 or Google Workspace mailbox on the company's own domain) are filled in, never overwritten.
    const method = typed['signIn.method'];
    const preset = presetForAddress(typed.email) ?? (method === 'microsoft' || method === 'google' ? presetById(method) : undefined);
    const input = preset ? applyPreset(typed, preset) : typed;
    const departmentValue = input.department.trim();
    const department = departmentValue ? await context.read.getLivechatReader().getLivechatDepartmentByIdOrName(departmentValue) : undefined;
    const result = validateInboxInput(input, {
        editing,
        existing: await repository.list(),
        departments: department ? [{ id: department.id, name: department.name ?? department.id }] : [],
    });
    if (!result.ok) {
        // Only under their fields: the client moves the focus to the first of them (ModalBlock.tsx), and
        // a view update sent with them (a summary at the top) would use up the same trigger id, so
        // the client would show one of the two (ActionManager.ts handleServerInteraction).
        return context.fieldErrors(Object.fromEntries(result.errors.map((issue) => [issue.field, context.t(issue.key, issue.params)])));
    }
    await drafts.remove(context.user.id, context.viewId);
    const now = new Date().toISOString();
    const inbox: Inbox = {
        ...result.inbox,
        id: editing?.id ?? randomUUID(),
        createdAt: editing?.createdAt ?? now,
        createdBy: editing?.createdBy ?? context.user.username,
        updatedAt: now,
        updatedBy: context.user.username,
    };
    await repository.save(inbox);
    const services = context.services;
    await services.statuses.clearFailures(inbox.id);
    // Tokens of another client, server or scope open nothing this inbox needs.
    if (signInChanged(editing?.oauth, inbox.oauth)) await services.tokens.forget(inbox.id);
    const warnings = result.warnings.map((issue) => `⚠️ ${context.t(issue.key, issue.params)}`);
    const saved = [context.t(editing ? 'inbox_updated' : 'inbox_created', { name: inbox.name }), ...warnings];
    // The servers are tested (or the sign-in started) by a job run now: the client waits 5 s for
    // this answer before it gives up with a timeout (ActionManager.ts), and a test can take longer.
    await context.reply([...saved, context.t('inbox_saved_checking')].join('\n'));
    await scheduleAfterSave(context.modify, { inboxId: inbox.id, userId: context.user.id, roomId: parseInboxFormContext(context.viewContext).roomId });
    return context.success();
}

/**
 * The form's fields as the admin saw them; the selects' "none" and "automatic" read back as empty.
 * Fields the form does not show for the chosen sign-in method read as empty too (submittedValues).
 */
function typedValues(values: Record<string, string>): InboxInput {
    const typed = Object.fromEntries(INBOX_FIELDS.map((field) => [field, values[field] ?? ''])) as InboxInput;
    if (typed.department === NO_DEPARTMENT) typed.department = '';
    if (typed['imap.saveSentCopy'] === SENT_COPY_AUTOMATIC) typed['imap.saveSentCopy'] = '';
    return typed;
}
