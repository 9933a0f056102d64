// Replaces deno-runtime/handlers/app/construct.ts with the app sandbox of Rocket.Chat 8.9's Node
// runtime: the class file runs in a `new Function` shell binding exports, module, require,
// console and globalThis (= undefined); no Buffer or Deno extras; `require` admits a module when
// its name (without `node:`) starts with one of ALLOWED. Everything else is Node's real `process`.
import type { IParseAppPackageResult } from '@rocket.chat/apps-engine/server/compiler/IParseAppPackageResult';
import { AppObjectRegistry } from 'apps-engine-runtime/AppObjectRegistry';
import { AppAccessorsInstance } from 'apps-engine-runtime/lib/accessors/mod';
import type { RequestContext } from 'apps-engine-runtime/lib/requestContext';
import { sanitizeDeprecatedUsage } from 'apps-engine-runtime/lib/sanitizeDeprecatedUsage';

import SANDBOX_MODULES from '../sandbox-modules.json';
import { require as runtimeRequire } from './require';

// The modules both of Rocket.Chat's runtimes allow (the packager checks bundles against the same list).
const ALLOWED = [...SANDBOX_MODULES, '@rocket.chat/apps-engine'];

export function sandboxRequire(module: string): unknown {
    const normalized = module.replace('node:', '');
    if (!ALLOWED.some((allowed) => normalized.startsWith(allowed))) throw new Error(`Module ${module} is not allowed`);
    return runtimeRequire(normalized);
}

type AppConstructor = new (info: unknown, logger: unknown, accessors: unknown) => Record<string, unknown>;

function evaluateClassFile(source: string): Record<string, unknown> {
    const exports: Record<string, unknown> = {};
    const module = { exports };
    const appConsole = {
        log: console.log.bind(console),
        error: console.error.bind(console),
        debug: console.debug.bind(console),
        info: console.info.bind(console),
        warn: console.warn.bind(console),
    };
    const shell = new Function('exports', 'module', 'require', 'console', 'globalThis', source) as (...args: unknown[]) => void;
    shell(exports, module, sandboxRequire, appConsole, undefined);
    return module.exports;
}

const REQUIRED_METHODS = ['getName', 'getNameSlug', 'getVersion', 'getID', 'getDescription', 'getRequiredApiVersion'];

export default async function handleConstructApp(request: RequestContext): Promise<boolean> {
    const { params } = request;
    if (!Array.isArray(params)) throw new Error('Invalid params', { cause: 'invalid_param_type' });
    const [appPackage] = params as [IParseAppPackageResult];
    if (!appPackage?.info?.id || !appPackage?.info?.classFile || !appPackage?.files) throw new Error('Invalid params', { cause: 'invalid_param_type' });

    AppObjectRegistry.set('id', appPackage.info.id);
    const exports = evaluateClassFile(sanitizeDeprecatedUsage(appPackage.files[appPackage.info.classFile]));
    // As the engine's compiler always did: the first export is the App class.
    const AppClass = Object.values(exports)[0] as AppConstructor;
    const app = new AppClass(appPackage.info, request.context.logger, AppAccessorsInstance.getDefaultAppAccessors());
    for (const method of REQUIRED_METHODS) {
        if (typeof app[method] !== 'function') throw new Error(`App must contain a ${method} function`);
    }
    AppObjectRegistry.set('app', app);
    return true;
}
