// Replaces deno-runtime/error-handlers.ts (which listens for the web `error` and
// `unhandledrejection` events Deno dispatches on globalThis) as Rocket.Chat 8.9's Node runtime
// does: Node reports both through `uncaughtException`, with `origin` 'uncaughtException' or
// 'unhandledRejection', the two notification methods the engine's controller logs.
import { sendNotification } from 'apps-engine-runtime/lib/messenger';

export default function registerErrorListeners(): void {
    process.on('uncaughtException', (error: Error, origin: string) => {
        sendNotification({ method: origin, params: [error?.stack || error] });
    });
}
