import { ProcessMessenger } from '@rocket.chat/apps-engine/server/runtime/deno/ProcessMessenger';

/** What the app's process printed (the engine reports it as "Subprocess stderr ..."), and the engine's own call timeouts. */
export const subprocessOutput: string[] = [];

let captureInstalled = false;

/**
 * A call into the app that timed out, as the engine prints it (AppSchedulerManager logs the
 * error of a job run): what tests that kill the app's process expect, so it is kept with the
 * app's output instead of filling the test report with stack traces. Runs still report it.
 */
function isCallTimeout(value: unknown): boolean {
    return value instanceof Error && /Request "[^"]+" for method "[^"]+" timed out after \d+ms/.test(value.message);
}

/** The engine prints app console output as "Subprocess stderr ..."; keep it, and expected call timeouts, unless debugging. */
export function captureSubprocessOutput(): void {
    if (captureInstalled) return;
    captureInstalled = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
        const fromApp = args[0] === 'Subprocess stderr';
        if (fromApp || isCallTimeout(args[0])) {
            subprocessOutput.push((fromApp ? args.slice(1) : args).map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
            if (process.env.EMAIL_INBOXES_DEBUG === '1') original(...args);
            return;
        }
        original(...args);
    };
    keepWriteErrorsToDeadProcesses();
}

/**
 * The engine's messenger writes to the app's process while its stdin is writable, with no error
 * listener (ProcessMessenger strategySend): an answer sent just after the process was killed fails
 * with EPIPE as an uncaught error. Rocket.Chat's server counts and logs uncaught errors and goes on
 * (apps/meteor/app/error-handler/server/lib/RocketChat.ErrorHandler.ts); the test runner would fail
 * the file instead, so such a write failure is kept with the app's output.
 */
function keepWriteErrorsToDeadProcesses(): void {
    const prototype = ProcessMessenger.prototype as unknown as { setReceiver(process: { stdin?: NodeJS.WritableStream }): void };
    const setReceiver = prototype.setReceiver;
    prototype.setReceiver = function (this: unknown, child) {
        child.stdin?.on('error', (error: Error) => subprocessOutput.push(`write to the app's process failed: ${error.message}`));
        setReceiver.call(this, child);
    };
}
