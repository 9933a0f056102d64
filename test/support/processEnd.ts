/**
 * Clean-up that must happen however the process ends: normally, by an uncaught error, or by
 * Ctrl-C or a kill (SIGINT, SIGTERM, SIGHUP), on which Node would otherwise exit without its
 * 'exit' event: the test CA's private key and detached Dovecot processes stayed behind after an
 * interrupted `npm start` or a bench stopped by `timeout`. After a signal the process ends as
 * it would have (the signal is raised again) unless someone else listens for it.
 */
const cleanups = new Set<() => void>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let listening = false;

function runCleanups(): void {
    for (const cleanup of [...cleanups]) {
        cleanups.delete(cleanup);
        try {
            cleanup();
        } catch {
            // One failed clean-up must not keep the others from running.
        }
    }
}

function onSignal(signal: NodeJS.Signals): void {
    runCleanups();
    for (const name of SIGNALS) process.removeListener(name, onSignal);
    listening = false;
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Runs `cleanup` (synchronous) when the process ends, unless the returned function was called first. */
export function whenProcessEnds(cleanup: () => void): () => void {
    cleanups.add(cleanup);
    if (!listening) {
        listening = true;
        process.once('exit', runCleanups);
        for (const name of SIGNALS) process.on(name, onSignal);
    }
    return () => cleanups.delete(cleanup);
}
