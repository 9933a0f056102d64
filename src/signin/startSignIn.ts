import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Inbox } from '../configuration/domain/Inbox';
import { ErrorCode } from '../errors/ErrorCode';
import type { MessageKey } from '../i18n/translate';
import type { Deadline } from '../runtime/Deadline';
import { refusalHintKey } from './domain/explainRefusal';
import { randomToken } from './domain/pkce';
import { authorizationUrl } from './domain/signInLinks';
import { OAuthServer } from './OAuthServer';
import type { SignInServices } from './SignInServices';

/** Scheduler processor id of the job that asks the token endpoint whether a device sign-in is done. */
export const DEVICE_SIGN_IN_JOB = 'email-inboxes-device-sign-in';

/**
 * When a one-time job runs: a date, not a phrase like "5 seconds", because Rocket.Chat's scheduler
 * (packages/agenda Job.schedule) takes whatever `new Date()` reads and hands anything else to a
 * natural-language date parser.
 */
export function secondsFromNow(seconds: number): Date {
    return new Date(Date.now() + seconds * 1000);
}

/** How long a sign-in link works: long enough to find the password, short enough not to lie around. */
const LINK_LIFETIME_MS = 10 * 60_000;

export type SignInStart =
    | { kind: 'link'; url: string; expiresAt: string }
    | { kind: 'device'; userCode: string; verificationUri: string; verificationUriComplete?: string; expiresAt: string }
    | { kind: 'failed'; code: ErrorCode; detail: string; hintKey: MessageKey };

/**
 * Starts the inbox's OAuth2 sign-in for an inbox manager (the caller checked the role):
 * a single-use link with PKCE, or a device code that a job then waits on. Whatever was pending
 * for the inbox from an earlier start by the same flow is replaced.
 */
export async function startSignIn(
    services: SignInServices,
    inbox: Inbox,
    by: { user: IUser; roomId: string },
    callbackUri: string,
    deadline: Deadline,
): Promise<SignInStart> {
    const settings = inbox.oauth;
    if (!settings) return { kind: 'failed', code: ErrorCode.SignInRefused, detail: 'the inbox signs in with passwords', hintKey: 'oauth_hint_other' };
    const now = new Date();
    const base = { inboxId: inbox.id, userId: by.user.id, username: by.user.username, roomId: by.roomId, startedAt: now.toISOString() };
    if (settings.flow === 'code') {
        const state = randomToken();
        const verifier = randomToken();
        const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS).toISOString();
        await services.pendingSignIns.save({ ...base, flow: 'code', state, verifier, redirectUri: callbackUri, expiresAt });
        const url = authorizationUrl(settings, { redirectUri: callbackUri, state, verifier, loginHint: inbox.imap.username });
        return { kind: 'link', url, expiresAt };
    }
    const answer = await new OAuthServer(services.http, settings).requestDeviceCode(deadline);
    if (answer.kind === 'refused') {
        return {
            kind: 'failed',
            code: ErrorCode.SignInRefused,
            detail: `${answer.error}: ${answer.description}`,
            hintKey: refusalHintKey(answer.error, answer.description),
        };
    }
    if (answer.kind === 'unavailable') return { kind: 'failed', code: ErrorCode.SignInUnavailable, detail: answer.detail, hintKey: 'hint_sign_in_unavailable' };
    const expiresAt = new Date(now.getTime() + answer.expiresIn * 1000).toISOString();
    await services.pendingSignIns.save({
        ...base,
        flow: 'device',
        deviceCode: answer.deviceCode,
        intervalS: answer.interval,
        nextPollAt: new Date(now.getTime() + answer.interval * 1000).toISOString(),
        expiresAt,
    });
    await services.modify.getScheduler().scheduleOnce({ id: DEVICE_SIGN_IN_JOB, when: secondsFromNow(answer.interval), data: { inboxId: inbox.id } });
    return {
        kind: 'device',
        userCode: answer.userCode,
        verificationUri: answer.verificationUri,
        ...(answer.verificationUriComplete && { verificationUriComplete: answer.verificationUriComplete }),
        expiresAt,
    };
}
