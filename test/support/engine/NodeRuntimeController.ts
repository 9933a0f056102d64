import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';

import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { IParseAppPackageResult } from '@rocket.chat/apps-engine/server/compiler';
import { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import * as jsonrpc from 'jsonrpc-lite';

import { withoutUndefinedFields } from '../../../scripts/node-runtime/withoutUndefinedFields';

import { HostAppResourceBridge } from './bridges/HostAppResourceBridge';

import type { NodeRuntimePaths } from './runtimeSelection';

/** The engine controller's private members this subclass uses (declared private in its .d.ts). */
interface ControllerInternals {
    readonly appPackage: IParseAppPackageResult;
    readonly tempFilePath: string;
    deno?: ChildProcessWithoutNullStreams;
    state: string;
    spawnId: number;
    readonly debug: (format: string, ...args: unknown[]) => void;
    readonly messenger: { setReceiver(process: ChildProcessWithoutNullStreams): void; send(message: unknown): void };
    readonly livenessManager: { attach(process: ChildProcessWithoutNullStreams): void };
    setupListeners(): void;
    handleBridgeMessage(message: BridgeRequest): Promise<jsonrpc.JsonRpc>;
}

type BridgeRequest = { payload: { method: string; id: jsonrpc.ID; params?: unknown } };

const appsEngineDir = dirname(require.resolve('@rocket.chat/apps-engine/package.json'));

/**
 * Runs the app as Rocket.Chat 8.9+ does, following Rocket.Chat's
 * packages/apps/src/server/runtime/node/AppsEngineNodeRuntime.ts: a Node 22 subprocess under
 * the permission model, allowed to read only the engine's temp folder (uploads), the runtime's
 * folder and the apps-engine folder, with PATH as its whole environment. The runtime is the
 * engine's own (deno-runtime/main.ts bundled for Node by scripts/setup-engine.mjs, with the
 * app sandbox of 8.9); everything else (JSON-RPC requests, the 30 s timeout, ping/liveness,
 * restarts) is the engine's Deno controller, unchanged. The child stays in `this.deno`.
 */
export class NodeRuntimeController extends DenoRuntimeSubprocessController {
    constructor(
        manager: AppManager,
        appPackage: IParseAppPackageResult,
        storageItem: IAppStorageItem,
        private readonly node: NodeRuntimePaths,
    ) {
        super(manager, appPackage, storageItem);
        // The accessors in the app's process register settings, commands, jobs and endpoints as
        // `bridges:getAppResourceBridge:do*`, a bridge engine 1.62's controller does not know.
        const self = this as unknown as ControllerInternals;
        const engineBridges = self.handleBridgeMessage.bind(this);
        const resources = new HostAppResourceBridge(manager);
        // What the host sends reaches the app as over the IPC channel: a field that is undefined stays
        // undefined (msgpack would make it null), as the app's process does for what it sends
        // (scripts/node-runtime/codec.ts).
        const send = self.messenger.send.bind(self.messenger);
        self.messenger.send = (message) => send(withoutUndefinedFields(message));
        self.handleBridgeMessage = (message) =>
            message.payload.method.startsWith('bridges:getAppResourceBridge:') ? this.handleAppResourceMessage(resources, message) : engineBridges(message);
    }

    /**
     * As BaseRuntimeSubprocessController.handleBridgeMessage answers the AppResourceBridge:
     * only `do*` methods with a params list, 'APP_ID' replaced by the app's id, the registrations
     * answered with null while the process restarts (the host still has them), a failure as
     * JSON-RPC error -32000 with the error's message. Throwing here makes the engine's
     * controller answer error 1000, as Rocket.Chat's does for an invalid request.
     */
    private async handleAppResourceMessage(resources: HostAppResourceBridge, { payload: { method, id, params } }: BridgeRequest): Promise<jsonrpc.JsonRpc> {
        const bridgeMethod = method.slice('bridges:getAppResourceBridge:'.length);
        const methodRef = (resources as unknown as Record<string, unknown>)[bridgeMethod];
        if (!bridgeMethod.startsWith('do') || !Array.isArray(params) || typeof methodRef !== 'function') throw new Error('Invalid bridge request');
        if ((this as unknown as ControllerInternals).state === 'restarting' && HostAppResourceBridge.REGISTRATION_METHODS.has(bridgeMethod)) {
            return jsonrpc.success(id, null);
        }
        try {
            const result: unknown = await methodRef.apply(
                resources,
                params.map((value: unknown) => (value === 'APP_ID' ? this.getAppId() : value)),
            );
            return jsonrpc.success(id, result === undefined ? null : (result as jsonrpc.Defined));
        } catch (error) {
            return jsonrpc.error(id, new jsonrpc.JsonRpcError((error as Error).message, -32000, error));
        }
    }

    override spawnProcess(): void {
        const self = this as unknown as ControllerInternals;
        try {
            const allowedDirs = [self.tempFilePath, this.node.runtimeDir, appsEngineDir];
            const args = [
                '--permission',
                ...allowedDirs.map((dir) => `--allow-fs-read=${dir}`),
                join(this.node.runtimeDir, 'main.js'),
                '--subprocess',
                self.appPackage.info.id,
                '--spawnId',
                String(self.spawnId++),
            ];
            const options = { env: { PATH: process.env.PATH } };
            self.deno = spawn(this.node.binary, args, options);
            self.messenger.setReceiver(self.deno);
            self.livenessManager.attach(self.deno);
            self.debug('Started Node subprocess %d with args %o and env %o', self.deno.pid, args, options.env);
            self.setupListeners();
        } catch (error) {
            self.state = 'invalid';
            console.error(`Failed to start Node subprocess for app ${this.getAppId()}`, error);
        }
    }
}
