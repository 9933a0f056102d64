import type { Inbox } from '../configuration/domain/Inbox';
import type { IssuedTokens } from './domain/tokenAnswer';
import type { SignInServices } from './SignInServices';

/**
 * Keeps the tokens of a finished sign-in and lets the inbox be checked again at once (a pause
 * for a refused sign-in or refused logins ends). Without a refresh token the sign-in could not
 * outlive the access token: refused with the reason. An inbox removed while the provider was
 * asked keeps nothing: its tokens go with it.
 */
export async function keepTokens(
    services: SignInServices,
    inbox: Inbox,
    tokens: IssuedTokens,
    username: string,
): Promise<{ account: string } | { missing: 'refresh_token' } | { gone: true }> {
    if (!tokens.refreshToken) return { missing: 'refresh_token' };
    const now = new Date();
    await services.tokens.save({
        inboxId: inbox.id,
        accessToken: tokens.accessToken,
        accessExpiresAt: new Date(now.getTime() + tokens.expiresIn * 1000).toISOString(),
        refreshToken: tokens.refreshToken,
        account: tokens.account ?? '',
        signedInAt: now.toISOString(),
        signedInBy: username,
    });
    await services.statuses.clearFailures(inbox.id);
    if ((await services.inboxes.removeLeftoversOf(inbox.id)) > 0) return { gone: true };
    return { account: tokens.account ?? '' };
}
