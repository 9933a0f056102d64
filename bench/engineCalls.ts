// Calls across the app's process boundary, counted at the engine's runtime controller (the same
// class for Deno and for the Node runtime): every request the app's process makes into the
// server (`accessor:...` and `bridges:...`, one JSON-RPC round trip each: on a real server most
// are a database round trip too), and every request the server makes into the app (job runs,
// event listeners).

interface CountedController {
    handleIncomingMessage(message: { payload: { method: string } }): Promise<void>;
    sendRequest(message: { method: string }, ...rest: unknown[]): Promise<unknown>;
}

export type CallCounts = Map<string, number>;

export interface EngineCallCounter {
    /** Requests from the app into the server, by method. */
    fromApp(): CallCounts;
    /** Requests from the server into the app, by method. */
    intoApp(): CallCounts;
    reset(): void;
}

/** A short name for a call: `accessor:getReader:getPersistenceReader:readByAssociations` → `persistence read readByAssociations`. */
export function shortMethod(method: string): string {
    const parts = method.split(':');
    if (parts[0] === 'bridges') return `bridge ${parts[1]?.replace(/^get|Bridge$/g, '')}.${parts[2]}`;
    if (parts[0] === 'accessor') return parts.slice(1).join('.');
    return method;
}

/** Counts from now on; the controller stays wrapped for the host's life. */
export function countEngineCalls(controller: unknown): EngineCallCounter {
    const target = controller as CountedController;
    let fromApp: CallCounts = new Map();
    let intoApp: CallCounts = new Map();
    const add = (counts: CallCounts, method: string) => counts.set(method, (counts.get(method) ?? 0) + 1);
    const incoming = target.handleIncomingMessage.bind(target);
    target.handleIncomingMessage = (message) => {
        const method = message.payload.method;
        if (method.startsWith('accessor:') || method.startsWith('bridges:')) add(fromApp, method);
        return incoming(message);
    };
    const outgoing = target.sendRequest.bind(target);
    target.sendRequest = (message, ...rest) => {
        add(intoApp, message.method);
        return outgoing(message, ...rest);
    };
    return {
        fromApp: () => new Map(fromApp),
        intoApp: () => new Map(intoApp),
        reset() {
            fromApp = new Map();
            intoApp = new Map();
        },
    };
}

export function total(counts: CallCounts): number {
    return [...counts.values()].reduce((sum, count) => sum + count, 0);
}
