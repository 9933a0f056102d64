import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import AdmZip from 'adm-zip';

import type { IPermission } from '@rocket.chat/apps-engine/definition/permissions/IPermission';

import { addUser } from './coreActors';
import type { EngineHost } from './EngineHost';
import type { HostContext } from './HostContext';
import { subprocessOutput } from './subprocessOutput';

const root = resolve(__dirname, '../../..');
/** The app's setting for push (HostOptions.push). */
const PUSH_SETTING = 'push_new_mail';

export function defaultZipPath(): string {
    const { nameSlug, version } = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    return join(root, 'dist', `${nameSlug}_${version}.zip`);
}

/** What an admin and the engine do with the app: install it, change its settings, run its jobs, restart its process. */
export function hostAppControl(
    context: HostContext,
): Pick<
    EngineHost,
    | 'publicApiUrl'
    | 'loginToken'
    | 'installApp'
    | 'runJob'
    | 'appAccessors'
    | 'setMessageEvents'
    | 'appProcessMemory'
    | 'restartAppProcess'
    | 'killAppProcess'
    | 'onceStored'
    | 'beforeNextVisitorMessage'
    | 'setAppSetting'
    | 'appSetting'
    | 'settle'
> {
    const { state, bridges, engine } = context;
    return {
        publicApiUrl: (path) => `${context.siteUrl}/api/apps/public/${context.appId()}/${path.replace(/^\/+/, '')}`,
        loginToken: (username) => bridges.api.loginToken(state.userByUsername(username)),
        async installApp(zipPath = defaultZipPath()) {
            const installer =
                [...state.users.values()].find((user) => user.roles.includes('admin')) ?? addUser(state, { username: 'installer', roles: ['admin'] });
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
            context.installedAppId = proxied.getID();
            if (!context.push) {
                // HostOptions.push: push off, as an admin turns it off (the app's settings form).
                const setting = proxied.getStorageItem().settings[PUSH_SETTING];
                if (setting) await engine.getSettingsManager().updateAppSetting(proxied.getID(), { ...setting, value: false });
            }
            return {
                id: proxied.getID(),
                status,
                proxied,
                commands: [...bridges.commands.commands.keys()],
                processors: bridges.scheduler.processorIds(),
                settings: Object.keys(proxied.getStorageItem().settings ?? {}),
            };
        },
        runJob: (id, data, options) => bridges.scheduler.run(id, data, options),
        appAccessors() {
            const accessors = engine.getAccessorManager();
            const appId = context.appId();
            return {
                read: accessors.getReader(appId),
                modify: accessors.getModifier(appId),
                persistence: accessors.getPersistence(appId),
                http: accessors.getHttp(appId),
            };
        },
        setMessageEvents(on) {
            context.messageEvents = on;
        },
        appProcessMemory() {
            const controller = engine.getOneById(context.appId()).getRuntimeController() as unknown as { deno?: { pid?: number } };
            const pid = controller.deno?.pid;
            if (!pid) throw new Error('the app has no process');
            const status = readFileSync(`/proc/${pid}/status`, 'utf8');
            const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
            return { pid, rssKiB: kib('VmRSS'), peakKiB: kib('VmHWM') };
        },
        async restartAppProcess() {
            const controller = engine.getOneById(context.appId()).getRuntimeController() as unknown as { restartApp(): Promise<void> };
            bridges.sink.abandonPending();
            bridges.scheduler.abandonRunning();
            await controller.restartApp();
        },
        async killAppProcess() {
            const controller = engine.getOneById(context.appId()).getRuntimeController() as unknown as {
                deno?: { pid?: number };
                restartApp(): Promise<void>;
            };
            const pid = controller.deno?.pid;
            if (!pid) throw new Error('the app has no process');
            // The engine's LivenessManager.handleExit restarts a process killed by a signal, with no limit, as
            // Rocket.Chat's packages/apps/src/server/runtime/base/LivenessManager.ts does: wait for that restart
            // to end (the new process initialized and enabled), not merely for a new process.
            const restarted = new Promise<void>((resolveRestart, rejectRestart) => {
                const original = controller.restartApp.bind(controller);
                controller.restartApp = () => {
                    controller.restartApp = original;
                    const restart = original();
                    restart.then(resolveRestart, rejectRestart);
                    return restart;
                };
            });
            // As restartAppProcess: the interrupted run's calls would end only at the engine's 30 s timeout.
            bridges.sink.abandonPending();
            bridges.scheduler.abandonRunning();
            process.kill(pid, 'SIGKILL');
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error("the engine did not restart the app's process within 30 s")), 30_000);
            });
            await Promise.race([restarted, timeout]).finally(() => clearTimeout(timer));
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
        async setAppSetting(id, value) {
            const setting = engine.getOneById(context.appId()).getStorageItem().settings[id];
            if (!setting) throw new Error(`the app has no setting ${id}`);
            await engine.getSettingsManager().updateAppSetting(context.appId(), { ...setting, value });
        },
        appSetting: (id) => engine.getOneById(context.appId()).getStorageItem().settings[id]?.value,
        settle: async () => {
            await bridges.sink.idle();
            await bridges.scheduler.idle();
        },
    };
}
