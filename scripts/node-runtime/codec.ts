// Replaces deno-runtime/lib/codec.ts for the Node mode: the same msgpack encoder and decoder (the
// transport Rocket.Chat's Node runtime ships: packages/apps/node-runtime/src/lib/transports/
// stdoutTransport.ts and base-runtime's lib/codec.ts), except that a field whose value is undefined
// is left out rather than sent as null. That is what the app would read over the Node IPC channel
// base-runtime's newer main loop listens on (mainLoop.ts: `process.on('message')`; structured clone,
// where undefined stays undefined and Rocket.Chat's packages/apps/src/lib/IpcSanitizer.ts turns
// functions into undefined). The Deno mode reads null there, so the engine tests, run on both, hold
// the app to behave the same either way. The host does the same for what it sends
// (test/support/engine/NodeRuntimeController.ts).
import { App } from '@rocket.chat/apps-engine/definition/App';
import { decoder, encoder as msgpackEncoder } from 'apps-engine-runtime/lib/codec';

import { withoutUndefinedFields } from './withoutUndefinedFields';

export { decoder };

export const encoder = {
    encode: (message: unknown): Uint8Array => msgpackEncoder.encode(withoutUndefinedFields(message, (value) => value instanceof App)),
};
