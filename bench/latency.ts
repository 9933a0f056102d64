// The latency case of `npm run bench`: how long a customer's mail takes from its IMAP APPEND to
// the moment core stored its text in a room, with the app's default settings (push on, checks
// every 60 s, 50 mails per run) and the host's model of Rocket.Chat's Agenda, for 1, 50 and 200
// inboxes (one Dovecot user each), every inbox reaching Dovecot through the loopback proxy that
// adds 50 ms each way (test/support/mail/latencyProxy.ts). Mails are appended at random moments
// (uniform over the measuring window) to random inboxes of the case. Each mail must reach its
// room exactly once (the bench fails otherwise). It also prints the IMAP connections (each one
// login) per inbox per hour the app opened while measuring, the push runs' lengths, the engine
// calls per inbox per minute, and the app process's memory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENGINE_CALL_MS } from '../src/runtime/budgets';
import { startEngineHost } from '../test/support/engine';
import type { EngineHost, JobRun } from '../test/support/engine';
import { addInboxThroughForm, testInboxValues } from '../test/support/inboxes';
import { createTestCa, startDovecot, startLatencyProxy, startSmtpServer } from '../test/support/mail';
import type { DovecotServer, LatencyProxy, SmtpTestServer } from '../test/support/mail';
import { benchMail } from './benchMail';
import { countEngineCalls, total } from './engineCalls';
import type { EngineCallCounter } from './engineCalls';
import { inboxUser } from './manyInboxes';

export interface LatencyOptions {
    /** Inbox counts, one case each (ascending: each case adds inboxes to the last one's). */
    cases: number[];
    /** Mails appended per case, at random moments of the window. */
    mails: number;
    /** The measuring window (s). */
    windowSeconds: number;
    /** Added by the proxy in each direction. */
    latencyMs: number;
}

export interface LatencyFigures {
    inboxes: number;
    mails: number;
    /** APPEND done → text stored, per mail (ms), ascending. */
    latencies: number[];
    importedOnce: number;
    importedTwice: number;
    /** IMAP connections the app opened while measuring (each a login), per inbox per hour; and the most open at once. */
    connectionsPerInboxHour: number;
    mostOpen: number;
    /** Runs of the poll job while measuring: how many, the longest (ms). */
    runs: { count: number; longestMs: number };
    /** Calls across the app's process boundary while measuring, per inbox per minute. */
    callsPerInboxMinute: number;
    memory: { peakMiB: number; rssMiB: number };
    windowSeconds: number;
    /** Mails that took over 5 s, with what the poll job was doing when each was appended: to see why. */
    slow: Array<{ inbox: number; appendedAtMs: number; tookMs: number; run?: { startedAtMs: number; durationMs: number } }>;
}

const POLL_JOB = 'email-inboxes-poll';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], fraction: number): number {
    return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

/** A small seeded generator: the same moments and inboxes at every run of the bench. */
function seeded(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
    };
}

function mark(inboxes: number, index: number): string {
    return `latencymail-${inboxes}-${index}`;
}

/** Adds the inboxes [from, to) through the form, several admins at once (each save tests both servers, through the proxy). */
async function addInboxes(host: EngineHost, dovecot: DovecotServer, smtp: SmtpTestServer, proxy: LatencyProxy, from: number, to: number): Promise<void> {
    const admins = 20;
    await Promise.all(
        Array.from({ length: admins }, async (_, admin) => {
            for (let index = from + admin; index < to; index += admins) {
                const user = inboxUser(index);
                await addInboxThroughForm(host, `admin${admin}`, {
                    ...testInboxValues({ dovecot, smtp, imapUser: user, smtpUser: user, name: `inbox${String(index).padStart(3, '0')}` }),
                    'imap.port': String(proxy.port),
                });
            }
        }),
    );
}

/** Runs of the poll job going now. */
const pollRuns = (host: EngineHost) => host.jobsRunning().filter((run) => run.id.startsWith(POLL_JOB));

/** Turns push off and waits for the chain's last run to end (it listens until 18 s after its start). */
async function stopPush(host: EngineHost): Promise<void> {
    await host.setAppSetting('push_new_mail', false);
    for (const until = Date.now() + ENGINE_CALL_MS + 5_000; pollRuns(host).length > 0; await sleep(100)) {
        if (Date.now() > until) throw new Error('the push chain did not end');
    }
    await host.settle();
}

