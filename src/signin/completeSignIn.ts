import type { Inbox } from '../configuration/domain/Inbox';
import type { IssuedTokens } from './domain/tokenAnswer';
import type { SignInServices } from './SignInServices';

/**
 * Keeps the tokens of a finished sign-in and lets the inbox be checked again at once (a pause
 * for a refused sign-in or refused logins ends). Without a refresh token the sign-in could not
 * outlive the access token: refused with the reason.
 */
export async function keepTokens(
    services: SignInServices,
    inbox: Inbox,
    tokens: IssuedTokens,
    username: string,
): Promise<{ account: string } | { missing: 'refresh_token' }> {
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
    return { account: tokens.account ?? '' };
}
