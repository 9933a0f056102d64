import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import type { Translator } from '../../i18n/translate';
import { formBlocks } from '../blocks/formBlocks';
import { SelftestBlock, ViewName, viewId } from '../ViewIds';

/**
 * The self-test form: the server URL (without password), the password, for SMTP an optional
 * recipient, and a certificate to trust besides the public authorities. Passwords are asked here rather than on the command line because
 * Rocket.Chat records slash-command arguments in the app's logs.
 */
export function selftestModal(appId: string, roomId: string, t: Translator, url: string, recipient: string): IUIKitSurfaceViewParam {
    const ui = formBlocks(appId, t('form_optional'));
    return {
        id: viewId(ViewName.Selftest, roomId),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('selftest_modal_title') },
        blocks: [
            ui.textInput(SelftestBlock.Url, t('selftest_modal_url'), {
                initialValue: url,
                placeholder: 'imaps://user%40example.com@imap.example.com:993',
                hint: t('selftest_url_hint'),
            }),
            ui.textInput(SelftestBlock.Password, t('selftest_modal_password'), { optional: true }),
            ui.textInput(SelftestBlock.Recipient, t('selftest_modal_recipient'), { initialValue: recipient, optional: true }),
            ui.textInput(SelftestBlock.TrustedCertificate, t('form_trusted_certificate'), {
                optional: true,
                multiline: true,
                hint: t('form_trusted_certificate_hint'),
            }),
        ],
        submit: { type: 'button', appId, blockId: 'selftest-submit', actionId: 'selftest-submit', text: { type: 'plain_text', text: t('selftest_modal_run') } },
        close: { type: 'button', appId, blockId: 'selftest-close', actionId: 'selftest-close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}