/** Until every inbox of the case was listened on by a push run since `since` (its check recorded delivery by push). */
async function untilAllListen(host: EngineHost, inboxes: number, since: number): Promise<void> {
    for (const until = Date.now() + 90_000; Date.now() < until; await sleep(250)) {
        const pushed = host.persistence().filter((record) => {
            const data = record.data as { delivery?: { mode: string; at: string } };
            return data.delivery?.mode === 'push' && Date.parse(data.delivery.at) >= since;
        }).length;
        if (pushed >= inboxes) return;
    }
    throw new Error('not every inbox was listened on within 90 s');
}

async function measureCase(
    host: EngineHost,
    dovecot: DovecotServer,
    proxy: LatencyProxy,
    counter: EngineCallCounter,
    inboxes: number,
    options: LatencyOptions,
): Promise<LatencyFigures> {
    // The chain starts with push turned on; its first run logs in to every inbox (those logins are not counted).
    const pushOnAt = Date.now();
    await host.setAppSetting('push_new_mail', true);
    await untilAllListen(host, inboxes, pushOnAt);
    // One more run: the chain as it goes on, every connection kept from the run before.
    await sleep(20_000);
    const random = seeded(inboxes);
    const moments = Array.from({ length: options.mails }, () => random() * options.windowSeconds * 1000).sort((a, b) => a - b);
    const targets = moments.map(() => Math.floor(random() * inboxes));
    const connectionsBefore = proxy.connections;
    proxy.mostOpen = proxy.open;
    counter.reset();
    const runsBefore = host.jobRuns().length;
    const start = Date.now();
    const appended: number[] = [];
    await Promise.all(
        moments.map(async (moment, index) => {
            await sleep(start + moment - Date.now());
            const inbox = targets[index];
            const user = inboxUser(inbox).user;
            await dovecot.appendMessage(
                user,
                benchMail({
                    from: `Customer ${index} <latency${inboxes}-${index}@example.net>`,
                    to: user,
                    subject: `Latency ${inboxes}/${index}`,
                    messageId: `latency-${inboxes}-${index}@example.net`,
                    paragraphs: [`Hello, this is ${mark(inboxes, index)}.`],
                }),
            );
            appended[index] = Date.now();
        }),
    );
    await sleep(Math.max(0, start + options.windowSeconds * 1000 - Date.now()));
    const windowMs = Date.now() - start;
    const connections = proxy.connections - connectionsBefore;
    const calls = total(counter.fromApp()) + total(counter.intoApp());
    // Every mail in (or a minute past the window, whichever first), then counted.
    const found = () => {
        const seen = new Map<number, { times: number; at: number }>();
        for (const message of host.posted()) {
            const match = new RegExp(`latencymail-${inboxes}-(\\d+)\\.`).exec(message.text ?? '');
            if (!match) continue;
            const index = Number(match[1]);
            const entry = seen.get(index);
            const at = new Date(message.createdAt ?? Date.now()).getTime();
            seen.set(index, { times: (entry?.times ?? 0) + 1, at: Math.min(entry?.at ?? at, at) });
        }
        return seen;
    };
    for (const until = Date.now() + 60_000; found().size < options.mails && Date.now() < until;) await sleep(200);
    const seen = found();
    const runs: JobRun[] = host
        .jobRuns()
        .slice(runsBefore)
        .filter((run) => run.id.startsWith(POLL_JOB));
    const latencies = [...seen.entries()].map(([index, entry]) => entry.at - appended[index]).sort((a, b) => a - b);
    const memory = host.appProcessMemory();
    const figures: LatencyFigures = {
        inboxes,
        mails: options.mails,
        latencies,
        importedOnce: [...seen.values()].filter((entry) => entry.times === 1).length,
        importedTwice: [...seen.values()].filter((entry) => entry.times > 1).length,
        connectionsPerInboxHour: (connections / inboxes) * (3_600_000 / windowMs),
        mostOpen: proxy.mostOpen,
        runs: { count: runs.length, longestMs: Math.max(0, ...runs.map((run) => run.durationMs)) },
        callsPerInboxMinute: (calls / inboxes) * (60_000 / windowMs),
        memory: { peakMiB: memory.peakKiB / 1024, rssMiB: memory.rssKiB / 1024 },
        windowSeconds: windowMs / 1000,
        slow: [...seen.entries()]
            .filter(([index, entry]) => entry.at - appended[index] > 5_000)
            .map(([index, entry]) => {
                const run = runs.find((candidate) => {
                    const startedAt = candidate.startedAt.getTime();
                    return startedAt <= appended[index] && appended[index] <= startedAt + candidate.durationMs;
                });
                return {
                    inbox: targets[index],
                    appendedAtMs: appended[index] - start,
                    tookMs: entry.at - appended[index],
                    ...(run && { run: { startedAtMs: run.startedAt.getTime() - start, durationMs: run.durationMs } }),
                };
            }),
    };
    await stopPush(host);
    return figures;
}

