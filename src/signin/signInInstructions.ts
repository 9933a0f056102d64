import type { Inbox } from '../configuration/domain/Inbox';
import { readableTime } from '../i18n/readableTime';
import type { Translator } from '../i18n/translate';
import type { SignInStart } from './startSignIn';

/** What the admin is told to do after a sign-in started (privately: the link and code are theirs alone). */
export function signInInstructions(t: Translator, inbox: Inbox, start: SignInStart): string {
    const account = inbox.imap.username;
    if (start.kind === 'link') return t('signin_link', { name: inbox.name, url: start.url, account, until: readableTime(start.expiresAt) });
    if (start.kind === 'device') {
        return t('signin_device', {
            name: inbox.name,
            url: start.verificationUriComplete ?? start.verificationUri,
            code: start.userCode,
            account,
            until: readableTime(start.expiresAt),
        });
    }
    return t('signin_failed', { name: inbox.name, detail: start.detail, hint: t(start.hintKey, { name: inbox.name }) });
}
