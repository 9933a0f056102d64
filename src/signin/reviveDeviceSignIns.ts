import { DEVICE_SIGN_IN_JOB, secondsFromNow } from './startSignIn';
import type { SignInServices } from './SignInServices';

/** A device sign-in whose job has not asked for this long has lost its job (the app was restarted, a run died). */
const STALLED_MS = 60_000;

/**
 * Schedules the device sign-in job again for codes still valid that nobody is asking about:
 * the job reschedules itself after each run, and a chain broken by a restart would otherwise
 * leave the admin signed in at the provider and the inbox waiting.
 */
export async function reviveDeviceSignIns(services: Pick<SignInServices, 'pendingSignIns' | 'modify'>): Promise<void> {
    const now = Date.now();
    for (const pending of await services.pendingSignIns.devices()) {
        const lastAsked = Date.parse(pending.lastPolledAt ?? pending.startedAt);
        if (Date.parse(pending.expiresAt) <= now || now - lastAsked < STALLED_MS) continue;
        await services.modify.getScheduler().scheduleOnce({ id: DEVICE_SIGN_IN_JOB, when: secondsFromNow(1), data: { inboxId: pending.inboxId } });
    }
}
