// How an accessor in the app's process reaches Rocket.Chat: one `bridges:<bridge>:<method>` request
// per call, its `result` unwrapped, a failure turned into an Error. Written from Rocket.Chat's
// packages/apps/base-runtime/src/lib/bridges/bridgeCall.ts and RemoteBridges.ts (only `do*` methods,
// the same error text) and lib/accessors/formatResponseErrorHandler.ts (the error normalisation).
// The app's identity travels as the 'APP_ID' sentinel, which the host replaces by the real id
// (BaseRuntimeSubprocessController.handleBridgeMessage; the engine 1.62 controller does the same).

/** The runtime's request function (deno-runtime/lib/messenger.ts `sendRequest`). */
export type SendRequest = (request: { method: string; params?: unknown[] }) => Promise<{ result?: unknown }>;

/** The host bridges reachable from the app's process (base-runtime lib/bridges/bridgeCall.ts `BridgeName`). */
export type BridgeName =
    | 'getMessageBridge'
    | 'getRoomBridge'
    | 'getUserBridge'
    | 'getLivechatBridge'
    | 'getVideoConferenceBridge'
    | 'getHttpBridge'
    | 'getInternalBridge'
    | 'getPersistenceBridge'
    | 'getUploadBridge'
    | 'getCloudWorkspaceBridge'
    | 'getOAuthAppsBridge'
    | 'getContactBridge'
    | 'getThreadBridge'
    | 'getRoleBridge'
    | 'getExperimentalBridge'
    | 'getServerSettingBridge'
    | 'getEnvironmentalVariableBridge'
    | 'getSchedulerBridge'
    | 'getModerationBridge'
    | 'getEmailBridge'
    | 'getUiInteractionBridge'
    | 'getAppResourceBridge'
    | 'getMediaCallBridge';

export const APP_ID = 'APP_ID';

/** An error answer (`{ error: { message } }`) becomes an Error with that message; an Error stays; anything else is wrapped. */
export function formatErrorResponse(error: unknown): Error {
    const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
    if (typeof message === 'string') return new Error(message);
    if (error instanceof Error) return error;
    return new Error('An unknown error occurred', { cause: error });
}

/** Calls `<bridge>.<method>(...params)` on the host. */
export function bridgeCall<T = unknown>(send: SendRequest, bridge: BridgeName, method: string, ...params: unknown[]): Promise<T> {
    if (!method.startsWith('do')) {
        return Promise.reject(new Error(`Invalid bridge method "${method}" on "${bridge}": only "do*" methods can be called`));
    }
    return send({ method: `bridges:${bridge}:${method}`, params }).then(
        (response) => response.result as T,
        (error: unknown) => {
            throw formatErrorResponse(error);
        },
    );
}

/** `bridgeCall` bound to one request function: what each accessor holds. */
export class Bridges {
    constructor(private readonly send: SendRequest) {}

    call<T = unknown>(bridge: BridgeName, method: string, ...params: unknown[]): Promise<T> {
        return bridgeCall<T>(this.send, bridge, method, ...params);
    }
}
