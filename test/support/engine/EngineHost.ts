import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IDepartment, ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';

import type { JobRun } from './bridges/HostSchedulerBridge';
import type { CoreState, Notification, PersistenceRecord, UiInteraction } from './CoreState';
import type { HostForm } from './HostForm';
import type { AppRuntime } from './runtimeSelection';

export interface HostOptions {
    /**
     * What runs the app: `deno-2.3` (the engine's Deno runtime, Rocket.Chat up to 8.8) or `node`
     * (the same runtime on Node 22 in Rocket.Chat 8.9's sandbox); default EMAIL_INBOXES_RUNTIME or deno-2.3.
     */
    runtime?: AppRuntime;
    /**
     * Whether the app pushes new mail (its setting `push_new_mail`, on in a real workspace): off
     * here unless asked, as `installApp` sets it. With push on the app keeps a chain of job runs
     * going (each due as the last ends), so `settle()`, which waits for jobs due at once, would
     * wait for ever: push tests and the latency bench ask for it and wait for what they measure.
     */
    push?: boolean;
}

export interface AddUserOptions {
    username: string;
    name?: string;
    roles?: string[];
    language?: string;
    email?: string;
    status?: 'online' | 'offline' | 'away' | 'busy';
    /**
     * An agent's Omnichannel availability (core's `statusLivechat`, the agent's "Available" switch;
     * default 'available'). Apps cannot read it: the converted user has no such field.
     */
    livechat?: 'available' | 'not-available';
    /** Ids of the livechat departments the agent serves. */
    departments?: string[];
}

export interface InteractionOptions {
    user: string;
    room?: string;
}

