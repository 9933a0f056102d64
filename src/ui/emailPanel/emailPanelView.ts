import type { IUIKitContextualBarViewParam } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import type { ActionsBlock, SectionBlock } from '@rocket.chat/ui-kit';

import type { Translator } from '../../i18n/translate';
import type { DeliveryState } from '../../outbound/domain/deliveryState';
import { maySendAgain } from '../../outbound/domain/deliveryState';
import type { RecipientField, ReplyRecipients } from '../../outbound/domain/replyRecipients';
import { RECIPIENT_FIELDS } from '../../outbound/domain/replyRecipients';
import { formBlocks } from '../blocks/formBlocks';
import type { FormBlock } from '../blocks/formBlocks';
import { ViewName, viewId } from '../ViewIds';

/** The panel's emails shown at most (the latest). */
export const PANEL_EMAILS_SHOWN = 10;

/**
 * The panel's action ids. Those that carry an item carry it after a colon (ids from this enum and
 * the item, never parsed out of a text): the address field its generation (a new one empties it),
 * Remove the field and address, Send again the reply's outbox id.
 */
export enum EmailPanelAction {
    Addresses = 'email-panel-addresses',
    AddTo = 'email-panel-add-to',
    AddCc = 'email-panel-add-cc',
    AddBcc = 'email-panel-add-bcc',
    Remove = 'email-panel-remove',
    ReplyAll = 'email-panel-reply-all',
    SendAgain = 'email-panel-send-again',
    Refresh = 'email-panel-refresh',
}

export const ADD_ACTIONS: Record<RecipientField, EmailPanelAction> = { to: EmailPanelAction.AddTo, cc: EmailPanelAction.AddCc, bcc: EmailPanelAction.AddBcc };

export type PanelEmail =
    | { direction: 'in'; at: string; from?: string; cc: string[]; files: string[] }
    | {
          direction: 'out';
          outboxId: string;
          at: string;
          agent?: string;
          kind?: 'reply' | 'closing' | 'acknowledgement' | 'new';
          to: string[];
          cc: string[];
          bcc: string[];
          state: DeliveryState;
      };

export interface EmailPanelData {
    roomId: string;
    inbox: { name: string; email: string };
    customer: { name?: string; email: string };
    subject: string;
    recipients: ReplyRecipients;
    /** Oldest first; only the last PANEL_EMAILS_SHOWN are shown. */
    emails: PanelEmail[];
}

/** What the panel says besides its data: the last action's outcome, and what is being typed. */
export interface EmailPanelState {
    /** The address field's generation: a new one is an empty field (the client keeps a field's text by its actionId). */
    generation: number;
    notice?: { text: string; tone: 'info' | 'error' };
    /** Valid addresses typed in the field and not added yet: offered to add, each field a button. */
    pending?: string[];
}

export function emailPanelViewId(roomId: string): string {
    return viewId(ViewName.EmailPanel, roomId);
}

export function addressesActionId(generation: number): string {
    return `${EmailPanelAction.Addresses}:${generation}`;
}

