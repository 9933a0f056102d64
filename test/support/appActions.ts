import assert from 'node:assert/strict';

import type { EngineHost } from './engine';

/** Runs one of the app's jobs now and waits for all it set off (listeners, uploads); a failed run fails the test. */
export async function runJobToEnd(host: EngineHost, jobId: 'email-inboxes-poll' | 'email-inboxes-outbox'): Promise<void> {
    const run = await host.runJob(jobId);
    assert.equal(run.error, undefined, typeof run.error === 'string' ? run.error : JSON.stringify(run.error));
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

/**
 * Plays the passing of time after the app's process was killed mid-run: the claims its runs held
 * (ClaimStore; 45 s for a mail check) and the push chain's lease (PushLeaseStore, 45 s from its
 * last run's start) are made to have expired, as they would have by then.
 */
export function letClaimsExpire(host: EngineHost): void {
    const kinds = ['email-inboxes:claim', 'email-inboxes:push-chain'];
    for (const record of host.persistence()) {
        const data = record.data as { token?: string; until?: number };
        if (record.associations.some((association) => kinds.includes(association.id)) && typeof data.until === 'number') data.until = Date.now() - 1;
    }
}

/**
 * Plays the passing of time after failed mail checks: each inbox's next attempt, put off by the
 * retry policy (2, 4, 8 ... minutes after repeated failures), is made due now, as it would be by then.
 */
export function letRetriesBeDue(host: EngineHost): void {
    for (const record of host.persistence()) {
        const data = record.data as { nextAttemptAt?: string };
        if (record.associations.some((association) => association.id === 'email-inboxes:inbox-status') && data.nextAttemptAt) {
            data.nextAttemptAt = new Date(0).toISOString();
        }
    }
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * Starts a mail check and kills the app's process right after core stored the first message
 * matching `predicate`, before the app gets core's answer; resolves once the process is restarted.
 * The interrupted run ends only at the engine's timeout; the host stops waiting for it at the kill.
 */
export async function restartAppWhenStored(host: EngineHost, predicate: (message: { text?: string }) => boolean): Promise<void> {
    let restarted: Promise<void> | undefined;
    host.onceStored(predicate, async () => {
        const { pid } = host.appProcessMemory();
        restarted = host.restartAppProcess();
        while (processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 5));
    });
    void host.runJob('email-inboxes-poll');
    while (!restarted) await new Promise((resolve) => setTimeout(resolve, 5));
    await restarted;
}
