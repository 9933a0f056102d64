import { randomUUID } from 'crypto';

import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { formatConnectionTest } from '../../configuration/formatConnectionTest';
import type { Inbox } from '../../configuration/domain/Inbox';
import { INBOX_FIELDS } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';
import { applyPreset, presetById, presetForAddress } from '../../configuration/domain/providerPresets';
import { signInChanged } from '../../configuration/domain/SignIn';
import { validateInboxInput } from '../../configuration/domain/validateInbox';
import { BUDGET } from '../../runtime/budgets';
import { Deadline } from '../../runtime/Deadline';
import { callbackUri } from '../../signin/callbackUri';
import { formatSignInFailure } from '../../signin/formatSignInFailure';
import { signInInstructions } from '../../signin/signInInstructions';
import { startSignIn } from '../../signin/startSignIn';
import { testLoggedIn } from '../../signin/testLoggedIn';
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
    const services = context.services;
    await services.statuses.clearFailures(inbox.id);
    // Tokens of another client, server or scope open nothing this inbox needs.
    if (signInChanged(editing?.oauth, inbox.oauth)) await services.tokens.forget(inbox.id);
    const warnings = result.warnings.map((issue) => `⚠️ ${context.t(issue.key, issue.params)}`);
    const saved = [context.t(editing ? 'inbox_updated' : 'inbox_created', { name: inbox.name }), ...warnings];
    const deadline = Deadline.after(BUDGET.work);
    const tokens = inbox.oauth ? await services.tokens.get(inbox.id) : undefined;
    if (inbox.oauth && (!tokens || tokens.refused)) {
        // Nothing to test before the sign-in: start it, the admin gets the link or code privately.
        const start = await startSignIn(
            services,
            inbox,
            { user: context.user, roomId: parseInboxFormContext(context.viewContext).roomId },
            await callbackUri(context.read, context.appId),
            deadline,
        );
        await context.reply([...saved, signInInstructions(context.t, inbox, start)].join('\n'));
        return context.success();
    }
    const test = await connectionTest(context, inbox, deadline);
    await context.reply([...saved, test].join('\n'));
    return context.success();
}

/** Both servers tested, an OAuth2 inbox with its access token (or why there is none). */
async function connectionTest(context: SubmitContext, inbox: Inbox, deadline: Deadline): Promise<string> {
    try {
        return formatConnectionTest(context.t, inbox, (await testLoggedIn(context.services, inbox, deadline)).test);
    } catch (error) {
        return formatSignInFailure(context.t, inbox, error);
    }
}