/** "YYYY-MM-DD HH:MM UTC", as the room notes say times. */
export function panelTime(iso: string): string {
    return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A conversation's Email panel, as a contextual bar. Rocket.Chat's contextual bar is not a modal:
 * it shows no `errors` answer and closes itself on Submit before the app answers
 * (apps/meteor/client/views/room/contextualBar/uikit/UiKitContextualBar.tsx), so the panel has no
 * Submit: every change is a block action answered with the panel updated, and refusals are text in
 * it. The address field is a multi-line input sending its text as it is typed (on_character_entered,
 * 700 ms after the last key): a single-line one would be the form's only text field, and Enter in it
 * submits the form (HTML's implicit submission), which closes the bar. What was typed comes back as
 * buttons carrying the addresses ("Add as CC"), so a click adds exactly what it shows, whatever
 * arrives first. Data from mail (names, addresses, subjects, a server's words) is plain text.
 */
export function emailPanelView(appId: string, t: Translator, data: EmailPanelData, state: EmailPanelState): IUIKitContextualBarViewParam {
    const ui = formBlocks(appId, t('form_optional'));
    const fieldName = (field: RecipientField) => t(`email_panel_field_${field}`);
    const button = (blockId: string, actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({
        type: 'button' as const,
        appId,
        blockId,
        actionId,
        value,
        text: { type: 'plain_text' as const, text },
        ...(style && { style }),
    });
    const withButton = (text: string, blockId: string, accessory: ReturnType<typeof button>): SectionBlock =>
        ({ type: 'section', blockId, text: { type: 'plain_text', text }, accessory }) as unknown as SectionBlock;

    const blocks: FormBlock[] = [
        ui.section(t('email_panel_conversation')),
        ui.plainSection(t('email_panel_inbox', { name: data.inbox.name, email: data.inbox.email })),
        ui.plainSection(
            data.customer.name
                ? t('email_panel_customer', { name: data.customer.name, email: data.customer.email })
                : t('email_panel_customer_address', { email: data.customer.email }),
        ),
        ui.plainSection(t('email_panel_subject', { subject: data.subject })),
        ui.divider(),
        ui.section(t('email_panel_next_reply')),
    ];
    for (const field of RECIPIENT_FIELDS) {
        const addresses = data.recipients[field];
        if (addresses.length === 0) blocks.push(ui.context(t('email_panel_nobody', { field: fieldName(field) })));
        for (const address of addresses) {
            const id = `${EmailPanelAction.Remove}:${field}:${address}`;
            const text = t('email_panel_recipient', { field: fieldName(field), address });
            // The last To stays (a reply needs someone to go to): no Remove to refuse.
            const lastTo = field === 'to' && addresses.length === 1;
            blocks.push(lastTo ? ui.plainSection(text) : withButton(text, id, button(id, id, t('email_panel_remove'), address)));
        }
    }
    const replyAll = data.recipients.replyAll;
    blocks.push(
        withButton(
            t(replyAll ? 'email_panel_reply_all_on' : 'email_panel_reply_all_off'),
            EmailPanelAction.ReplyAll,
            button(EmailPanelAction.ReplyAll, EmailPanelAction.ReplyAll, t(replyAll ? 'email_panel_turn_off' : 'email_panel_turn_on'), replyAll ? 'off' : 'on'),
        ),
    );
    blocks.push(
        ui.textInput(addressesActionId(state.generation), t('email_panel_add_label'), {
            optional: true,
            multiline: true,
            placeholder: t('email_panel_add_placeholder'),
            dispatchOnType: true,
        }),
    );
    if (state.notice) blocks.push(ui.plainSection(`${state.notice.tone === 'error' ? '⚠️' : 'ℹ️'} ${state.notice.text}`));
    if (state.pending?.length) {
        const value = state.pending.join(', ');
        blocks.push(ui.plainSection(t('email_panel_pending', { addresses: value })), {
            type: 'actions',
            blockId: 'email-panel-add',
            elements: RECIPIENT_FIELDS.map((field) =>
                button(
                    'email-panel-add',
                    ADD_ACTIONS[field],
                    t('email_panel_add_as', { field: fieldName(field) }),
                    value,
                    field === 'cc' ? 'primary' : undefined,
                ),
            ),
        } as unknown as ActionsBlock);
    }

    blocks.push(ui.divider(), ui.section(t('email_panel_emails', { count: data.emails.length })));
    if (data.emails.length === 0) blocks.push(ui.context(t('email_panel_no_emails')));
    const shown = data.emails.slice(-PANEL_EMAILS_SHOWN);
    if (data.emails.length > shown.length) blocks.push(ui.context(t('email_panel_earlier', { count: data.emails.length - shown.length })));
    for (const email of shown) {
        if (email.direction === 'in') {
            const lines = [
                t('email_panel_in', { from: email.from ?? '?', at: panelTime(email.at) }),
                ...(email.cc.length ? [t('email_panel_cc_line', { addresses: email.cc.join(', ') })] : []),
                ...(email.files.length ? [t('email_panel_files', { names: email.files.join(', ') })] : []),
            ];
            blocks.push(ui.plainSection(lines.join('\n')));
            continue;
        }
        const lines = [
            email.kind === 'closing'
                ? t('email_panel_out_closing', { at: panelTime(email.at) })
                : email.kind === 'acknowledgement'
                  ? t('email_panel_out_acknowledgement', { at: panelTime(email.at) })
                  : t('email_panel_out', { agent: email.agent ?? t('outbound_someone'), at: panelTime(email.at) }),
            t('email_panel_to_line', { addresses: email.to.join(', ') }),
            ...(email.cc.length ? [t('email_panel_cc_line', { addresses: email.cc.join(', ') })] : []),
            ...(email.bcc.length ? [t('email_panel_bcc_line', { addresses: email.bcc.join(', ') })] : []),
            stateLine(t, email.state),
        ].join('\n');
        const id = `${EmailPanelAction.SendAgain}:${email.outboxId}`;
        blocks.push(
            maySendAgain(email.state) ? withButton(lines, id, button(id, id, t('email_panel_send_again'), email.outboxId, 'primary')) : ui.plainSection(lines),
        );
    }
    blocks.push({
        type: 'actions',
        blockId: 'email-panel-refresh',
        elements: [button('email-panel-refresh', EmailPanelAction.Refresh, t('email_panel_refresh'), '')],
    } as unknown as ActionsBlock);
    return {
        id: emailPanelViewId(data.roomId),
        title: { type: 'plain_text', text: t('email_panel_title') },
        blocks,
    } as IUIKitContextualBarViewParam;
}

/** The panel for someone who may not see the conversation, or for a room that is not one: the reason, nothing else. */
export function emailPanelRefusal(roomId: string, t: Translator, reason: 'denied' | 'not_email'): IUIKitContextualBarViewParam {
    return {
        id: emailPanelViewId(roomId),
        title: { type: 'plain_text', text: t('email_panel_title') },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t(reason === 'denied' ? 'email_panel_denied' : 'email_panel_not_email') } }],
    } as IUIKitContextualBarViewParam;
}

function stateLine(t: Translator, state: DeliveryState): string {
    switch (state.kind) {
        case 'sent':
            return state.at ? t('email_panel_state_sent_at', { at: panelTime(state.at) }) : t('email_panel_state_sent');
        case 'queued':
            return t('email_panel_state_queued');
        case 'sending':
            return t('email_panel_state_sending');
        case 'waiting':
            return t('email_panel_state_waiting', { reason: state.error?.detail ?? '?', attempts: state.attempts, at: panelTime(state.nextAttemptAt) });
        case 'failed':
            return t('email_panel_state_failed', { reason: state.error?.detail ?? '?', attempts: state.attempts });
    }
}
