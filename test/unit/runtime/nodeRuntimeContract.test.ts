// The contract between the app and Rocket.Chat's Node runtime (8.8+), whose accessors live in the
// app's process (packages/apps/base-runtime/src/lib/accessors/*): every accessor method the app's
// code calls must exist there, and in our stand-in (scripts/node-runtime/accessors/), and the
// bundle must load in that runtime's shell.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';

import AdmZip from 'adm-zip';
import * as acorn from 'acorn';
import ts from 'typescript';

import { packageApp } from '../../../scripts/package.mjs';

const root = resolve(__dirname, '../../..');
const accessorsDir = join(root, 'scripts/node-runtime/accessors');
const engineDir = dirname(require.resolve('@rocket.chat/apps-engine/package.json'));

/**
 * The methods of base-runtime's accessor classes for each engine interface the app uses, as read in
 * RocketChat/Rocket.Chat (file under packages/apps/base-runtime/src/lib/accessors/, commit read).
 * An interface the app starts to use must be added here from that repository.
 */
const BASE_RUNTIME: Record<string, { file: string; methods: string[] }> = {
    IPersistence: {
        file: 'Persistence.ts @2629eeb8',
        methods: [
            'create',
            'createWithAssociation',
            'createWithAssociations',
            'update',
            'updateByAssociation',
            'updateByAssociations',
            'remove',
            'removeByAssociation',
            'removeByAssociations',
        ],
    },
    IPersistenceRead: { file: 'read/PersistenceRead.ts @46778822', methods: ['read', 'readByAssociation', 'readByAssociations'] },
    ISchedulerModify: { file: 'modify/SchedulerModify.ts @2629eeb8', methods: ['scheduleOnce', 'scheduleRecurring', 'cancelJob', 'cancelAllJobs'] },
    IUIController: {
        file: 'modify/UIController.ts @2629eeb8',
        methods: [
            'openModalView',
            'updateModalView',
            'openContextualBarView',
            'updateContextualBarView',
            'openSurfaceView',
            'updateSurfaceView',
            'setViewError',
        ],
    },
    ILivechatCreator: {
        file: 'modify/LivechatCreator.ts @9605a15e',
        methods: ['resolveVisitor', 'createRoom', 'createVisitor', 'createAndReturnVisitor', 'createToken'],
    },
    ILivechatRead: {
        file: 'read/LivechatRead.ts @17a05763',
        methods: [
            'isOnline',
            'isOnlineAsync',
            'getDepartmentsEnabledWithAgents',
            'getLivechatRooms',
            'getLivechatTotalOpenRoomsByAgentId',
            'getLivechatOpenRoomsByAgentId',
            'getLivechatVisitors',
            'getLivechatVisitorById',
            'getLivechatVisitorByEmail',
            'getLivechatVisitorByToken',
            'getLivechatVisitorByPhoneNumber',
            'getLivechatDepartmentByIdOrName',
            '_fetchLivechatRoomMessages',
        ],
    },
    IModifyCreator: {
        file: 'modify/ModifyCreator.ts @2629eeb8',
        methods: [
            'getLivechatCreator',
            'getUploadCreator',
            'getEmailCreator',
            'getContactCreator',
            'getBlockBuilder',
            'startMessage',
            'startLivechatMessage',
            'startRoom',
            'startDiscussion',
            'startVideoConference',
            'startBotUser',
            'finish',
        ],
    },
    IUploadCreator: { file: 'modify/UploadCreator.ts @2629eeb8', methods: ['uploadBuffer'] },
    IUploadRead: { file: 'read/UploadRead.ts @46778822', methods: ['getById', 'getBuffer', 'getBufferById'] },
    INotifier: { file: 'notifier.ts @2629eeb8', methods: ['notifyUser', 'notifyRoom', 'typing', 'getMessageBuilder'] },
    ISettingRead: { file: 'environment/SettingRead.ts @2629eeb8', methods: ['getById', 'getValueById'] },
    IServerSettingRead: { file: 'environment/ServerSettingRead.ts @2629eeb8', methods: ['getOneById', 'getValueById', 'getAll', 'isReadableById'] },
    IEnvironmentRead: {
        file: 'environment/EnvironmentRead.ts (as mod.ts @17a05763 builds it)',
        methods: ['getSettings', 'getServerSettings', 'getEnvironmentVariables'],
    },
    IUserRead: {
        file: 'read/UserRead.ts @2629eeb8',
        methods: ['getById', 'getByUsername', 'getBySipExtension', 'getAppUser', 'getUserUnreadMessageCount', 'getUserRoomIds'],
    },
    IRoomRead: {
        file: 'read/RoomRead.ts @46778822',
        methods: [
            'getById',
            'getCreatorUserById',
            'getByName',
            'getCreatorUserByName',
            'getMessages',
            'getMembers',
            'getAllRooms',
            'getDirectByUsernames',
            'getModerators',
            'getOwners',
            'getLeaders',
            'getUnreadByUser',
            'getUserUnreadMessageCount',
        ],
    },
    IMessageRead: { file: 'read/MessageRead.ts @36e1b23e', methods: ['getById', 'getSenderUser', 'getRoom'] },
    IHttp: { file: 'http.ts @2629eeb8', methods: ['get', 'put', 'post', 'del', 'patch'] },
    IRead: {
        file: 'read/Reader.ts (as mod.ts @17a05763 builds it)',
        methods: [
            'getEnvironmentReader',
            'getMessageReader',
            'getPersistenceReader',
            'getRoomReader',
            'getUserReader',
            'getNotifier',
            'getLivechatReader',
            'getUploadReader',
            'getCloudWorkspaceReader',
            'getVideoConferenceReader',
            'getContactReader',
            'getOAuthAppsReader',
            'getThreadReader',
            'getRoleReader',
            'getExperimentalReader',
        ],
    },
    IModify: {
        file: 'mod.ts @17a05763 getModifier',
        methods: [
            'getCreator',
            'getUpdater',
            'getExtender',
            'getDeleter',
            'getNotifier',
            'getUiController',
            'getScheduler',
            'getOAuthAppsModifier',
            'getModerationModifier',
        ],
    },
    IConfigurationExtend: {
        file: 'mod.ts @17a05763 getConfigurationExtend',
        methods: ['ui', 'http', 'settings', 'externalComponents', 'api', 'scheduler', 'videoConfProviders', 'outboundCommunication', 'slashCommands'],
    },
    IConfigurationModify: { file: 'mod.ts @17a05763 getConfigurationModify', methods: ['scheduler', 'slashCommands', 'serverSettings'] },
    ISettingsExtend: { file: 'mod.ts @17a05763', methods: ['provideSetting'] },
    ISlashCommandsExtend: { file: 'mod.ts @17a05763', methods: ['provideSlashCommand'] },
    ISchedulerExtend: { file: 'mod.ts @17a05763', methods: ['registerProcessors'] },
    IApiExtend: { file: 'mod.ts @17a05763', methods: ['provideApi'] },
    // getConfigurationExtend's `ui`: registerButton → bridges:getAppResourceBridge:doRegisterActionButton, not awaited.
    IUIExtend: { file: 'mod.ts @17a05763', methods: ['registerButton'] },
};

