import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';
import type { ActionsBlock, SectionBlock } from '@rocket.chat/ui-kit';

import type { Translator } from '../../i18n/translate';
import type { InboxStatusReport } from '../../status/inboxStatusReport';
import { formBlocks } from '../blocks/formBlocks';
import type { FormBlock } from '../blocks/formBlocks';
import { ViewName, viewId } from '../ViewIds';

/** Inboxes per page of the panel. */
export const PANEL_PAGE_SIZE = 10;

/** The panel's actions; an inbox's menu carries the inbox id after the colon. */
export enum PanelAction {
    Add = 'panel-add',
    Refresh = 'panel-refresh',
    NewEmail = 'panel-new-email',
    Previous = 'panel-previous',
    Next = 'panel-next',
    Back = 'panel-back',
    InboxMenu = 'panel-inbox',
}

/** What an inbox's menu offers. */
export enum InboxMenuItem {
    Edit = 'edit',
    Test = 'test',
    Status = 'status',
    Enable = 'enable',
    Disable = 'disable',
    SignIn = 'signin',
    Import = 'import',
    Remove = 'remove',
}

export interface PanelInbox {
    id: string;
    name: string;
    email: string;
    department?: string;
    active: boolean;
    oauth: boolean;
    report: InboxStatusReport;
}

export interface InboxPanelOptions {
    appId: string;
    /** The room answers go to (the command's room, or the direct conversation with the app). */
    roomId: string;
    inboxes: PanelInbox[];
    /** 0-based, clamped to the pages there are. */
    page: number;
    /** What the last action did, shown at the top. */
    notice?: string;
    /** One inbox's whole status instead of the list (its menu's Status). */
    statusOf?: string;
    t: Translator;
}

export function inboxPanelViewId(roomId: string): string {
    return viewId(ViewName.InboxPanel, roomId);
}

export function inboxMenuActionId(inboxId: string): string {
    return `${PanelAction.InboxMenu}:${inboxId}`;
}

/**
 * The Email inboxes panel: every inbox with its state at a glance (the same facts as
 * `/email-inbox status`, from inboxStatusReport), its problem as a callout, a menu per inbox, and
 * "Add inbox" at the top; pages of PANEL_PAGE_SIZE.
 */
export function inboxPanelModal(options: InboxPanelOptions): IUIKitSurfaceViewParam {
    const { appId, t } = options;
    const ui = formBlocks(appId, t('form_optional'));
    const pages = Math.max(1, Math.ceil(options.inboxes.length / PANEL_PAGE_SIZE));
    const page = Math.min(Math.max(0, options.page), pages - 1);
    const button = (blockId: string, actionId: string, text: string, value: string, style?: 'primary') => ({
        type: 'button' as const,
        appId,
        blockId,
        actionId,
        value,
        text: { type: 'plain_text' as const, text },
        ...(style && { style }),
    });
    const shown = options.statusOf
        ? options.inboxes.filter((inbox) => inbox.id === options.statusOf)
        : options.inboxes.slice(page * PANEL_PAGE_SIZE, (page + 1) * PANEL_PAGE_SIZE);

    const top: SectionBlock = {
        type: 'section',
        blockId: 'panel-top',
        text: { type: 'mrkdwn', text: options.inboxes.length > 0 ? t('panel_count', { count: options.inboxes.length }) : t('panel_empty') },
        accessory: options.statusOf
            ? button('panel-top', PanelAction.Back, t('panel_back'), String(page))
            : button('panel-top', PanelAction.Add, t('panel_add'), '', 'primary'),
    } as unknown as SectionBlock;
    const blocks: FormBlock[] = [top, ...(options.notice ? [ui.context(options.notice)] : [])];
    for (const inbox of shown) {
        blocks.push(ui.divider());
        blocks.push({
            type: 'section',
            blockId: `panel-inbox-${inbox.id}`,
            text: {
                type: 'mrkdwn',
                text: t('panel_inbox', {
                    name: inbox.name,
                    email: inbox.email,
                    department: inbox.department ?? t('list_no_department'),
                    state: t(inbox.active ? 'state_active' : 'state_inactive'),
                }),
            },
            accessory: {
                type: 'overflow',
                appId,
                blockId: `panel-inbox-${inbox.id}`,
                actionId: inboxMenuActionId(inbox.id),
                options: menu(inbox).map((item) => ui.option(item, t(`panel_menu_${item}`))),
            },
        } as unknown as SectionBlock);
        if (inbox.report.lines.length > 0) blocks.push(ui.context(inbox.report.lines.join('\n')));
        if (inbox.report.problems.length > 0)
            blocks.push(ui.callout([...inbox.report.problems, ...(inbox.report.hint ? [inbox.report.hint] : [])].join('\n'), 'danger'));
    }
    if (!options.statusOf && pages > 1) {
        const actions: ActionsBlock = {
            type: 'actions',
            blockId: 'panel-pages',
            elements: [
                ...(page > 0 ? [button('panel-pages', PanelAction.Previous, t('panel_previous'), String(page - 1))] : []),
                ...(page < pages - 1 ? [button('panel-pages', PanelAction.Next, t('panel_next'), String(page + 1))] : []),
            ],
        } as unknown as ActionsBlock;
        blocks.push(ui.divider(), ui.context(t('panel_page', { page: page + 1, pages })), actions);
    }
    blocks.push({
        type: 'actions',
        blockId: 'panel-refresh',
        elements: [
            button('panel-refresh', PanelAction.NewEmail, t('new_email_button'), ''),
            button('panel-refresh', PanelAction.Refresh, t('panel_refresh'), String(page)),
        ],
    } as unknown as ActionsBlock);
    return {
        id: inboxPanelViewId(options.roomId),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('panel_title') },
        blocks,
        close: { type: 'button', appId, blockId: 'panel-close', actionId: 'panel-close', text: { type: 'plain_text', text: t('panel_close') } },
    } as IUIKitSurfaceViewParam;
}

function menu(inbox: PanelInbox): InboxMenuItem[] {
    return [
        InboxMenuItem.Edit,
        InboxMenuItem.Test,
        InboxMenuItem.Status,
        inbox.active ? InboxMenuItem.Disable : InboxMenuItem.Enable,
        ...(inbox.oauth ? [InboxMenuItem.SignIn] : []),
        InboxMenuItem.Import,
        InboxMenuItem.Remove,
    ];
}
