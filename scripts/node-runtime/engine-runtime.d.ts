// Types for the modules of @rocket.chat/apps-engine's deno-runtime/ that our Node replacements
// import. The build (scripts/setup-engine.mjs) resolves `apps-engine-runtime/<path>` to
// deno-runtime/<path>.ts; declaring the little we use keeps that Deno code out of tsc.
declare module 'apps-engine-runtime/AppObjectRegistry' {
    export const AppObjectRegistry: {
        get<T>(key: string): T | null | undefined;
        set(key: string, value: unknown): void;
    };
}

declare module 'apps-engine-runtime/lib/sanitizeDeprecatedUsage' {
    export function sanitizeDeprecatedUsage(source: string): string;
}

declare module 'apps-engine-runtime/lib/accessors/mod' {
    export const AppAccessorsInstance: { getDefaultAppAccessors(): unknown };
}

declare module 'apps-engine-runtime/lib/requestContext' {
    export type RequestContext = {
        method: string;
        params?: unknown;
        context: { logger: unknown; [key: string]: unknown };
    };
}

declare module 'apps-engine-runtime/lib/messenger' {
    export function sendNotification(notification: { method: string; params?: unknown[] }): void;
}
