import type { IUIKitContextualBarViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../../i18n/translate';
import { dueAgain } from '../../outbound/domain/deliveryState';
import { addRecipients, noChanges, removeRecipient, RECIPIENT_FIELDS } from '../../outbound/domain/replyRecipients';
import type { RecipientChanges, RecipientField, RecipientRefusal } from '../../outbound/domain/replyRecipients';
import { scheduleSendAgain } from '../../outbound/sendAgain';
import type { Services } from '../../wiring/Services';
import { EmailPanelDraftStore } from './EmailPanelDraftStore';
import type { EmailPanelDraft } from './EmailPanelDraftStore';
import { emailPanelData, panelConversation } from './emailPanelData';
import type { PanelConversation } from './emailPanelData';
import { ADD_ACTIONS, EmailPanelAction, emailPanelRefusal, emailPanelView } from './emailPanelView';
import type { EmailPanelState } from './emailPanelView';

/** Who acts on which room's panel, in which language. */
export interface PanelUser {
    appId: string;
    user: IUser;
    t: Translator;
    roomId: string;
}

export interface PanelClick {
    actionId: string;
    value: string;
}

/** The panel as it opens: the address field new and empty. */
export async function openEmailPanel(services: Services, who: PanelUser): Promise<IUIKitContextualBarViewParam> {
    const found = await panelConversation(services, who.user, who.roomId);
    if ('refused' in found) return emailPanelRefusal(who.roomId, who.t, found.refused);
    const drafts = drafts_(services);
    const previous = await drafts.get(who.user.id, who.roomId);
    const draft = { userId: who.user.id, roomId: who.roomId, inboxId: found.conversation.inbox.id, generation: (previous?.generation ?? 0) + 1, text: '' };
    await drafts.put(draft);
    return render(services, who, found.conversation, draft);
}

/**
 * A click (or the typed text) in a room's Email panel, checked again on the server: the panel
 * comes back current, with what happened in it (a refusal says why, as text: a contextual bar
 * shows no errors). Changes to who gets the next reply are saved for the conversation at once.
 */
export async function emailPanelAction(services: Services, who: PanelUser, click: PanelClick): Promise<IUIKitContextualBarViewParam> {
    const { t } = who;
    const found = await panelConversation(services, who.user, who.roomId);
    if ('refused' in found) return emailPanelRefusal(who.roomId, t, found.refused);
    const { conversation } = found;
    const drafts = drafts_(services);
    let draft: EmailPanelDraft = (await drafts.get(who.user.id, who.roomId)) ?? {
        userId: who.user.id,
        roomId: who.roomId,
        inboxId: conversation.inbox.id,
        generation: 1,
        text: '',
    };
    let notice: EmailPanelState['notice'];
    const field = (name: RecipientField) => t(`email_panel_field_${name}`);
    const refusal = (refused: RecipientRefusal) => ({ text: refusalText(t, refused), tone: 'error' as const });

    const addField = RECIPIENT_FIELDS.find((name) => ADD_ACTIONS[name] === click.actionId);
    if (click.actionId.startsWith(`${EmailPanelAction.Addresses}:`)) {
        // A late text of a field the panel has replaced since (an address added) is not the field shown now.
        if (click.actionId === `${EmailPanelAction.Addresses}:${draft.generation}`) {
            draft = { ...draft, text: click.value };
            await drafts.put(draft);
        }
    } else if (addField) {
        const result = addRecipients(current(conversation), addField, click.value, await inboxAddresses(services));
        if ('refused' in result) notice = refusal(result.refused);
        else {
            await saveChanges(services, who, conversation, result.changes);
            draft = { ...draft, text: '', generation: draft.generation + 1 };
            await drafts.put(draft);
            notice = { text: t('email_panel_added', { addresses: result.added.join(', '), field: field(addField) }), tone: 'info' };
        }
    } else if (click.actionId.startsWith(`${EmailPanelAction.Remove}:`)) {
        const [, removeField, ...address] = click.actionId.split(':');
        if ((RECIPIENT_FIELDS as readonly string[]).includes(removeField)) {
            const result = removeRecipient(current(conversation), removeField as RecipientField, address.join(':'));
            if ('refused' in result) notice = refusal(result.refused);
            else {
                await saveChanges(services, who, conversation, result.changes);
                notice = { text: t('email_panel_removed', { address: address.join(':'), field: field(removeField as RecipientField) }), tone: 'info' };
            }
        }
    } else if (click.actionId === EmailPanelAction.ReplyAll) {
        const on = click.value === 'on';
        await saveChanges(services, who, conversation, { ...(conversation.changes ?? noChanges()), replyAll: on });
        notice = { text: t(on ? 'email_panel_reply_all_now_on' : 'email_panel_reply_all_now_off'), tone: 'info' };
    } else if (click.actionId.startsWith(`${EmailPanelAction.SendAgain}:`)) {
        notice = await sendAgain(services, who, click.actionId.slice(EmailPanelAction.SendAgain.length + 1));
    }
    return render(services, who, conversation, draft, notice);
}

/** Removes what the user's panel of a room kept (it was closed). */
export async function closeEmailPanel(services: Services, userId: string, roomId: string): Promise<void> {
    await drafts_(services).remove(userId, roomId);
}

/**
 * "Send again" of a failed or waiting reply: checked again here (still in the outbox, of this
 * room, failed or waiting), made due now with a fresh retry window, and sent by a job of its own
 * at once (the panel answers within the client's 5 s; the send may take longer). The outbox's
 * claims keep it from going out twice, whoever else sends it meanwhile; one sent already is not in
 * the outbox any more, and is not sent again.
 */
async function sendAgain(services: Services, who: PanelUser, outboxId: string): Promise<EmailPanelState['notice']> {
    const { t } = who;
    const email = await services.outbox.get(outboxId);
    if (!email || email.roomId !== who.roomId) return { text: t('email_panel_already_sent'), tone: 'info' };
    if (email.state !== 'failed' && email.attempts === 0) return { text: t('email_panel_not_now'), tone: 'info' };
    await services.outbox.update(dueAgain(email, new Date()));
    await scheduleSendAgain(services.modify, who.roomId);
    return { text: t('email_panel_sending_again', { to: email.headers.to }), tone: 'info' };
}

async function render(
    services: Services,
    who: PanelUser,
    conversation: PanelConversation,
    draft: EmailPanelDraft,
    notice?: EmailPanelState['notice'],
): Promise<IUIKitContextualBarViewParam> {
    const state: EmailPanelState = { generation: draft.generation, ...(notice && { notice }) };
    if (draft.text.trim()) {
        // What the typed text would do in each field: offered where it can go, else why not.
        const addresses = await inboxAddresses(services);
        const tries = RECIPIENT_FIELDS.map((name) => addRecipients(current(conversation), name, draft.text, addresses));
        const accepted = tries.find((result) => 'added' in result);
        if (accepted && 'added' in accepted) state.pending = accepted.added;
        else if (!notice && 'refused' in tries[0]) state.notice = { text: refusalText(who.t, tries[0].refused), tone: 'error' };
    }
    return emailPanelView(who.appId, who.t, await emailPanelData(services, conversation), state);
}

function current(conversation: PanelConversation) {
    return { thread: conversation.thread, changes: conversation.changes, replyAllSetting: conversation.replyAllSetting };
}

async function saveChanges(services: Services, who: PanelUser, conversation: PanelConversation, changes: RecipientChanges): Promise<void> {
    const saved = {
        roomId: who.roomId,
        inboxId: conversation.inbox.id,
        ...(changes.replyAll !== undefined && { replyAll: changes.replyAll }),
        added: changes.added,
        removed: changes.removed,
        updatedAt: new Date().toISOString(),
        updatedBy: who.user.username,
    };
    await services.recipients.save(saved);
    conversation.changes = saved;
}

async function inboxAddresses(services: Services): Promise<string[]> {
    return (await services.inboxes.list()).map((inbox) => inbox.email);
}

function drafts_(services: Services): EmailPanelDraftStore {
    return new EmailPanelDraftStore(services.read.getPersistenceReader(), services.persis);
}

function refusalText(t: Translator, refused: RecipientRefusal): string {
    const params: Record<string, string | number> = { ...refused.params };
    if ('field' in refused.params) params.field = t(`email_panel_field_${refused.params.field}`);
    return t(refused.key, params);
}
