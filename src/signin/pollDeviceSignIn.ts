import { formatConnectionTest } from '../configuration/formatConnectionTest';
import { testInboxConnection } from '../configuration/testInboxConnection';
import { notifyUser } from '../configuration/notifyInboxOwner';
import { translatorFor } from '../i18n/translate';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import { withAccessToken } from './AccessTokens';
import { keepTokens } from './completeSignIn';
import { refusalHintKey } from './domain/explainRefusal';
import { OAuthServer } from './OAuthServer';
import type { PendingDeviceSignIn } from './PendingSignInStore';
import type { SignInServices } from './SignInServices';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A device sign-in's run ends with it done (signed in, refused, expired) or still waiting for the admin. */
export type DevicePollResult = 'done' | { waitSeconds: number };

/**
 * Asks the token endpoint, at the interval it set, whether the admin has entered the code
 * (RFC 8628 3.4–3.5), for as long as the run's time allows; the job runs again while it waits.
 * One run per inbox at a time: a device code's tokens are handed out once.
 */
export async function pollDeviceSignIn(services: SignInServices, inboxId: string, deadline: Deadline): Promise<DevicePollResult> {
    const claim = await services.claims.claim(`oauth-device:${inboxId}`, BUDGET.checkClaim, inboxId);
    if (!claim) return 'done';
    try {
        const found = await services.pendingSignIns.deviceFor(inboxId);
        const inbox = await services.inboxes.getById(inboxId);
        if (!found) return 'done';
        if (!inbox?.oauth) {
            await services.pendingSignIns.remove(found);
            return 'done';
        }
        let pending: PendingDeviceSignIn = found;
        const server = new OAuthServer(services.http, inbox.oauth);
        for (;;) {
            const now = Date.now();
            if (now >= Date.parse(pending.expiresAt)) {
                await services.pendingSignIns.remove(pending);
                await tell(services, pending, (t) => t('signin_code_expired', { name: inbox.name }));
                return 'done';
            }
            const wait = Math.max(0, Date.parse(pending.nextPollAt) - now);
            if (wait + BUDGET.tokenRequest > deadline.remaining()) return { waitSeconds: Math.max(1, Math.ceil(wait / 1000)) };
            await pause(wait);
            const answer = await server.pollDevice(pending.deviceCode, deadline);
            if (answer.kind === 'pending' || answer.kind === 'unavailable') {
                // slow_down: add 5 seconds to every later wait (RFC 8628 3.5).
                const intervalS: number = pending.intervalS + (answer.kind === 'pending' && answer.slowDown ? 5 : 0);
                const polledAt = new Date();
                pending = {
                    ...pending,
                    intervalS,
                    lastPolledAt: polledAt.toISOString(),
                    nextPollAt: new Date(polledAt.getTime() + intervalS * 1000).toISOString(),
                };
                await services.pendingSignIns.update(pending);
                if (answer.kind === 'unavailable')
                    services.log.warn(`inbox ${inbox.name}: device sign-in: the token endpoint did not answer (${answer.detail})`);
                continue;
            }
            await services.pendingSignIns.remove(pending);
            if (answer.kind === 'refused') {
                await tell(services, pending, (t) =>
                    t('signin_failed', {
                        name: inbox.name,
                        detail: `${answer.error}${answer.description ? `: ${answer.description}` : ''}`,
                        hint: t(refusalHintKey(answer.error, answer.description), { name: inbox.name }),
                    }),
                );
                return 'done';
            }
            const kept = await keepTokens(services, inbox, answer.tokens, pending.username);
            if ('missing' in kept) {
                await tell(services, pending, (t) => t('signin_no_refresh_token', { name: inbox.name }));
                return 'done';
            }
            if ('gone' in kept) {
                await tell(services, pending, (t) => t('inbox_gone'));
                return 'done';
            }
            // The token was issued by this sign-in a moment ago: a server refusing it refuses the account
            // (signin/domain/refusedToken), so it is tested as it is, without InboxLogin's one refresh.
            const test = await testInboxConnection(await withAccessToken(services, inbox, deadline), deadline.plus(BUDGET.lastStep));
            await tell(
                services,
                pending,
                (t) => `${t('signin_done', { name: inbox.name, account: kept.account || inbox.imap.username })}\n${formatConnectionTest(t, inbox, test)}`,
            );
            return 'done';
        }
    } finally {
        await claim.release();
    }
}

/** The admin who started the sign-in hears how it ended, in their language, by direct message. */
export async function tell(
    services: SignInServices,
    pending: { username: string; userId: string },
    text: (t: ReturnType<typeof translatorFor>) => string,
): Promise<void> {
    const user = await services.read.getUserReader().getById(pending.userId);
    const t = translatorFor(user?.settings?.preferences?.language);
    await notifyUser(services.read, services.modify, pending.username, text(t), services.log, 'sign-in');
}
