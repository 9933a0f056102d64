import type { Inbox } from '../configuration/domain/Inbox';
import { classifyConnectionError } from '../connection/domain/classifyConnectionError';
import { inboxSecrets } from '../configuration/domain/Inbox';
import { errorHintKey } from '../errors/errorHintKey';
import type { Translator } from '../i18n/translate';

/** Why an OAuth2 inbox could not get an access token, for the admin who asked for a test. */
export function formatSignInFailure(t: Translator, inbox: Inbox, error: unknown): string {
    const failure = classifyConnectionError(error, inboxSecrets(inbox));
    return t('test_sign_in_failed', {
        name: inbox.name,
        code: failure.code,
        detail: failure.detail,
        hint: t(errorHintKey(failure.code), { name: inbox.name }),
    });
}
