/**
 * imapflow requires pino at load time for its default logger. We always pass our own
 * logger (or `false`), and pino's dependencies read environment variables and worker
 * threads that the sandbox refuses, so the bundle gets this silent stand-in instead.
 */
type LogFn = (...args: unknown[]) => void;

interface SilentLogger {
    level: string;
    trace: LogFn;
    debug: LogFn;
    info: LogFn;
    warn: LogFn;
    error: LogFn;
    fatal: LogFn;
    child: () => SilentLogger;
}

function createSilentLogger(): SilentLogger {
    const ignore: LogFn = () => undefined;
    const logger: SilentLogger = {
        level: 'silent',
        trace: ignore,
        debug: ignore,
        info: ignore,
        warn: ignore,
        error: ignore,
        fatal: ignore,
        child: () => logger,
    };
    return logger;
}

const pino = Object.assign(createSilentLogger, { default: createSilentLogger, pino: createSilentLogger });

export = pino;
