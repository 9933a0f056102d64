import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import AdmZip from 'adm-zip';

import type { ILivechatMessage, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { AppRuntimeManager } from '@rocket.chat/apps-engine/server/managers/AppRuntimeManager';

import { HostBridges } from './bridges/HostBridges';
import { CoreState, newRoomFields } from './CoreState';
import { NodeRuntimeController } from './NodeRuntimeController';
import { requestedRuntime, selectDeno, selectNode } from './runtimeSelection';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storage';
import type { AddUserOptions, EngineHost, HostOptions, OpenedView } from './EngineHost';
import { captureSubprocessOutput, subprocessOutput } from './subprocessOutput';
import { addDepartment, addUser } from './coreActors';

export type { AppRuntime } from './runtimeSelection';
export type { JobRun } from './bridges/HostSchedulerBridge';
export type { Notification, PersistenceRecord, UiInteraction } from './CoreState';
export type { AddUserOptions, EngineHost, HostOptions, InstalledApp, InteractionOptions, OpenedView } from './EngineHost';
export { viewState } from './EngineHost';

const root = resolve(__dirname, '../../..');

export function defaultZipPath(): string {
    const { nameSlug, version } = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    return join(root, 'dist', `${nameSlug}_${version}.zip`);
}

interface PrivateListenerManager {
    executePostMessageSent(message: IMessage): Promise<void>;
    executeListener(int: AppInterface, data: unknown): Promise<unknown>;
}

export async function startEngineHost(options: HostOptions = {}): Promise<EngineHost> {
    const runtime = options.runtime ?? requestedRuntime();
    const node = runtime === 'node' ? await selectNode() : undefined;
    if (runtime === 'deno-2.3') await selectDeno('2.3');
    captureSubprocessOutput();
    const tempDir = mkdtempSync(join(tmpdir(), 'email-inboxes-engine-'));
    const state = new CoreState();
    // The bridges need the manager and the manager needs the bridges: resolve it lazily.
    const managerRef: { current?: AppManager } = {};
    const bridges = new HostBridges(state, () => managerRef.current as AppManager);
    // Core's apps API server, reachable before any app is installed; the workspace's URL is its.
    const siteUrl = await bridges.api.listen();
    state.setSetting('Site_Url', siteUrl);
    const logStorage = new MemoryLogStorage();
    const manager = new AppManager({
        metadataStorage: new MemoryMetadataStorage(),
        logStorage,
        bridges,
        sourceStorage: new MemorySourceStorage(),
        tempFilePath: tempDir,
    });
    if (node) {
        // AppManager builds its AppRuntimeManager with the engine's Deno controller; Rocket.Chat 8.9+
        // hands it a factory of the runtime's controller instead: swap the manager for one with ours.
        (manager as unknown as { runtime: AppRuntimeManager }).runtime = new AppRuntimeManager(
            manager,
            (appManager, appPackage, storageItem) => new NodeRuntimeController(appManager, appPackage, storageItem, node),
        );
    }
    managerRef.current = manager;
    try {
        await manager.load();
    } catch (error) {
        await bridges.api.close();
        throw error;
    }
    const engine = manager;
    const listeners = engine.getListenerManager() as unknown as PrivateListenerManager;
    // Core's sendMessage and saveSystemMessage: every saved message is announced to the apps.
    let messageEvents = true;
    bridges.sink.onSaved = async (message) => {
        if (messageEvents) await listeners.executePostMessageSent(message);
    };
    bridges.sink.onSystemSaved = async (message) => {
        if (messageEvents) await listeners.executeListener(AppInterface.IPostSystemMessageSent, message);
    };
    bridges.livechatRooms.onClosed = async (room) => {
        await listeners.executeListener(AppInterface.IPostLivechatRoomClosed, room);
    };
    let installedAppId: string | undefined;
    const appId = () => {
        if (!installedAppId) throw new Error('install the app first: await host.installApp()');
        return installedAppId;
    };

    const users = {
        add: (user: AddUserOptions): IUser => addUser(state, user),
        get: (username: string) => state.userByUsername(username),
    };

    let general: IRoom | undefined;
    const generalRoom = (): IRoom => {
        if (general) return general;
        const now = new Date();
        general = {
            id: 'GENERAL',
            slugifiedName: 'general',
            displayName: 'general',
            type: RoomType.CHANNEL,
            creator: [...state.users.values()][0],
            isDefault: true,
            ...newRoomFields(now),
        } as IRoom;
        state.rooms.set(general.id, general);
        return general;
    };
    const roomFor = (roomId?: string): IRoom => {
        if (!roomId) return generalRoom();
        const room = state.rooms.get(roomId);
        if (!room) throw new Error(`no room ${roomId}`);
        return room;
    };

    const interact = async (data: Record<string, unknown>): Promise<IUIKitResponse | undefined> =>
        (await listeners.executeListener(AppInterface.IUIKitInteractionHandler, { appId: appId(), ...data })) as IUIKitResponse | undefined;

    const host: EngineHost = {
        runtime,
        state,
        siteUrl,
        publicApiUrl: (path) => `${siteUrl}/api/apps/public/${appId()}/${path.replace(/^\/+/, '')}`,
        loginToken: (username) => bridges.api.loginToken(state.userByUsername(username)),
        async installApp(zipPath = defaultZipPath()) {
            const installer = [...state.users.values()].find((user) => user.roles.includes('admin')) ?? users.add({ username: 'installer', roles: ['admin'] });
            const zip = readFileSync(zipPath);
            // Rocket.Chat's install dialog lists app.json's permissions and grants exactly those.
            const declared = JSON.parse(new AdmZip(zip).readAsText('app.json')) as { permissions?: IPermission[] };
            const fulfillment = await engine.add(zip, { enable: true, user: installer, permissionsGranted: declared.permissions });
            const info = fulfillment.getAppInfo();
            const proxied = info ? engine.getOneById(info.id) : undefined;
            const status = proxied ? await proxied.getStatus() : 'not installed';
            if (!proxied || !['enabled', 'auto_enabled', 'manually_enabled'].includes(status)) {
                const problems = {
                    status,
                    storageError: fulfillment.getStorageError(),
                    appUserError: fulfillment.getAppUserError(),
                    licenseErrors: fulfillment.getLicenseValidationResult()?.getErrors(),
                    subprocessOutput: subprocessOutput.slice(-20),
                };
                throw new Error(`the app did not start: ${JSON.stringify(problems, null, 2)}`);
            }
            installedAppId = proxied.getID();
            return {
                id: proxied.getID(),
                status,
                proxied,
                commands: [...bridges.commands.commands.keys()],
                processors: bridges.scheduler.processorIds(),
                settings: Object.keys(proxied.getStorageItem().settings ?? {}),
            };
        },
        users,
        departments: { add: (options) => addDepartment(state, options) },
        generalRoom,
        async runCommand(command, args, { user, room, threadId }) {
            const sender = state.userByUsername(user);
            const registered = bridges.commands.commands.get(command);
            if (!registered) throw new Error(`no command /${command}; registered: ${[...bridges.commands.commands.keys()].join(', ')}`);
            const triggerId = state.newId();
            const allowed = !registered.permission || sender.roles.some((role) => state.permissionRoles.get(registered.permission as string)?.includes(role));
            if (!allowed) {
                // Core refuses before the app runs and tells the user privately.
                state.notifications.push({
                    userId: sender.id,
                    username: sender.username,
                    text: `You do not have permission to run /${command}`,
                    message: {} as IMessage,
                    at: new Date(),
                });
                return { triggerId };
            }
            const params = Array.isArray(args) ? args : args.split(/\s+/).filter(Boolean);
            await engine.getCommandManager().executeCommand(command, new SlashCommandContext(sender, roomFor(room), params, threadId, triggerId));
            await bridges.sink.idle();
            return { triggerId };
        },
        submitView: ({ user, room, view, actionId, triggerId }) =>
            interact({
                type: 'viewSubmit',
                user: state.userByUsername(user),
                room: room ? roomFor(room) : undefined,
                actionId: actionId ?? '',
                triggerId: triggerId ?? state.newId(),
                payload: { view },
            }),
        blockAction: ({ user, room, actionId, blockId, value, view, message, triggerId }) =>
            interact({
                type: 'blockAction',
                user: state.userByUsername(user),
                room: room ? roomFor(room) : undefined,
                actionId,
                triggerId: triggerId ?? state.newId(),
                message,
                container: view ? { type: 'view', id: view.id } : { type: 'message', id: message?.id },
                payload: { blockId: blockId ?? '', value, view },
            }),
        closeView: ({ user, room, view }) =>
            interact({
                type: 'viewClosed',
                user: state.userByUsername(user),
                room: room ? roomFor(room) : undefined,
                actionId: '',
                payload: { view, isCleared: false },
            }),
        runJob: (id, data, options) => bridges.scheduler.run(id, data, options),
        appAccessors() {
            const accessors = engine.getAccessorManager();
            return {
                read: accessors.getReader(appId()),
                modify: accessors.getModifier(appId()),
                persistence: accessors.getPersistence(appId()),
                http: accessors.getHttp(appId()),
            };
        },
        setMessageEvents(on) {
            messageEvents = on;
        },
        appProcessMemory() {
            const controller = engine.getOneById(appId()).getRuntimeController() as unknown as { deno?: { pid?: number } };
            const pid = controller.deno?.pid;
            if (!pid) throw new Error('the app has no process');
            const status = readFileSync(`/proc/${pid}/status`, 'utf8');
            const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
            return { pid, rssKiB: kib('VmRSS'), peakKiB: kib('VmHWM') };
        },
        async restartAppProcess() {
            const controller = engine.getOneById(appId()).getRuntimeController() as unknown as { restartApp(): Promise<void> };
            bridges.sink.abandonPending();
            bridges.scheduler.abandonRunning();
            await controller.restartApp();
        },
        onceStored(predicate, action) {
            const previous = bridges.sink.afterStore;
            bridges.sink.afterStore = async (message) => {
                if (!predicate(message)) return previous(message);
                bridges.sink.afterStore = previous;
                await action();
            };
        },
        beforeNextVisitorMessage(action) {
            state.faults.beforeVisitorMessage = async (roomId) => {
                state.faults.beforeVisitorMessage = undefined;
                await action(roomId);
            };
        },
        jobRuns: () => [...bridges.scheduler.runs],
        recurringJobs: () => Object.fromEntries([...bridges.scheduler.recurring].map(([id, everyMs]) => [id.replace(/_[^_]+$/, ''), everyMs])),
        async postAgentMessage(roomId, username, text, { file, threadId } = {}) {
            const room = roomFor(roomId);
            const sender = state.userByUsername(username);
            let fileFields: Partial<IMessage> = {};
            if (file) {
                const uploadId = state.newId();
                state.uploads.set(uploadId, {
                    upload: { id: uploadId, name: file.name, size: file.content.length, type: file.type, room, user: sender } as never,
                    buffer: file.content,
                });
                fileFields = {
                    file: { _id: uploadId, name: file.name, type: file.type },
                    attachments: [{ title: { value: file.name }, type: 'file' } as never],
                };
            }
            const id = await bridges.sink.save({ room, sender, text, threadId, ...fileFields } as IMessage);
            await bridges.sink.idle();
            return state.messages.find((message) => message.id === id) as IMessage;
        },
        async postVisitorMessage(roomId, text) {
            // The widget's REST livechat/message: only into the visitor's open room.
            const room = roomFor(roomId) as ILivechatRoom;
            if (room.isOpen !== true) throw new Error('room-closed');
            const visitor = state.visitors.get(room.visitor.id as string) ?? room.visitor;
            const message = {
                room,
                text,
                token: state.roomVisitorTokens.get(room.id),
                alias: visitor.name,
                sender: { id: visitor.id, username: visitor.username, name: visitor.name },
            } as unknown as ILivechatMessage;
            const id = await bridges.sink.save(message);
            await bridges.sink.idle();
            return bridges.sink.converted(id) as ILivechatMessage;
        },
        async closeRoom(roomId, byUsername, comment = 'Resolved') {
            const room = state.rooms.get(roomId) as ILivechatRoom | undefined;
            if (!room || room.type !== RoomType.LIVE_CHAT) throw new Error(`no livechat room ${roomId}`);
            const user = byUsername ? state.userByUsername(byUsername) : undefined;
            await bridges.livechatRooms.close(roomId, { comment, user, visitor: user ? undefined : state.visitors.get(room.visitor.id as string) });
            await bridges.sink.idle();
        },
        async closeRoomForInactivity(roomId) {
            // ee livechat-enterprise closeInactiveRooms: closed by rocket.cat with the abandoned-room message.
            const rocketCat =
                [...state.users.values()].find((user) => user.username === 'rocket.cat') ??
                users.add({ username: 'rocket.cat', name: 'Rocket.Cat', roles: ['bot'] });
            await bridges.livechatRooms.close(roomId, { comment: 'Closed automatically because chat was inactive for 3600 seconds', user: rocketCat });
            await bridges.sink.idle();
        },
        async setAppSetting(id, value) {
            const proxied = engine.getOneById(appId());
            const setting = proxied.getStorageItem().settings[id];
            if (!setting) throw new Error(`the app has no setting ${id}`);
            await engine.getSettingsManager().updateAppSetting(appId(), { ...setting, value });
        },
        appSetting: (id) => engine.getOneById(appId()).getStorageItem().settings[id]?.value,
        settle: async () => {
            await bridges.sink.idle();
            await bridges.scheduler.idle();
        },
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
        persistence: () => state.persistence.filter((record) => !installedAppId || record.appId === installedAppId),
        logs: () => [...logStorage.entries.map((entry) => JSON.stringify(entry)), ...subprocessOutput],
        allRecordedText: () => state.allRecordedText() + JSON.stringify(logStorage.entries) + subprocessOutput.join('\n'),
        async stop() {
            bridges.scheduler.stopAll();
            await bridges.sink.idle().catch(() => undefined);
            await engine.unload(true).catch(() => undefined);
            await bridges.api.close();
            (AppManager as unknown as { Instance: AppManager | undefined }).Instance = undefined;
            rmSync(tempDir, { recursive: true, force: true });
        },
    };
    return host;
}