/** Where our stand-in implements each interface: a class in scripts/node-runtime/accessors/, or an object literal in AppAccessors.ts. */
const OURS: Record<string, { file: string; className?: string }> = {
    IPersistence: { file: 'modify.ts', className: 'Persistence' },
    IPersistenceRead: { file: 'read.ts', className: 'PersistenceRead' },
    ISchedulerModify: { file: 'modify.ts', className: 'SchedulerModify' },
    IUIController: { file: 'modify.ts', className: 'UIController' },
    ILivechatCreator: { file: 'modify.ts', className: 'LivechatCreator' },
    ILivechatRead: { file: 'read.ts', className: 'LivechatRead' },
    IModifyCreator: { file: 'modify.ts', className: 'ModifyCreator' },
    IUploadCreator: { file: 'modify.ts', className: 'UploadCreator' },
    IUploadRead: { file: 'read.ts', className: 'UploadRead' },
    INotifier: { file: 'modify.ts', className: 'Notifier' },
    ISettingRead: { file: 'environment.ts', className: 'SettingRead' },
    IServerSettingRead: { file: 'environment.ts', className: 'ServerSettingRead' },
    IEnvironmentRead: { file: 'environment.ts', className: 'EnvironmentRead' },
    IUserRead: { file: 'read.ts', className: 'UserRead' },
    IRoomRead: { file: 'read.ts', className: 'RoomRead' },
    IMessageRead: { file: 'read.ts', className: 'MessageRead' },
    IHttp: { file: 'Http.ts', className: 'Http' },
    IRead: { file: 'read.ts', className: 'Reader' },
    IModify: { file: 'AppAccessors.ts' },
    IConfigurationExtend: { file: 'AppAccessors.ts' },
    IConfigurationModify: { file: 'AppAccessors.ts' },
    ISettingsExtend: { file: 'AppAccessors.ts' },
    ISlashCommandsExtend: { file: 'AppAccessors.ts' },
    ISchedulerExtend: { file: 'AppAccessors.ts' },
    IApiExtend: { file: 'AppAccessors.ts' },
    IUIExtend: { file: 'AppAccessors.ts' },
};

