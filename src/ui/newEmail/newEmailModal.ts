import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import type { Translator } from '../../i18n/translate';
import { NewEmailField } from '../../outbound/domain/newEmailDraft';
import { formBlocks } from '../blocks/formBlocks';
import type { FormBlock } from '../blocks/formBlocks';
import { ViewName, viewId } from '../ViewIds';

/** An inbox the agent may send from, as the form lists it. */
export interface NewEmailInbox {
    id: string;
    name: string;
    email: string;
    senderInfo: string;
    department?: string;
}

/** Why the form has no inbox to offer: none set up, none of the agent's, or theirs all disabled. */
export type NoInboxReason = 'none_configured' | 'none_allowed' | 'all_disabled';

/**
 * The New email form's view id: the room the agent is told in, and a nonce of this opening (a
 * second submission of the same form is recognised as the same email: ui/newEmail/submitNewEmail).
 */
export function newEmailViewId(roomId: string, nonce: string): string {
    return viewId(ViewName.NewEmail, `${roomId}/${nonce}`);
}

export function parseNewEmailContext(context: string): { roomId: string; nonce: string } {
    const [roomId, nonce] = context.split('/');
    return { roomId, nonce: nonce ?? '' };
}

/**
 * The New email form: inbox (those the agent may use; chosen already when there is one), To,
 * CC, subject and message, each its own actionId (NewEmailField). `message` starts with what
 * the agent had typed in the composer when they opened it from there.
 */
export function newEmailModal(options: {
    appId: string;
    roomId: string;
    nonce: string;
    inboxes: NewEmailInbox[];
    message?: string;
    t: Translator;
}): IUIKitSurfaceViewParam {
    const { appId, t } = options;
    const ui = formBlocks(appId, t('form_optional'));
    const choices = options.inboxes.map((inbox) =>
        ui.option(
            inbox.id,
            t('new_email_inbox_option', { name: inbox.senderInfo || inbox.name, email: inbox.email, department: inbox.department ?? t('list_no_department') }),
        ),
    );
    const blocks: FormBlock[] = [
        ui.select(NewEmailField.Inbox, t('new_email_inbox'), choices, t('new_email_inbox_placeholder'), {
            initialValue: options.inboxes.length === 1 ? options.inboxes[0].id : undefined,
        }),
        ui.textInput(NewEmailField.To, t('new_email_to'), { placeholder: 'customer@example.com', hint: t('new_email_to_hint') }),
        ui.textInput(NewEmailField.Cc, t('new_email_cc'), { optional: true, hint: t('new_email_cc_hint') }),
        ui.textInput(NewEmailField.Subject, t('new_email_subject')),
        ui.textInput(NewEmailField.Message, t('new_email_message'), { multiline: true, initialValue: options.message?.trim() || undefined }),
        ui.context(t('new_email_explanation')),
    ];
    return {
        id: newEmailViewId(options.roomId, options.nonce),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('new_email_title') },
        blocks,
        submit: { type: 'button', appId, blockId: 'new-email-send', actionId: 'new-email-send', text: { type: 'plain_text', text: t('new_email_send') } },
        close: { type: 'button', appId, blockId: 'new-email-close', actionId: 'new-email-close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}

/** The form's place when there is nothing to send from: why, and what to do; no Send button. */
export function noInboxModal(options: { appId: string; roomId: string; reason: NoInboxReason; t: Translator }): IUIKitSurfaceViewParam {
    const { appId, t } = options;
    const ui = formBlocks(appId, t('form_optional'));
    return {
        id: newEmailViewId(options.roomId, 'none'),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('new_email_title') },
        blocks: [ui.callout(t(`new_email_${options.reason}`), 'warning')],
        close: { type: 'button', appId, blockId: 'new-email-close', actionId: 'new-email-close', text: { type: 'plain_text', text: t('panel_close') } },
    } as IUIKitSurfaceViewParam;
}
