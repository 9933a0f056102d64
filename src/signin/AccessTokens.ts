import type { Inbox } from '../configuration/domain/Inbox';
import type { OAuthSettings } from '../configuration/domain/SignIn';
import { notifyUser } from '../configuration/notifyInboxOwner';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { ErrorCode } from '../errors/ErrorCode';
import { translatorFor } from '../i18n/translate';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import { readWorkspaceLanguage } from '../settings/readSettings';
import { refusalHintKey } from './domain/explainRefusal';
import type { LoginCredential } from './domain/refusedToken';
import { isFresh } from './domain/tokenLifetime';
import { OAuthServer } from './OAuthServer';
import type { SignInServices } from './SignInServices';
import type { InboxTokens } from './TokenStore';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The inbox ready to connect: an OAuth2 inbox gets a valid access token on both servers
 * (refreshed first when it is about to expire); a password inbox comes back as it is.
 * Throws ConnectionError (the servers cannot be reached without it): sign_in_needed (never signed in, or the refresh token was refused: the
 * inbox is then paused and the admin told once), sign_in_refused, sign_in_unavailable.
 */
export async function withAccessToken(services: SignInServices, inbox: Inbox, deadline: Deadline): Promise<Inbox> {
    if (!inbox.oauth) return inbox;
    return loggingInWith(inbox, (await accessTokenFor(services, inbox, inbox.oauth, deadline)).accessToken);
}

/** An access token to log in with, and whether the provider issued it just now (signin/domain/refusedToken says why that matters). */
export interface LoginToken {
    accessToken: string;
    credential: Exclude<LoginCredential, 'password'>;
}

/** The inbox's access token, refreshed first when it is about to expire. Throws as withAccessToken. */
export async function accessTokenFor(services: SignInServices, inbox: Inbox, settings: OAuthSettings, deadline: Deadline): Promise<LoginToken> {
    const current = usable(await services.tokens.get(inbox.id));
    if (isFresh(current, new Date())) return { accessToken: current.accessToken, credential: 'kept-token' };
    const accessToken = await refreshedToken(services, inbox, settings, deadline, (tokens) => isFresh(tokens, new Date()));
    return { accessToken, credential: 'new-token' };
}

/**
 * A new access token for one a mail server refused although it had not expired: refreshed even
 * so, unless another part of the app has replaced it meanwhile (then that one). Throws as
 * withAccessToken; a revoked sign-in (invalid_grant) pauses the inbox and tells the admin once.
 */
export async function replaceRefusedToken(
    services: SignInServices,
    inbox: Inbox,
    settings: OAuthSettings,
    refused: string,
    deadline: Deadline,
): Promise<string> {
    return refreshedToken(services, inbox, settings, deadline, (tokens) => tokens.accessToken !== refused && isFresh(tokens, new Date()));
}

/** The inbox as it logs in to both servers with `accessToken` (in memory only, never stored with the inbox). */
export function loggingInWith(inbox: Inbox, accessToken: string): Inbox {
    return { ...inbox, imap: { ...inbox.imap, accessToken }, smtp: { ...inbox.smtp, accessToken } };
}

/**
 * Refreshes the access token under the inbox's claim, unless the stored one is `good` by then
 * (someone refreshed between our read and our claim), and keeps what the provider issued.
 */
async function refreshedToken(
    services: SignInServices,
    inbox: Inbox,
    settings: OAuthSettings,
    deadline: Deadline,
    good: (tokens: InboxTokens) => boolean,
): Promise<string> {
    // One refresher per inbox, across the poll job, the outbox, hooks and commands: with rotation,
    // two refreshes of one refresh token would leave the loser's token invalid (or the grant revoked).
    const claim = await services.claims.claim(`oauth-refresh:${inbox.id}`, BUDGET.refreshClaim, inbox.id);
    if (!claim) return waitForOtherRefresh(services, inbox, deadline, good);
    try {
        const tokens = usable(await services.tokens.get(inbox.id));
        if (good(tokens)) return tokens.accessToken;
        const answer = await new OAuthServer(services.http, settings).refresh(tokens.refreshToken, deadline);
        if (answer.kind === 'tokens') {
            const now = new Date();
            await services.tokens.save({
                ...tokens,
                accessToken: answer.tokens.accessToken,
                accessExpiresAt: new Date(now.getTime() + answer.tokens.expiresIn * 1000).toISOString(),
                // A rotated refresh token replaces the old one, which the provider may already refuse.
                refreshToken: answer.tokens.refreshToken ?? tokens.refreshToken,
                refreshedAt: now.toISOString(),
            });
            return answer.tokens.accessToken;
        }
        if (answer.kind === 'refused' && answer.error === 'invalid_grant') {
            await signInStopped(services, inbox, tokens, answer.description);
            throw new ConnectionError(
                ErrorCode.SignInNeeded,
                `the provider refused the sign-in (invalid_grant${answer.description ? `: ${answer.description}` : ''})`,
            );
        }
        if (answer.kind === 'refused')
            throw new ConnectionError(ErrorCode.SignInRefused, `${answer.error}${answer.description ? `: ${answer.description}` : ''}`);
        throw new ConnectionError(ErrorCode.SignInUnavailable, answer.kind === 'unavailable' ? answer.detail : 'unexpected answer');
    } finally {
        await claim.release();
    }
}

function usable(tokens: InboxTokens | undefined): InboxTokens {
    if (!tokens) throw new ConnectionError(ErrorCode.SignInNeeded, 'the inbox has not been signed in yet');
    if (tokens.refused) throw new ConnectionError(ErrorCode.SignInNeeded, `the provider refused the sign-in on ${tokens.refused.at} (${tokens.refused.error})`);
    return tokens;
}

/** Another part of the app is refreshing: its new token is in the store as soon as it has it. */
async function waitForOtherRefresh(services: SignInServices, inbox: Inbox, deadline: Deadline, good: (tokens: InboxTokens) => boolean): Promise<string> {
    const until = deadline.atMost(BUDGET.tokenRequest + 2_000);
    while (!until.passed()) {
        await pause(250);
        const tokens = usable(await services.tokens.get(inbox.id));
        if (good(tokens)) return tokens.accessToken;
    }
    throw new ConnectionError(ErrorCode.SignInUnavailable, 'the access token is being refreshed elsewhere and was not ready in time');
}

/**
 * The refresh token was refused: the inbox waits (paused) for a new sign-in, and the admin who
 * last changed it is told once, with the command that fixes it.
 */
async function signInStopped(services: SignInServices, inbox: Inbox, tokens: InboxTokens, description: string): Promise<void> {
    const now = new Date().toISOString();
    await services.tokens.save({ ...tokens, refused: { error: 'invalid_grant', at: now } });
    const status = await services.statuses.get(inbox.id);
    await services.statuses.save({ ...status, paused: { reason: ErrorCode.SignInNeeded, at: now } });
    const t = translatorFor(await readWorkspaceLanguage(services.read));
    const hint = t(refusalHintKey('invalid_grant', description), { name: inbox.name });
    await notifyUser(
        services.read,
        services.modify,
        inbox.updatedBy,
        t('signin_stopped', { name: inbox.name, account: tokens.account || inbox.imap.username, hint }),
        services.log,
        `inbox ${inbox.name}`,
    );
    services.log.warn(`inbox ${inbox.name}: the provider refused the refresh token; the inbox waits for a new sign-in`);
}