/**
 * The builders and the logger are the engine runtime's own classes in both runtimes (1.62's
 * deno-runtime/lib/accessors/builders and lib/logger.ts; base-runtime's builders/ and lib/logger.ts
 * carry the same classes): checked against 1.62's source, which the Node mode runs.
 */
const ENGINE_RUNTIME_CLASSES: Record<string, { file: string; className: string }> = {
    IMessageBuilder: { file: 'lib/accessors/builders/MessageBuilder.ts', className: 'MessageBuilder' },
    ILivechatMessageBuilder: { file: 'lib/accessors/builders/LivechatMessageBuilder.ts', className: 'LivechatMessageBuilder' },
    IRoomBuilder: { file: 'lib/accessors/builders/RoomBuilder.ts', className: 'RoomBuilder' },
    IBlockBuilder: { file: 'lib/accessors/builders/BlockBuilder.ts', className: 'BlockBuilder' },
    ILogger: { file: 'lib/logger.ts', className: 'Logger' },
};

/** `Interface.member` for every method (and, on the navigation interfaces, property) of an engine accessor interface the app's code uses. */
function accessorUsage(): Set<string> {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    assert.ok(config, 'tsconfig.json parses');
    const program = ts.createProgram(config.fileNames, config.options);
    const checker = program.getTypeChecker();
    const used = new Set<string>();
    for (const file of program.getSourceFiles()) {
        if (!file.fileName.startsWith(join(root, 'src'))) continue;
        const visit = (node: ts.Node): void => {
            if (ts.isPropertyAccessExpression(node)) {
                for (const declaration of checker.getSymbolAtLocation(node.name)?.declarations ?? []) {
                    const parent = declaration.parent;
                    if (!ts.isInterfaceDeclaration(parent) || !declaration.getSourceFile().fileName.includes('apps-engine/definition/accessors/')) continue;
                    const isMethod = ts.isMethodSignature(declaration);
                    if (isMethod || BASE_RUNTIME[parent.name.text]) used.add(`${parent.name.text}.${node.name.text}${isMethod ? '' : ' (property)'}`);
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(file);
    }
    return used;
}

/** The method, getter and property names a class in `file` declares, or every key of the file's object literals. */
function declaredNames(file: string, className?: string): Set<string> {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const names = new Set<string>();
    const visit = (node: ts.Node, inClass: boolean): void => {
        if (ts.isClassDeclaration(node)) {
            const match = node.name?.text === className;
            node.members.forEach((member) => {
                if (match && member.name && ts.isIdentifier(member.name)) names.add(member.name.text);
            });
            if (className) return;
        }
        if (
            !className &&
            (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) &&
            node.name &&
            ts.isIdentifier(node.name)
        ) {
            names.add(node.name.text);
        }
        ts.forEachChild(node, (child) => visit(child, inClass));
    };
    visit(source, false);
    return names;
}

test('every accessor method the app calls exists in Rocket.Chat base-runtime and in the Node mode accessors', () => {
    const used = [...accessorUsage()].sort();
    assert.ok(used.length > 30, `found only ${used.length} accessor uses: the analysis is broken`);
    const problems: string[] = [];
    for (const entry of used) {
        const [iface, member] = entry.replace(' (property)', '').split('.') as [string, string];
        const engineClass = ENGINE_RUNTIME_CLASSES[iface];
        if (engineClass) {
            if (!declaredNames(join(engineDir, 'deno-runtime', engineClass.file), engineClass.className).has(member))
                problems.push(`${entry}: not in the engine's ${engineClass.file}`);
            continue;
        }
        const real = BASE_RUNTIME[iface];
        if (!real) {
            problems.push(`${entry}: ${iface} is not in this test's list of base-runtime accessors; read its class in RocketChat/Rocket.Chat and add it`);
            continue;
        }
        if (!real.methods.includes(member)) problems.push(`${entry}: Rocket.Chat's ${real.file} has no ${member}`);
        const ours = OURS[iface];
        if (!ours || !declaredNames(join(accessorsDir, ours.file), ours.className).has(member)) {
            problems.push(`${entry}: the Node mode's ${ours?.className ?? ours?.file ?? iface} has no ${member}`);
        }
    }
    if (process.env.PRINT_ACCESSOR_USES) console.log(used.join('\n'));
    assert.deepEqual(problems, [], `accessor uses:\n${used.join('\n')}`);
});

test('the Node mode accessor files cover every base-runtime method listed for the interfaces they implement', () => {
    for (const [iface, { file, className }] of Object.entries(OURS)) {
        if (!className) continue;
        const names = declaredNames(join(accessorsDir, file), className);
        const missing = BASE_RUNTIME[iface]!.methods.filter((method) => !names.has(method));
        assert.deepEqual(missing, [], `${className} (${iface}) lacks ${missing.join(', ')} of base-runtime's ${BASE_RUNTIME[iface]!.file}`);
    }
    assert.ok(readdirSync(accessorsDir).includes('AppAccessors.ts'));
});

test('the bundle loads in the runtime shell: no top-level await, no writes to stdout, no throw of a non-Error literal', async () => {
    const { zipPath } = await packageApp({ quiet: true });
    const zip = new AdmZip(zipPath);
    const classFile = (JSON.parse(zip.readAsText('app.json')) as { classFile: string }).classFile.replace(/\.ts$/, '.js');
    const code = zip.readAsText(classFile);
    // The shell runs the file as a function body (base-runtime handlers/app/construct.ts): a script, where `await` at the top is a syntax error.
    const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script' });
    // On the msgpack transport stdout is the protocol channel: a write to it corrupts the stream.
    assert.ok(!/process\.stdout\b/.test(code), 'the bundle writes to process.stdout');
    const literalThrows: string[] = [];
    const walk = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const typed = node as { type?: string; argument?: { type: string; start: number; end: number } };
        if (typed.type === 'ThrowStatement' && typed.argument && ['Literal', 'TemplateLiteral'].includes(typed.argument.type)) {
            literalThrows.push(code.slice(typed.argument.start, typed.argument.end).slice(0, 60));
        }
        for (const value of Object.values(node)) {
            if (Array.isArray(value)) value.forEach(walk);
            else if (value && typeof value === 'object') walk(value);
        }
    };
    walk(program);
    assert.deepEqual(literalThrows, [], 'the runtime reports only Errors');
});

test("the Node mode's runtime sends with our codec: undefined fields left out, as over the IPC channel", async () => {
    // Built by npm install (scripts/setup-engine.mjs), inside the apps-engine folder.
    const runtime = readFileSync(join(engineDir, '.email-inboxes-node-runtime', 'main.js'), 'utf8');
    assert.match(runtime, /withoutUndefinedFields\(message, \(value\) => value instanceof/, 'scripts/node-runtime/codec.ts is not in the bundle');
});

test('every engine module the app requires loads nothing from outside the apps-engine folder (the only one the runtime may read)', async () => {
    const { zipPath } = await packageApp({ quiet: true });
    const zip = new AdmZip(zipPath);
    const classFile = (JSON.parse(zip.readAsText('app.json')) as { classFile: string }).classFile.replace(/\.ts$/, '.js');
    const modules = [
        ...new Set([...zip.readAsText(classFile).matchAll(/require\("(@rocket\.chat\/apps-engine\/[^"]+)"\)/g)].map((match) => require.resolve(match[1]!))),
    ];
    assert.ok(modules.length > 3, `found only ${modules.length} engine modules`);
    // Rocket.Chat's node controller lets the runtime read the apps-engine folder, not the node_modules
    // around it (AppsEngineNodeRuntime.ts); here setup also copies into that folder what the engine's
    // own runtime needs (uuid), so each file a module loads is checked to come from the folder itself.
    const probe = `const Module = require('module'); const outside = new Set();
        const original = Module._resolveFilename;
        Module._resolveFilename = function (...args) { const file = original.apply(this, args); if (file.startsWith('/') && (!file.startsWith(${JSON.stringify(engineDir + '/')}) || file.includes('/node_modules/', ${engineDir.length}))) outside.add(args[0]); return file; };
        for (const file of ${JSON.stringify(modules)}) require(file);
        process.stdout.write(JSON.stringify([...outside]));`;
    const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
        JSON.parse(result.stdout),
        [],
        'the app loads modules the runtime may not read (use a deeper engine path, e.g. definition/uikit/IUIKitSurface)',
    );
});
