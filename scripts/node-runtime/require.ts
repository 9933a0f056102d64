// Replaces deno-runtime/lib/require.ts in the Node bundle. The Deno original resolves
// `@rocket.chat/apps-engine/...` through Deno's import map (which points at `src/`, not shipped)
// and `npm:uuid` through Deno's npm cache; here the bundle sits in the apps-engine folder
// (`<apps-engine>/.email-inboxes-node-runtime/main.js`), so both resolve from there.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import * as uuid from 'uuid';

const nodeRequire = createRequire(__filename);
const appsEngineDir = resolve(__dirname, '..');
const APPS_ENGINE = /^@rocket\.chat\/apps-engine(?:\/src)?(?=\/|$)/;

function runtimeRequire(module: string): unknown {
    if (APPS_ENGINE.test(module)) {
        // `.../definition/App.ts` (the runtime's spelling) and `.../definition/App` (an app's) load the
        // same shipped file, so the app and the runtime share one `App` class.
        return nodeRequire(join(appsEngineDir, module.replace(APPS_ENGINE, '').replace(/\.ts$/, '.js')));
    }
    if (module === 'npm:uuid' || module === 'uuid') return uuid; // the version deno.jsonc pins, bundled
    return nodeRequire(module);
}

export { runtimeRequire as require };
