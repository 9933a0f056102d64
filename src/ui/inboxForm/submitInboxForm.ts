import { randomUUID } from 'crypto';

import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { formatConnectionTest } from '../../configuration/formatConnectionTest';
import type { Inbox } from '../../configuration/domain/Inbox';
import { INBOX_FIELDS } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';
import { applyPreset, presetForAddress } from '../../configuration/domain/providerPresets';
import { validateInboxInput } from '../../configuration/domain/validateInbox';
import { testInboxConnection } from '../../configuration/testInboxConnection';
import type { SubmitContext } from '../SubmitContext';
import { parseInboxFormContext } from './inboxFormModal';

/**
 * Saves the inbox form: field errors keep the form open with the message under the field;
 * otherwise the inbox is saved, then both servers are tested and the result (with any
 * warnings) is sent privately. A failing test does not undo the save: the admin may be
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
    const typed = Object.fromEntries(INBOX_FIELDS.map((field) => [field, context.value(field)])) as InboxInput;
    // Server fields left empty for a known provider's address are filled in, never overwritten.
    const preset = presetForAddress(typed.email);
    const input = preset ? applyPreset(typed, preset) : typed;
    const departmentValue = input.department.trim();
    const department = departmentValue ? await context.read.getLivechatReader().getLivechatDepartmentByIdOrName(departmentValue) : undefined;
    const result = validateInboxInput(input, {
        editing,
        existing: await repository.list(),
        departments: department ? [{ id: department.id, name: department.name ?? department.id }] : [],
    });
    if (!result.ok) {
        return context.fieldErrors(Object.fromEntries(result.errors.map((issue) => [issue.field, context.t(issue.key, issue.params)])));
    }
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
    await context.services.statuses.clearFailures(inbox.id);
    const warnings = result.warnings.map((issue) => `⚠️ ${context.t(issue.key, issue.params)}`);
    const test = formatConnectionTest(context.t, inbox, await testInboxConnection(inbox));
    await context.reply([context.t(editing ? 'inbox_updated' : 'inbox_created', { name: inbox.name }), ...warnings, test].join('\n'));
    return context.success();
}
