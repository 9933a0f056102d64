import type { Inbox } from '../configuration/domain/Inbox';
import { readableTime } from '../i18n/readableTime';
import type { Translator } from '../i18n/translate';
import type { SignInServices } from './SignInServices';

/** "Signed in as … (token refreshed …)" or "sign-in needed", with a sign-in waiting for the admin; nothing for a password inbox. */
export async function signInStatusLine(services: Pick<SignInServices, 'tokens' | 'pendingSignIns'>, t: Translator, inbox: Inbox): Promise<string | undefined> {
    if (!inbox.oauth) return undefined;
    const provider = t(`form_sign_in_${inbox.oauth.provider}`);
    const [tokens, pending] = await Promise.all([services.tokens.get(inbox.id), services.pendingSignIns.all()]);
    const waiting = pending.some((entry) => entry.inboxId === inbox.id && Date.parse(entry.expiresAt) > Date.now());
    const waitingNote = waiting ? ` ${t('status_sign_in_waiting')}` : '';
    if (!tokens) return `${t('status_sign_in_needed', { provider, name: inbox.name })}${waitingNote}`;
    if (tokens.refused) {
        return `${t('status_sign_in_refused', { provider, name: inbox.name, at: readableTime(tokens.refused.at), account: tokens.account || inbox.imap.username })}${waitingNote}`;
    }
    return t('status_signed_in', {
        provider,
        account: tokens.account || inbox.imap.username,
        at: readableTime(tokens.signedInAt),
        by: tokens.signedInBy,
        refreshed: tokens.refreshedAt ? readableTime(tokens.refreshedAt) : t('status_never'),
    });
}
