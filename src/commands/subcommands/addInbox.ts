import { emptyInboxInput } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';
import { applyPreset, presetForAddress } from '../../configuration/domain/providerPresets';
import { inboxFormModal } from '../../ui/inboxForm/inboxFormModal';
import { callbackUri } from '../../signin/callbackUri';
import type { CommandContext } from '../CommandContext';

export async function openInboxForm(context: CommandContext, values: InboxInput, inboxId?: string, note?: string): Promise<void> {
    if (!context.triggerId) {
        await context.reply(context.t('command_needs_client'));
        return;
    }
    const departments = (await context.read.getLivechatReader().getDepartmentsEnabledWithAgents()).map((department) => ({
        id: department.id,
        name: department.name ?? department.id,
    }));
    const redirectUri = await callbackUri(context.read, context.appId);
    const view = inboxFormModal({ appId: context.appId, roomId: context.room.id, inboxId, values, departments, note, redirectUri, t: context.t });
    await context.modify.getUiController().openSurfaceView(view, { triggerId: context.triggerId }, context.sender);
}

/**
 * `/email-inbox add [address]`: opens the inbox form; with the address of a known provider
 * (Gmail, Microsoft 365, Yahoo...) its servers are filled in and its advice shown.
 */
export async function addInbox(context: CommandContext): Promise<void> {
    const email = (context.args[0] ?? '').trim();
    const blank: InboxInput = {
        ...emptyInboxInput(),
        email,
        active: 'true',
        'smtp.allowUntrusted': 'false',
        'imap.allowUntrusted': 'false',
        'imap.folder': 'INBOX',
    };
    const preset = email ? presetForAddress(email) : undefined;
    if (!preset) {
        await openInboxForm(context, withPasswords(blank), undefined, email ? context.t('form_no_preset') : undefined);
        return;
    }
    // The preset picks the sign-in its provider needs (Microsoft: OAuth2); passwords otherwise.
    await openInboxForm(context, withPasswords(applyPreset(blank, preset)), undefined, `*${preset.name}*: ${context.t(preset.noteKey)}`);
}

function withPasswords(values: InboxInput): InboxInput {
    return values['signIn.method'] ? values : { ...values, 'signIn.method': 'password' };
}
