import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit';
import type { InputBlock } from '@rocket.chat/ui-kit';

import type { Translator } from '../../i18n/translate';
import { SelftestBlock, VALUE_ACTION, ViewName, viewId } from '../ViewIds';

function input(
    appId: string,
    blockId: SelftestBlock,
    label: string,
    options: { initialValue?: string; placeholder?: string; optional?: boolean; multiline?: boolean },
): InputBlock {
    return {
        type: 'input',
        blockId,
        label: { type: 'plain_text', text: label },
        optional: options.optional ?? false,
        element: {
            type: 'plain_text_input',
            appId,
            blockId,
            actionId: VALUE_ACTION,
            ...(options.multiline && { multiline: true }),
            ...(options.initialValue !== undefined && { initialValue: options.initialValue }),
            ...(options.placeholder !== undefined && { placeholder: { type: 'plain_text', text: options.placeholder } }),
        },
    };
}

/**
 * The self-test form: the server URL (without password), the password, for SMTP an optional
 * recipient, and a certificate to trust besides the public authorities. Passwords are asked here rather than on the command line because
 * Rocket.Chat records slash-command arguments in the app's logs.
 */
export function selftestModal(appId: string, roomId: string, t: Translator, url: string, recipient: string): IUIKitSurfaceViewParam {
    return {
        id: viewId(ViewName.Selftest, roomId),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('selftest_modal_title') },
        blocks: [
            input(appId, SelftestBlock.Url, t('selftest_modal_url'), { initialValue: url, placeholder: 'imaps://user%40example.com@imap.example.com:993' }),
            input(appId, SelftestBlock.Password, t('selftest_modal_password'), { optional: true }),
            input(appId, SelftestBlock.Recipient, t('selftest_modal_recipient'), { initialValue: recipient, optional: true }),
            input(appId, SelftestBlock.TrustedCertificate, t('form_trusted_certificate'), { optional: true, multiline: true }),
        ],
        submit: { type: 'button', appId, blockId: 'submit', actionId: 'submit', text: { type: 'plain_text', text: t('selftest_modal_run') } },
        close: { type: 'button', appId, blockId: 'close', actionId: 'close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}
