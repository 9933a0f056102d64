import assert from 'node:assert/strict';

import type { EngineHost } from './engine';

/** Runs one of the app's jobs now and waits for all it set off (listeners, uploads); a failed run fails the test. */
export async function runJobToEnd(host: EngineHost, jobId: 'email-inboxes-poll' | 'email-inboxes-outbox'): Promise<void> {
    const run = await host.runJob(jobId);
    assert.equal(run.error, undefined, run.error);
    await host.settle();
}

/** `/email-inbox <args>` as `user`: the private answers it gave, one per line. */
export async function commandAnswer(host: EngineHost, args: string, user = 'admin'): Promise<string> {
    const before = host.notifications(user).length;
    await host.runCommand('email-inbox', args, { user });
    return host
        .notifications(user)
        .slice(before)
        .map((notification) => notification.text)
        .join('\n');
}
