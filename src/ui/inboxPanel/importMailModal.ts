import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import type { Translator } from '../../i18n/translate';
import { formBlocks } from '../blocks/formBlocks';
import { inboxFormContext } from '../inboxForm/inboxFormModal';
import { ViewName, viewId } from '../ViewIds';

export const IMPORT_SINCE = 'import-since';

/** "Import existing mail" of one inbox: since which day (the same as `/email-inbox import <name> since <day>`). */
export function importMailModal(appId: string, roomId: string, t: Translator, inbox: { id: string; name: string; folder: string }): IUIKitSurfaceViewParam {
    const ui = formBlocks(appId, t('form_optional'));
    return {
        id: viewId(ViewName.ImportMail, inboxFormContext(roomId, inbox.id)),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('import_title', { name: inbox.name }) },
        blocks: [
            ui.section(t('import_explanation', { folder: inbox.folder })),
            ui.textInput(IMPORT_SINCE, t('import_since'), { placeholder: 'YYYY-MM-DD', hint: t('import_since_hint') }),
        ],
        submit: { type: 'button', appId, blockId: 'import-submit', actionId: 'import-submit', text: { type: 'plain_text', text: t('import_confirm') } },
        close: { type: 'button', appId, blockId: 'import-close', actionId: 'import-close', text: { type: 'plain_text', text: t('form_cancel') } },
    } as IUIKitSurfaceViewParam;
}
