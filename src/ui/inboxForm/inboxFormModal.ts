import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit';
import type { ContextBlock, DividerBlock, InputBlock, Option, SectionBlock } from '@rocket.chat/ui-kit';

import type { InboxField, InboxInput } from '../../configuration/domain/InboxInput';
import type { MessageKey, Translator } from '../../i18n/translate';
import { VALUE_ACTION, ViewName, viewId } from '../ViewIds';

type Block = InputBlock | SectionBlock | DividerBlock | ContextBlock;

export interface InboxFormOptions {
    appId: string;
    roomId: string;
    /** Set when editing: password fields then start empty and mean "unchanged". */
    inboxId?: string;
    values: InboxInput;
    departments: Array<{ id: string; name: string }>;
    /** The recognised provider's note (app passwords, IMAP to enable...), shown at the top. */
    note?: string;
    /** The app's redirect URI, to register at an OAuth2 provider for sign-in links. */
    redirectUri: string;
    t: Translator;
}

/** The view id's context: the room to answer in and, when editing, the inbox. Never a secret. */
export function inboxFormContext(roomId: string, inboxId?: string): string {
    return inboxId ? `${roomId}/${inboxId}` : roomId;
}

export function parseInboxFormContext(context: string): { roomId: string; inboxId?: string } {
    const [roomId, inboxId] = context.split('/');
    return { roomId, inboxId: inboxId || undefined };
}