export async function measureLatency(
    options: LatencyOptions,
    onCase: (figures: LatencyFigures) => void = () => undefined,
): Promise<{ runtime: string; cases: LatencyFigures[] }> {
    const most = Math.max(...options.cases);
    const users = Array.from({ length: most }, (_, index) => inboxUser(index));
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-bench-')));
    const dovecot = await startDovecot({ users, ca });
    const smtp = await startSmtpServer({ users, ca });
    let proxy: LatencyProxy | undefined;
    let host: EngineHost | undefined;
    try {
        proxy = await startLatencyProxy({ host: '127.0.0.1', port: dovecot.tlsPort }, options.latencyMs);
        // Push off while inboxes are added (the form's save waits for the jobs it starts, and a chain never ends).
        host = await startEngineHost();
        for (let admin = 0; admin < 20; admin++) host.users.add({ username: `admin${admin}`, roles: ['admin'] });
        // An agent online: Rocket.Chat refuses new chats otherwise.
        host.users.add({ username: 'jane', roles: ['livechat-agent'] });
        const app = await host.installApp();
        const counter = countEngineCalls(app.proxied.getRuntimeController());
        const cases: LatencyFigures[] = [];
        let added = 0;
        for (const inboxes of [...options.cases].sort((a, b) => a - b)) {
            await addInboxes(host, dovecot, smtp, proxy, added, inboxes);
            added = inboxes;
            await host.settle();
            // Each new inbox's first check notes where its folder ends (the recurring check, push still off).
            for (let run = 0; run < 10; run++) {
                const checked = host
                    .persistence()
                    .filter((record) => record.associations.some((association) => association.id === 'email-inboxes:cursor')).length;
                if (checked >= inboxes) break;
                const result = await host.runJob(POLL_JOB);
                if (result.error) throw new Error(result.error);
            }
            await host.settle();
            // The app's memory for this case only.
            await host.restartAppProcess();
            await host.settle();
            const figures = await measureCase(host, dovecot, proxy, counter, inboxes, options);
            cases.push(figures);
            onCase(figures);
        }
        return { runtime: host.runtime, cases };
    } finally {
        await host?.stop();
        await proxy?.close();
        await dovecot.stop();
        await smtp.close();
    }
}

/** The heading of the case's figures. */
export function printLatencyHeading(runtime: string, options: LatencyOptions): void {
    console.log(
        `latency: mail APPEND → text stored in its room, default settings (push on, check every 60 s), the host's Agenda model, ` +
            `each inbox through a proxy adding ${options.latencyMs} ms each way (${runtime}); ${options.mails} mails per case at random moments of ${options.windowSeconds} s`,
    );
}

/** One case's figures, as it ends; throws when a mail did not reach its room exactly once. */
export function printLatencyCase(figures: LatencyFigures): void {
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const { latencies } = figures;
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    const met = figures.inboxes <= 50 ? ` (target p95 ≤ 5 s, p50 ≤ 2 s: ${p95 <= 5_000 && p50 <= 2_000 ? 'met' : 'NOT MET'})` : '';
    console.log(
        `  ${String(figures.inboxes).padStart(3)} inboxes: p50 ${s(p50)}, p95 ${s(p95)}, max ${s(latencies.at(-1) ?? NaN)}${met}; ` +
            `${figures.importedOnce} of ${figures.mails} mails once, ${figures.importedTwice} more than once, ${figures.mails - latencies.length} missing`,
    );
    console.log(
        `      IMAP connections (= logins) ${figures.connectionsPerInboxHour.toFixed(1)} per inbox per hour, at most ${figures.mostOpen} open at once; ` +
            `${figures.runs.count} poll job runs, longest ${figures.runs.longestMs} ms (engine limit ${ENGINE_CALL_MS} ms); ` +
            `${figures.callsPerInboxMinute.toFixed(0)} engine calls per inbox per minute; app process memory peak ${figures.memory.peakMiB.toFixed(0)} MiB, now ${figures.memory.rssMiB.toFixed(0)} MiB`,
    );
    for (const mail of figures.slow) {
        const during = mail.run ? `during the poll run from ${s(mail.run.startedAtMs)} (${s(mail.run.durationMs)})` : 'between poll runs';
        console.log(`      slow: inbox ${mail.inbox}, appended at ${s(mail.appendedAtMs)} into the window ${during}, in its room ${s(mail.tookMs)} later`);
    }
    if (figures.importedOnce !== figures.mails) throw new Error(`${figures.inboxes} inboxes: a mail did not reach its room exactly once`);
}
