import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { AppRuntimeManager } from '@rocket.chat/apps-engine/server/managers/AppRuntimeManager';

import { HostBridges } from './bridges/HostBridges';
import { CoreState } from './CoreState';
import type { EngineHost, HostOptions } from './EngineHost';
import { HostContext } from './HostContext';
import { hostAppControl } from './hostAppControl';
import { hostCoreActions } from './hostCoreActions';
import { hostInteractions } from './hostInteractions';
import { hostObservations } from './hostObservations';
import { NodeRuntimeController } from './NodeRuntimeController';
import { requestedRuntime, selectDeno, selectNode } from './runtimeSelection';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storage';
import { captureSubprocessOutput } from './subprocessOutput';
import { whenProcessEnds } from '../processEnd';

export type { AppRuntime } from './runtimeSelection';
export type { JobRun } from './bridges/HostSchedulerBridge';
export type { Notification, PersistenceRecord, UiInteraction } from './CoreState';
export type { AddUserOptions, EngineHost, HostOptions, InstalledApp, InteractionOptions, OpenedView } from './EngineHost';
export type { FormAnswer, HostForm } from './HostForm';
export { defaultZipPath } from './hostAppControl';

/** Starts the real Apps-Engine on the chosen runtime with in-memory Rocket.Chat core; the app is installed by `installApp`. */
export async function startEngineHost(options: HostOptions = {}): Promise<EngineHost> {
    const runtime = options.runtime ?? requestedRuntime();
    const node = runtime === 'node' ? await selectNode() : undefined;
    if (runtime === 'deno-2.3') await selectDeno('2.3');
    captureSubprocessOutput();
    const tempDir = mkdtempSync(join(tmpdir(), 'email-inboxes-engine-'));
    const forgetTempDir = whenProcessEnds(() => rmSync(tempDir, { recursive: true, force: true }));
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
    const context = new HostContext(state, bridges, manager, logStorage, siteUrl, options.push ?? false);
    // Core's sendMessage and saveSystemMessage: every saved message is announced to the apps.
    bridges.sink.onSaved = async (message) => {
        if (context.messageEvents) await context.listeners.executePostMessageSent(message);
    };
    bridges.sink.onSystemSaved = async (message) => {
        if (context.messageEvents) await context.listeners.executeListener(AppInterface.IPostSystemMessageSent, message);
    };
    bridges.livechatRooms.onClosed = async (room) => {
        await context.listeners.executeListener(AppInterface.IPostLivechatRoomClosed, room);
    };

    const host: EngineHost = {
        runtime,
        state,
        siteUrl,
        ...hostAppControl(context),
        ...hostCoreActions(context),
        ...hostInteractions(context),
        ...hostObservations(context),
        async stop() {
            bridges.scheduler.stopAll();
            await bridges.sink.idle().catch(() => undefined);
            await endWaitingCalls(manager);
            await manager.unload(true).catch(() => undefined);
            await bridges.api.close();
            (AppManager as unknown as { Instance: AppManager | undefined }).Instance = undefined;
            rmSync(tempDir, { recursive: true, force: true });
            forgetTempDir();
        },
    };
    return host;
}

/**
 * Ends the calls into the apps' processes that still wait for an answer (a push run listening, a
 * run whose process was killed): each would otherwise keep its 30 s timeout timer, and with it
 * this process, alive after the host stopped. The engine's controller is an EventEmitter that
 * settles a call on `result:<request id>` (AppsEngineDenoRuntime `waitForResponse`).
 */
async function endWaitingCalls(manager: AppManager): Promise<void> {
    for (const app of await manager.get()) {
        const controller = app.getRuntimeController() as unknown as { eventNames(): Array<string | symbol>; emit(name: string, ...args: unknown[]): boolean };
        for (const name of controller.eventNames()) {
            if (typeof name === 'string' && name.startsWith('result:'))
                controller.emit(name, undefined, new Error('the engine host stopped before the app answered this call'));
        }
    }
}
