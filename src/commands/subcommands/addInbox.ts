import type { InboxInput } from '../../configuration/domain/InboxInput';
import { applyPreset, presetForAddress } from '../../configuration/domain/providerPresets';
import { blankInboxValues } from '../../ui/inboxForm/formValues';
import { openInboxForm } from '../../ui/inboxForm/openInboxForm';
import type { OpenInboxForm } from '../../ui/inboxForm/openInboxForm';
import { userSurface } from '../../ui/UserSurface';
import type { CommandContext } from '../CommandContext';

/** Opens the inbox form for the command's user; a command sent without a client (no trigger id) is told it needs one. */
export async function openInboxFormFor(context: CommandContext, form: OpenInboxForm): Promise<void> {
    if (!context.triggerId) {
        await context.reply(context.t('command_needs_client'));
        return;
    }
    const surface = userSurface(context.modify, {
        appId: context.appId,
        user: context.sender,
        roomId: context.room.id,
        t: context.t,
        triggerId: context.triggerId,
    });
    await openInboxForm(surface, context.services, form);
}

/**
 * `/email-inbox add [address]`: opens the inbox form; with the address of a known provider
 * (Gmail, Microsoft 365, Yahoo...) its servers are filled in and its advice shown.
 */
export async function addInbox(context: CommandContext): Promise<void> {
    const email = (context.args[0] ?? '').trim();
    const blank = blankInboxValues(email);
    const preset = email ? presetForAddress(email) : undefined;
    if (!preset) {
        await openInboxFormFor(context, { values: blank, note: email ? context.t('form_no_preset') : undefined });
        return;
    }
    // The preset picks the sign-in its provider needs (Microsoft: OAuth2); passwords otherwise. Its note names the provider.
    await openInboxFormFor(context, {
        values: withPasswords(applyPreset(withoutSecurity(blank), preset)),
        note: context.t('form_provider_note', { provider: preset.name, note: context.t(preset.noteKey) }),
    });
}

/** The preset's sign-in and security win over the blank form's defaults. */
function withoutSecurity(values: InboxInput): InboxInput {
    return { ...values, 'signIn.method': '', 'smtp.security': '', 'imap.security': '' };
}

function withPasswords(values: InboxInput): InboxInput {
    return values['signIn.method'] ? values : { ...values, 'signIn.method': 'password' };
}
