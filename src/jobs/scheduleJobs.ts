import type { IConfigurationModify, ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import { AppSetting } from '../settings/AppSetting';
import { pollIntervalSeconds } from '../settings/readSettings';
import { JobId, OUTBOX_INTERVAL_SECONDS } from './JobId';

export { pollIntervalSeconds } from '../settings/readSettings';

/** (Re)schedules both recurring jobs; safe to call again after a settings change. */
export async function scheduleJobs(settings: ISettingRead, configurationModify: IConfigurationModify): Promise<void> {
    const scheduler = configurationModify.scheduler;
    const pollSeconds = pollIntervalSeconds(await settings.getValueById(AppSetting.PollIntervalSeconds));
    await scheduler.cancelJob(JobId.Poll);
    await scheduler.scheduleRecurring({ id: JobId.Poll, interval: `${pollSeconds} seconds`, skipImmediate: false });
    await scheduler.cancelJob(JobId.Outbox);
    await scheduler.scheduleRecurring({ id: JobId.Outbox, interval: `${OUTBOX_INTERVAL_SECONDS} seconds`, skipImmediate: true });
}
