import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import type { Translator } from '../../i18n/translate';
import { formBlocks } from '../blocks/formBlocks';
import { inboxFormContext } from '../inboxForm/inboxFormModal';
import { ViewName, viewId } from '../ViewIds';

/** The confirmation before an inbox is removed: what goes and what stays. */
export function removeInboxModal(appId: string, roomId: string, t: Translator, inbox: { id: string; name: string; email: string }): IUIKitSurfaceViewParam {
    const ui = formBlocks(appId, t('form_optional'));
    return {
        id: viewId(ViewName.RemoveInbox, inboxFormContext(roomId, inbox.id)),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('remove_title', { name: inbox.name }) },
        blocks: [ui.section(t('remove_explanation', { name: inbox.name, email: inbox.email }))],
        submit: {
            type: 'button',
            appId,
            blockId: 'remove-inbox-submit',
            actionId: 'remove-inbox-submit',
            style: 'danger',
            text: { type: 'plain_text', text: t('remove_confirm') },
        },
        close: { type: 'button', appId, blockId: 'remove-inbox-close', actionId: 'remove-inbox-close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}