/** The inbox form, in the product page's order: General, Outgoing mail (SMTP), Incoming mail (IMAP). */
export function inboxFormModal(options: InboxFormOptions): IUIKitSurfaceViewParam {
    const { appId, t, values } = options;
    const text = (key: MessageKey) => ({ type: 'plain_text' as const, text: t(key) });
    const option = (value: string, key: MessageKey): Option => ({ value, text: text(key) });
    const input = (
        field: InboxField,
        label: MessageKey,
        extra: { optional?: boolean; placeholder?: string; hint?: MessageKey; multiline?: boolean } = {},
    ): InputBlock => ({
        type: 'input',
        blockId: field,
        label: text(label),
        optional: extra.optional ?? false,
        ...(extra.hint && { hint: text(extra.hint) }),
        element: {
            type: 'plain_text_input',
            appId,
            blockId: field,
            actionId: VALUE_ACTION,
            ...(extra.multiline && { multiline: true }),
            ...(values[field] && { initialValue: values[field] }),
            ...(extra.placeholder && { placeholder: { type: 'plain_text', text: extra.placeholder } }),
        },
    });
    const select = (field: InboxField, label: MessageKey, choices: Option[], optional = false, hint?: MessageKey): InputBlock => ({
        type: 'input',
        blockId: field,
        label: text(label),
        optional,
        ...(hint && { hint: text(hint) }),
        element: {
            type: 'static_select',
            appId,
            blockId: field,
            actionId: VALUE_ACTION,
            options: choices,
            placeholder: text('form_choose'),
            ...(values[field] && choices.some((choice) => choice.value === values[field]) && { initialValue: values[field] }),
        },
    });
    const security = (field: InboxField) =>
        select(field, 'form_security', [
            option('ssl', 'form_security_ssl'),
            option('starttls', 'form_security_starttls'),
            option('none', 'form_security_none'),
        ]);
    const yesNo = (field: InboxField, label: MessageKey) => select(field, label, [option('false', 'form_no'), option('true', 'form_yes')]);
    const heading = (key: MessageKey): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: `*${t(key)}*` } });
    const editing = Boolean(options.inboxId);
    const passwordHint: MessageKey = editing ? 'form_password_unchanged_or_oauth' : 'form_password_hint';
    const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

    const blocks: Block[] = [
        ...(options.note ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: options.note }] } as ContextBlock] : []),
        heading('form_general'),
        input('name', 'form_name', { placeholder: 'support' }),
        input('email', 'form_email', { placeholder: 'support@example.com' }),
        input('description', 'form_description', { optional: true }),
        input('senderInfo', 'form_sender_info', { optional: true, hint: 'form_sender_info_hint' }),
        select(
            'department',
            'form_department',
            options.departments.map((department) => ({ value: department.id, text: { type: 'plain_text', text: department.name } })),
            true,
        ),
        select('active', 'form_active', [option('true', 'form_yes'), option('false', 'form_no')]),
        { type: 'divider' },
        heading('form_sign_in'),
        select(
            'signIn.method',
            'form_sign_in_method',
            [
                option('password', 'form_sign_in_password'),
                option('microsoft', 'form_sign_in_microsoft'),
                option('google', 'form_sign_in_google'),
                option('oauth2', 'form_sign_in_oauth2'),
            ],
            false,
            'form_sign_in_method_hint',
        ),
        input('signIn.clientId', 'form_client_id', { optional: true, hint: 'form_client_id_hint' }),
        input('signIn.clientSecret', 'form_client_secret', { optional: true, hint: editing ? 'form_client_secret_unchanged' : 'form_client_secret_hint' }),
        input('signIn.tenant', 'form_tenant', { optional: true, placeholder: 'common', hint: 'form_tenant_hint' }),
        select(
            'signIn.flow',
            'form_sign_in_flow',
            [option('device', 'form_sign_in_flow_device'), option('code', 'form_sign_in_flow_code')],
            true,
            'form_sign_in_flow_hint',
        ),
        input('signIn.authorizeUrl', 'form_authorize_url', { optional: true, placeholder: 'https://login.example.com/oauth2/authorize' }),
        input('signIn.tokenUrl', 'form_token_url', { optional: true, placeholder: 'https://login.example.com/oauth2/token' }),
        input('signIn.deviceUrl', 'form_device_url', { optional: true, placeholder: 'https://login.example.com/oauth2/device' }),
        input('signIn.scopes', 'form_scopes', { optional: true, hint: 'form_scopes_hint' }),
        context(t('form_redirect_uri', { uri: options.redirectUri })),
        { type: 'divider' },
        heading('form_smtp'),
        input('smtp.host', 'form_host', { placeholder: 'smtp.example.com' }),
        input('smtp.port', 'form_port', { placeholder: '587' }),
        security('smtp.security'),
        input('smtp.username', 'form_username'),
        input('smtp.password', 'form_password', { optional: true, hint: passwordHint }),
        yesNo('smtp.allowUntrusted', 'form_allow_untrusted'),
        input('smtp.trustedCertificate', 'form_trusted_certificate', { optional: true, multiline: true, hint: 'form_trusted_certificate_hint' }),
        { type: 'divider' },
        heading('form_imap'),
        input('imap.host', 'form_host', { placeholder: 'imap.example.com' }),
        input('imap.port', 'form_port', { placeholder: '993' }),
        security('imap.security'),
        input('imap.username', 'form_username'),
        input('imap.password', 'form_password', { optional: true, hint: passwordHint }),
        input('imap.folder', 'form_folder', { optional: true, placeholder: 'INBOX' }),
        yesNo('imap.allowUntrusted', 'form_allow_untrusted'),
        input('imap.trustedCertificate', 'form_trusted_certificate', { optional: true, multiline: true, hint: 'form_trusted_certificate_hint' }),
        select('imap.saveSentCopy', 'form_save_sent_copy', [option('true', 'form_yes'), option('false', 'form_no')], true, 'form_save_sent_copy_hint'),
    ];

    return {
        id: viewId(ViewName.InboxForm, inboxFormContext(options.roomId, options.inboxId)),
        type: UIKitSurfaceType.MODAL,
        title: text(editing ? 'form_title_edit' : 'form_title_add'),
        blocks,
        submit: { type: 'button', appId, blockId: 'submit', actionId: 'submit', text: text('form_save') },
        close: { type: 'button', appId, blockId: 'close', actionId: 'close', text: text('form_cancel') },
    } as IUIKitSurfaceViewParam;
}
