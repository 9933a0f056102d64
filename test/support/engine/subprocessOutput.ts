/** What the app's process printed (the engine reports it as "Subprocess stderr ..."). */
export const subprocessOutput: string[] = [];

let captureInstalled = false;

/** The engine prints app console output as "Subprocess stderr ..."; keep it unless debugging. */
export function captureSubprocessOutput(): void {
    if (captureInstalled) return;
    captureInstalled = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
        if (args[0] === 'Subprocess stderr') {
            subprocessOutput.push(args.slice(1).map(String).join(' '));
            if (process.env.EMAIL_INBOXES_DEBUG === '1') original(...args);
            return;
        }
        original(...args);
    };
}
