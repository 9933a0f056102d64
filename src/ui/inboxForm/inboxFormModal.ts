import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import { DEFAULT_ACKNOWLEDGEMENT_SUBJECT, DEFAULT_PER_SENDER_DAYS } from '../../configuration/domain/acknowledgementTemplate';
import type { InboxField, InboxInput } from '../../configuration/domain/InboxInput';
import type { MessageKey, Translator } from '../../i18n/translate';
import { formBlocks } from '../blocks/formBlocks';
import type { FormBlock } from '../blocks/formBlocks';
import { ViewName, viewId } from '../ViewIds';
import { formShape } from './formShape';
import type { FormShape } from './formShape';

/** The department select's "none" (a select cannot be emptied once chosen); read back as no department. */
export const NO_DEPARTMENT = '-';
/** The Sent copy select's "automatic" (yes, unless the provider files sent mail itself); read back as ''. */
export const SENT_COPY_AUTOMATIC = 'auto';

export interface FormDepartment {
    id: string;
    name: string;
    /** Why core would not route to it now; the inbox's current department is offered anyway, so that saving an edit never drops it. */
    unavailable?: 'disabled' | 'no_agents';
}

export interface InboxFormOptions {
    appId: string;
    roomId: string;
    /** Set when editing: password fields then start empty and mean "unchanged". */
    inboxId?: string;
    /** The inbox's name when editing, for the title. */
    inboxName?: string;
    /** The values the form opened with (never a secret). */
    values: InboxInput;
    /** What the admin has chosen since (sign-in method, security): decides which fields are shown. Default: from `values`. */
    shape?: FormShape;
    departments: FormDepartment[];
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

export function inboxFormViewId(roomId: string, inboxId?: string): string {
    return viewId(ViewName.InboxForm, inboxFormContext(roomId, inboxId));
}

/**
 * The inbox form: Active first (as on Rocket.Chat's own Email Inboxes page), then General,
 * Acknowledgement, Sign-in, Outgoing mail (SMTP), Incoming mail (IMAP). Only what the chosen sign-in method and
 * security need is shown (a choice sends a block action and the app shows the form again:
 * inboxFormActions), so a password inbox sees no OAuth2 field and an OAuth2 inbox no password.
 */
export function inboxFormModal(options: InboxFormOptions): IUIKitSurfaceViewParam {
    const { appId, t, values } = options;
    const shape = options.shape ?? formShape(values);
    const ui = formBlocks(appId, t('form_optional'));
    const editing = Boolean(options.inboxId);
    const initial = (field: InboxField) => values[field] || undefined;
    const text = (field: InboxField, label: MessageKey, extra: { optional?: boolean; placeholder?: string; hint?: string; multiline?: boolean } = {}) =>
        ui.textInput(field, t(label), { ...extra, initialValue: initial(field) });
    const choose = (
        field: InboxField,
        label: MessageKey,
        choices: Array<[string, MessageKey]>,
        extra: { hint?: string; dispatch?: boolean; initialValue?: string } = {},
    ) =>
        ui.select(
            field,
            t(label),
            choices.map(([value, key]) => ui.option(value, t(key))),
            t('form_choose'),
            { ...extra, initialValue: extra.initialValue ?? initial(field) },
        );
    const yesNo = (field: InboxField, label: MessageKey, hint?: string) =>
        choose(
            field,
            label,
            [
                ['true', 'form_yes'],
                ['false', 'form_no'],
            ],
            { hint },
        );
    const oauth = shape.method !== 'password';

    const server = (kind: 'smtp' | 'imap'): FormBlock[] => {
        const security = kind === 'smtp' ? shape.smtpSecurity : shape.imapSecurity;
        const field = (name: string) => `${kind}.${name}` as InboxField;
        const tls = security !== 'none';
        return [
            ui.divider(),
            ui.heading(t(kind === 'smtp' ? 'form_smtp' : 'form_imap')),
            text(field('host'), 'form_host', { placeholder: `${kind}.example.com` }),
            choose(
                field('security'),
                'form_security',
                [
                    ['ssl', 'form_security_ssl'],
                    ['starttls', 'form_security_starttls'],
                    ['none', 'form_security_none'],
                ],
                { dispatch: true },
            ),
            // The placeholder shows the usual port for the chosen security.
            text(field('port'), 'form_port', { placeholder: defaultPort(kind, security) }),
            text(field('username'), 'form_username', { placeholder: 'support@example.com' }),
            ...(oauth
                ? []
                : [
                      text(field('password'), 'form_password', {
                          optional: editing,
                          hint: t(editing ? 'form_password_unchanged' : 'form_password_hint'),
                      }),
                  ]),
            ...(kind === 'imap' ? [text('imap.folder', 'form_folder', { optional: true, placeholder: 'INBOX' })] : []),
            ...(tls
                ? [
                      yesNo(field('allowUntrusted'), 'form_allow_untrusted', t('form_allow_untrusted_hint')),
                      text(field('trustedCertificate'), 'form_trusted_certificate', {
                          optional: true,
                          multiline: true,
                          hint: t('form_trusted_certificate_hint'),
                      }),
                  ]
                : [ui.context(t('form_unencrypted_note'))]),
            ...(kind === 'imap'
                ? [
                      choose(
                          'imap.saveSentCopy',
                          'form_save_sent_copy',
                          [
                              [SENT_COPY_AUTOMATIC, 'form_save_sent_copy_auto'],
                              ['true', 'form_yes'],
                              ['false', 'form_no'],
                          ],
                          { hint: t('form_save_sent_copy_hint'), initialValue: values['imap.saveSentCopy'] || SENT_COPY_AUTOMATIC },
                      ),
                  ]
                : []),
        ];
    };

    const signIn: FormBlock[] = [
        ui.divider(),
        ui.heading(t('form_sign_in')),
        choose(
            'signIn.method',
            'form_sign_in_method',
            [
                ['password', 'form_sign_in_password'],
                ['microsoft', 'form_sign_in_microsoft'],
                ['google', 'form_sign_in_google'],
                ['oauth2', 'form_sign_in_oauth2'],
            ],
            { dispatch: true, hint: t('form_sign_in_method_hint'), initialValue: shape.method },
        ),
        ...(oauth
            ? [
                  text('signIn.clientId', 'form_client_id', { hint: t('form_client_id_hint') }),
                  text('signIn.clientSecret', 'form_client_secret', {
                      optional: shape.method !== 'google',
                      hint: t(editing ? 'form_client_secret_unchanged' : (`form_client_secret_hint_${shape.method}` as MessageKey)),
                  }),
                  ...(shape.method === 'microsoft'
                      ? [text('signIn.tenant', 'form_tenant', { optional: true, placeholder: 'common', hint: t('form_tenant_hint') })]
                      : []),
                  // Google signs in with a link only: it refuses mail scopes in the device flow.
                  ...(shape.method === 'google'
                      ? []
                      : [
                            choose(
                                'signIn.flow',
                                'form_sign_in_flow',
                                [
                                    ['device', 'form_sign_in_flow_device'],
                                    ['code', 'form_sign_in_flow_code'],
                                ],
                                { hint: t('form_sign_in_flow_hint'), initialValue: values['signIn.flow'] || 'device' },
                            ),
                        ]),
                  ...(shape.method === 'oauth2'
                      ? [
                            text('signIn.authorizeUrl', 'form_authorize_url', { optional: true, placeholder: 'https://login.example.com/oauth2/authorize' }),
                            text('signIn.tokenUrl', 'form_token_url', { placeholder: 'https://login.example.com/oauth2/token' }),
                            text('signIn.deviceUrl', 'form_device_url', { optional: true, placeholder: 'https://login.example.com/oauth2/device' }),
                            text('signIn.scopes', 'form_scopes', { hint: t('form_scopes_hint') }),
                        ]
                      : []),
                  ui.context(t('form_redirect_uri', { uri: options.redirectUri })),
              ]
            : []),
    ];

    // Shown whether on or off: a field that appears after a view update shows its initial value but
    // the client would not send it (fuselage-ui-kit useUiKitState.ts), so the text would be lost.
    const acknowledgement: FormBlock[] = [
        ui.divider(),
        ui.heading(t('form_acknowledgement')),
        choose(
            'acknowledgement.enabled',
            'form_acknowledgement_enabled',
            [
                ['false', 'form_no'],
                ['true', 'form_yes'],
            ],
            { hint: t('form_acknowledgement_enabled_hint'), initialValue: values['acknowledgement.enabled'] || 'false' },
        ),
        ui.textInput('acknowledgement.subject', t('form_acknowledgement_subject'), {
            optional: true,
            initialValue: values['acknowledgement.subject'] || undefined,
            placeholder: DEFAULT_ACKNOWLEDGEMENT_SUBJECT,
        }),
        ui.textInput('acknowledgement.text', t('form_acknowledgement_text'), {
            optional: true,
            multiline: true,
            initialValue: values['acknowledgement.text'] || t('form_acknowledgement_text_default'),
            hint: t('form_acknowledgement_text_hint'),
        }),
        text('acknowledgement.perSenderDays', 'form_acknowledgement_days', {
            optional: true,
            placeholder: String(DEFAULT_PER_SENDER_DAYS),
            hint: t('form_acknowledgement_days_hint'),
        }),
    ];

    const departmentChoices = [
        ui.option(NO_DEPARTMENT, t('form_department_none')),
        ...options.departments.map((department) =>
            ui.option(department.id, department.unavailable ? t(`form_department_${department.unavailable}`, { name: department.name }) : department.name),
        ),
    ];
    const blocks: FormBlock[] = [
        ...(options.note ? [ui.context(options.note)] : []),
        choose(
            'active',
            'form_active',
            [
                ['true', 'form_yes'],
                ['false', 'form_no'],
            ],
            { hint: t('form_active_hint') },
        ),
        ui.divider(),
        ui.heading(t('form_general')),
        text('name', 'form_name', { placeholder: 'support', hint: t('form_name_hint') }),
        text('email', 'form_email', { placeholder: 'support@example.com' }),
        text('description', 'form_description', { optional: true }),
        text('senderInfo', 'form_sender_info', { optional: true, hint: t('form_sender_info_hint') }),
        text('signature', 'form_signature', { optional: true, multiline: true, placeholder: t('form_signature_placeholder'), hint: t('form_signature_hint') }),
        choose(
            'quoteLastEmail',
            'form_quote_last_email',
            [
                ['false', 'form_no'],
                ['true', 'form_yes'],
            ],
            { hint: t('form_quote_last_email_hint'), initialValue: values.quoteLastEmail || 'false' },
        ),
        ui.select('department', t('form_department'), departmentChoices, t('form_choose'), {
            optional: true,
            hint: t('form_department_hint'),
            initialValue: values.department || NO_DEPARTMENT,
        }),
        ...acknowledgement,
        ...signIn,
        ...server('smtp'),
        ...server('imap'),
    ];

    return {
        id: inboxFormViewId(options.roomId, options.inboxId),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: editing ? t('form_title_edit', { name: options.inboxName ?? values.name }) : t('form_title_add') },
        blocks,
        submit: { type: 'button', appId, blockId: 'inbox-form-submit', actionId: 'inbox-form-submit', text: { type: 'plain_text', text: t('form_save') } },
        close: { type: 'button', appId, blockId: 'inbox-form-close', actionId: 'inbox-form-close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}

function defaultPort(kind: 'smtp' | 'imap', security: FormShape['smtpSecurity']): string {
    if (kind === 'imap') return security === 'ssl' ? '993' : '143';
    return security === 'ssl' ? '465' : '587';
}