/** The real Apps-Engine (AppManager + its Deno or Node runtime) with in-memory Rocket.Chat core. */
export interface EngineHost {
    readonly runtime: AppRuntime;
    /**
     * The workspace's URL (core's `Site_Url` setting, set to it): the host's HTTP server on a free
     * port of 127.0.0.1, serving the apps' endpoints as core does, e.g. `http://127.0.0.1:41234`
     * (no trailing slash, as Rocket.Chat's ROOT_URL). Up from the start; stopped by `stop()`.
     */
    readonly siteUrl: string;
    /** The full URL of the installed app's public endpoint `path` (`<siteUrl>/api/apps/public/<appId>/<path>`); throws before installApp. */
    publicApiUrl(path: string): string;
    /** A login of the user for app endpoints with `authRequired`: send them as headers `X-User-Id` and `X-Auth-Token`. */
    loginToken(username: string): { userId: string; authToken: string };
    /** Installs and enables the zip (default: this project's dist zip). Throws with the engine's reasons when it does not end up enabled. */
    installApp(zipPath?: string): Promise<InstalledApp>;
    users: { add(options: AddUserOptions): IUser; get(username: string): IUser };
    departments: {
        /** A department; `fallbackForwardDepartment` (an id) takes its chats when none of its agents is online. */
        add(options: { name: string; email?: string; enabled?: boolean; fallbackForwardDepartment?: string }): IDepartment;
    };
    /** A room that is not a livechat room (for running commands in); created on first use. */
    generalRoom(): IRoom;
    runCommand(command: string, args: string | string[], options: InteractionOptions & { threadId?: string }): Promise<{ triggerId: string }>;
    /**
     * The view the app opened for the user last (and its updates since), as the client holds it:
     * fill it in, choose options (a choice that dispatches sends the block action) and submit it.
     * The only way a test sends a view's state: a client could send the same.
     */
    form(username: string): HostForm;
    /** The app buttons the client shows this user (in a room: that room's; without: the Marketplace menu's), after the client's filters (buttonFilters.ts). */
    buttonsFor(username: string, options?: { room?: string }): Promise<Array<{ actionId: string; context: string; labelI18n: string }>>;
    /**
     * A click on an app button as the client sends it (a fresh trigger id; a room action with the
     * room; a message action, on the `message` with this id, with its room and the message; a composer action with the room, the thread and the text typed so far, `composerText`); throws when the client would not show the button, unless `forged` (a request any
     * logged-in user can send). `shown`: whether the client shows the view the app answered with.
     */
    clickButton(
        username: string,
        actionId: string,
        options?: { room?: string; message?: string; forged?: boolean; composerText?: string; threadId?: string },
    ): Promise<{ response: unknown; shown: boolean }>;
    /**
     * An interaction a real client (the browser layer's page) sent for a view the app showed the
     * user: refused when no client could have sent its state, given a fresh trigger id, answered as
     * the app answers. `shown`: whether the client acts on the answer (a live trigger id);
     * `timedOut`: the app took longer than the client waits.
     */
    sendFromClient(username: string, interaction: ClientSentInteraction): Promise<{ response: unknown; shown: boolean; timedOut: boolean }>;
    /**
     * Runs a job now; the promise settles when the run ends (don't await it to interrupt the run).
     * `overlap` starts it even while another run of it is going (see HostSchedulerBridge.run).
     */
    runJob(id: string, data?: object, options?: { overlap?: boolean }): Promise<JobRun>;
    /**
     * The app's accessors built in Node on the same in-memory bridges, as the engine builds them
     * for the Deno process: for measuring the app's own cost without the process boundary, and for
     * asserting the bridges' rules (`http` goes through the HTTP bridge to the real URL).
     */
    appAccessors(): { read: IRead; modify: IModify; persistence: IPersistence; http: IHttp };
    /**
     * Whether saved messages fire IPostMessageSent in the app's process (on by default, as in
     * core). Off only to measure the app's own code without that process boundary (bench).
     */
    setMessageEvents(on: boolean): void;
    /** The app's process (Deno or Node): its resident memory now and its peak since it started (KiB, from /proc). */
    appProcessMemory(): { pid: number; rssKiB: number; peakKiB: number };
    /** Kills the app's process at once, whatever it is doing, and starts it again (as the engine does after a crash). */
    restartAppProcess(): Promise<void>;
    /**
     * Kills the app's process from outside (SIGKILL, as a crash or the OOM killer would) and waits
     * until the engine's own liveness manager has restarted it (a new process, the controller ready).
     */
    killAppProcess(): Promise<void>;
    /**
     * Runs `action` once, right after core stored the first message matching `predicate` and before
     * the app gets the answer (to kill the app's process at that exact moment, for instance).
     */
    onceStored(predicate: (message: IMessage) => boolean, action: () => Promise<void>): void;
    /** Runs `action` once, just before core handles the next livechat message an app sends into a room (an agent closing it at that moment...). */
    beforeNextVisitorMessage(action: (roomId: string) => Promise<void>): void;
    jobRuns(): JobRun[];
    /** The job runs going now, oldest first: `id` is the processor id (`<job id>_<app id>`); a killed process's stay until the engine's timeout ends them. */
    jobsRunning(): Array<Omit<JobRun, 'durationMs'>>;
    /** Recurring jobs now scheduled, by job id (without the app id suffix): interval in ms. */
    recurringJobs(): Record<string, number>;
    /** One-off jobs now scheduled and not yet run: job id (without the app id suffix), data, when due (epoch ms). */
    oneOffJobs(): Array<{ id: string; data: Record<string, unknown>; dueAt: number | null }>;
    postAgentMessage(
        roomId: string,
        username: string,
        text: string,
        options?: { file?: { name: string; type: string; content: Buffer }; threadId?: string },
    ): Promise<IMessage>;
    postVisitorMessage(roomId: string, text: string): Promise<ILivechatMessage>;
    /** An agent closes the room (closer 'user'), or the visitor when no agent is named; with core's required comment. */
    closeRoom(roomId: string, byUsername?: string, comment?: string): Promise<void>;
    /** Rocket.Chat closes a room its visitor abandoned (Livechat_abandoned_rooms_action 'close'): as rocket.cat, closer 'user'. */
    closeRoomForInactivity(roomId: string): Promise<void>;
    setAppSetting(id: string, value: unknown): Promise<void>;
    appSetting(id: string): unknown;
    /** Waits until every listener the host fired (IPostMessageSent...) and every job run has finished (those of a killed process aside). */
    settle(): Promise<void>;
    rooms(): ILivechatRoom[];
    room(roomId: string): IRoom | undefined;
    /** The room's messages people wrote (visitor, agents, apps), oldest first; system messages (livechat-started...) left out. */
    messages(roomId: string): IMessage[];
    /** Every message people wrote in any room, in the order they were stored; system messages left out. */
    posted(): IMessage[];
    /** The room's system messages (livechat-started, livechat-close...). */
    systemMessages(roomId: string): IMessage[];
    notifications(username: string): Notification[];
    uiInteractions(username: string): UiInteraction[];
    /** The last view (modal) the app opened or updated for this user; throws if none. */
    lastView(username: string): OpenedView;
    uploads(): Array<{ id: string; name: string; type: string; roomId: string; content: Buffer }>;
    visitors(): IVisitor[];
    persistence(): PersistenceRecord[];
    logs(): string[];
    allRecordedText(): string;
    readonly state: CoreState;
    stop(): Promise<void>;
}

/** What Rocket.Chat's client sends for a view (apps/meteor/client/uikit/hooks/useModalContextValue.ts, UiKitModal.tsx). */
export type ClientSentInteraction =
    | { type: 'viewSubmit'; viewId: string; view: Record<string, unknown> & { state?: unknown } }
    | { type: 'blockAction'; viewId: string; actionId: string; blockId: string; value: unknown }
    | { type: 'viewClosed'; viewId: string; view: Record<string, unknown>; isCleared: boolean };

export interface OpenedView {
    id: string;
    title?: { text: string };
    blocks: Array<Record<string, unknown> & { blockId?: string; type: string }>;
    [key: string]: unknown;
}

export interface InstalledApp {
    id: string;
    status: string;
    proxied: ProxiedApp;
    commands: string[];
    processors: string[];
    settings: string[];
}
