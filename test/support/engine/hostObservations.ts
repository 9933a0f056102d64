import type { EngineHost, OpenedView } from './EngineHost';
import type { HostContext } from './HostContext';
import { subprocessOutput } from './subprocessOutput';

/** What a test looks at afterwards: what core stored, what users were shown, what was logged. */
export function hostObservations(
    context: HostContext,
): Pick<
    EngineHost,
    | 'rooms'
    | 'room'
    | 'messages'
    | 'posted'
    | 'systemMessages'
    | 'notifications'
    | 'uiInteractions'
    | 'lastView'
    | 'uploads'
    | 'visitors'
    | 'persistence'
    | 'logs'
    | 'allRecordedText'
    | 'jobRuns'
    | 'jobsRunning'
    | 'recurringJobs'
    | 'oneOffJobs'
> {
    const { state, bridges, logStorage } = context;
    return {
        rooms: () => state.livechatRooms(),
        room: (roomId) => state.rooms.get(roomId),
        messages: (roomId) => state.roomMessages(roomId).filter((message) => !message.type),
        posted: () => state.messages.filter((message) => !message.type),
        systemMessages: (roomId) => state.roomMessages(roomId).filter((message) => Boolean(message.type)),
        notifications: (username) => state.notifications.filter((notification) => notification.username === username),
        uiInteractions: (username) => state.uiInteractions.filter((interaction) => interaction.userId === state.userByUsername(username).id),
        lastView: (username) => {
            const opened = state.uiInteractions.filter((interaction) => interaction.userId === state.userByUsername(username).id && interaction.payload.view);
            const last = opened[opened.length - 1];
            if (!last) throw new Error(`the app opened no view for ${username}`);
            return last.payload.view as OpenedView;
        },
        uploads: () =>
            [...state.uploads.values()].map(({ upload, buffer }) => ({
                id: upload.id,
                name: upload.name,
                type: upload.type,
                roomId: upload.room.id,
                content: buffer,
            })),
        visitors: () => [...state.visitors.values()],
        persistence: () => state.persistence.filter((record) => !context.installedAppId || record.appId === context.installedAppId),
        logs: () => [...logStorage.entries.map((entry) => JSON.stringify(entry)), ...subprocessOutput],
        allRecordedText: () => state.allRecordedText() + JSON.stringify(logStorage.entries) + subprocessOutput.join('\n'),
        jobRuns: () => [...bridges.scheduler.runs],
        jobsRunning: () => bridges.scheduler.going,
        recurringJobs: () => Object.fromEntries([...bridges.scheduler.recurring].map(([id, everyMs]) => [id.replace(/_[^_]+$/, ''), everyMs])),
        oneOffJobs: () =>
            bridges.scheduler
                .jobs()
                .filter((job) => job.type === 'normal')
                .map((job) => ({ id: job.name.replace(/_[^_]+$/, ''), data: job.data, dueAt: job.nextRunAt })),
    };
}
