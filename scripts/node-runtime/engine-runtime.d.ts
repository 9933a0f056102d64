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
    export function sendRequest(request: { method: string; params?: unknown[] }): Promise<{ result?: unknown }>;
}

declare module 'apps-engine-runtime/lib/accessors/builders/BlockBuilder' {
    export class BlockBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/builders/MessageBuilder' {
    export class MessageBuilder {
        constructor(message?: unknown);
    }
}

declare module 'apps-engine-runtime/lib/accessors/builders/LivechatMessageBuilder' {
    export class LivechatMessageBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/builders/RoomBuilder' {
    export class RoomBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/builders/DiscussionBuilder' {
    export class DiscussionBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/builders/VideoConferenceBuilder' {
    export class VideoConferenceBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/builders/UserBuilder' {
    export class UserBuilder {}
}

declare module 'apps-engine-runtime/lib/accessors/extenders/HttpExtender' {
    export class HttpExtend {}
}

declare module 'apps-engine-runtime/lib/accessors/modify/ModifyUpdater' {
    export class ModifyUpdater {
        constructor(senderFn: unknown);
    }
}

declare module 'apps-engine-runtime/lib/accessors/modify/ModifyExtender' {
    export class ModifyExtender {
        constructor(senderFn: unknown);
    }
}

declare module 'apps-engine-runtime/lib/codec' {
    export const encoder: { encode(message: unknown): Uint8Array };
    export const decoder: { decodeStream(stream: unknown): AsyncIterable<unknown> };
}
