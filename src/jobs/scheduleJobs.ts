import type { IConfigurationModify, ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import { AppSetting, POLL_INTERVAL_LIMITS } from '../settings/AppSetting';
import { JobId, OUTBOX_INTERVAL_SECONDS } from './JobId';

/** The poll interval from settings, kept inside sane limits whatever an admin typed. */
export function pollIntervalSeconds(value: unknown): number {
    const seconds = Math.round(Number(value));
    if (!Number.isFinite(seconds)) return POLL_INTERVAL_LIMITS.default;
    return Math.min(POLL_INTERVAL_LIMITS.max, Math.max(POLL_INTERVAL_LIMITS.min, seconds));
}

/** (Re)schedules both recurring jobs; safe to call again after a settings change. */
export async function scheduleJobs(settings: ISettingRead, configurationModify: IConfigurationModify): Promise<void> {
    const scheduler = configurationModify.scheduler;
    const pollSeconds = pollIntervalSeconds(await settings.getValueById(AppSetting.PollIntervalSeconds));
    await scheduler.cancelJob(JobId.Poll);
    await scheduler.scheduleRecurring({ id: JobId.Poll, interval: `${pollSeconds} seconds`, skipImmediate: false });
    await scheduler.cancelJob(JobId.Outbox);
    await scheduler.scheduleRecurring({ id: JobId.Outbox, interval: `${OUTBOX_INTERVAL_SECONDS} seconds`, skipImmediate: true });
}
