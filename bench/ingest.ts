// `npm run bench`: how fast and how lean mail gets in. Seeds a private Dovecot with generated
// mails (mixed sizes, 10% with attachments) and prints, in one run:
//   1. the limit: raw imapflow FETCH + mailparser parsing in Node, no Rocket.Chat;
//   2. the app in-process: the poll job's code run in Node on the engine's own accessors and
//      in-memory bridges (the app's own cost, without the Deno process boundary), once on its
//      own and once with the IPostMessageSent event that Rocket.Chat fires into the app's Deno
//      process for every message the import posts;
//   3. the app through the real Apps-Engine (Deno): the scheduled poll job importing everything;
// with the ratios of 2 and 3 to 1 and the time of each job run; then
//   4. memory: the app process's peak after the first check and after the first import run of a
//      100-message and of a large (default 100,000-message) folder.
// Then, as its own case, many inboxes (bench/manyInboxes.ts): 200 inboxes with 5 new mails each,
// every one behind a loopback proxy adding 50 ms each way, through the real engine's poll job.
// Usage: npm run bench [-- --messages 300 --large 100000]   (--large 0 skips step 4's large folder)
//        npm run bench -- --case inboxes [--inboxes 200 --mails-each 5 --latency 50 --quiet-runs 2]
//        npm run bench -- --case calls [--mails 20]: engine calls per imported mail, by method (bench/callsPerMail.ts)
//        npm run bench -- --case latency [--latency-inboxes 1,50,200 --latency-mails 60 --latency-window 120 --latency 50]:
//          mail APPEND → room, with push (bench/latency.ts)
//        (--case ingest runs steps 1-4 only; all cases run by default)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

import { runPoll } from '../src/inbound/PollRunner';
import { Services } from '../src/wiring/Services';
import { startEngineHost } from '../test/support/engine';
import type { EngineHost } from '../test/support/engine';
import { addInboxThroughForm, testInboxValues } from '../test/support/inboxes';
import { createTestCa, startDovecot, startSmtpServer } from '../test/support/mail';
import type { DovecotServer, SmtpTestServer } from '../test/support/mail';
import { benchMail } from './benchMail';
import { measureCallsPerMail, printCallsPerMail } from './callsPerMail';
import { measureLatency, printLatencyCase, printLatencyHeading } from './latency';
import { measureManyInboxes, printManyInboxes } from './manyInboxes';

const MAILBOX = { user: 'bench@example.test', password: 'bench-password' };

function generatedMail(index: number): string {
    return benchMail({
        from: `Customer ${index % 40} <customer${index % 40}@example.net>`,
        to: MAILBOX.user,
        subject: `Benchmark ${index}`,
        messageId: `bench-${index}@example.net`,
        paragraphs: Array.from({ length: 1 + (index % 7) * 6 }, (_, p) => `Paragraph ${p} of mail ${index}: the quick brown fox jumps over the lazy dog.`),
        attachment: index % 10 === 0 ? { name: `data-${index}.bin`, bytes: 64 * 1024 + (index % 5) * 32 * 1024, fill: index % 256 } : undefined,
    });
}

/** A small mail, for filling a large folder quickly. */
function smallMail(index: number): string {
    return [
        `From: Sender ${index % 1000} <sender${index % 1000}@example.org>`,
        `To: ${MAILBOX.user}`,
        `Subject: Archive ${index}`,
        `Message-ID: <archive-${index}@example.org>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Archived mail ${index}.`,
        '',
    ].join('\n');
}

async function imapClient(dovecot: DovecotServer): Promise<ImapFlow> {
    const client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.plainPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user: MAILBOX.user, pass: MAILBOX.password },
        logger: false,
    });
    await client.connect();
    return client;
}

/** Opens a folder once so Dovecot numbers and indexes files written straight into the Maildir. */
async function indexFolder(dovecot: DovecotServer, folder: string): Promise<number> {
    const client = await imapClient(dovecot);
    try {
        const status = await client.status(folder, { messages: true });
        return status ? (status.messages ?? 0) : 0;
    } finally {
        await client.logout();
    }
}

async function measureLimit(dovecot: DovecotServer, total: number): Promise<number> {
    await dovecot.seedMaildir(MAILBOX.user, total, generatedMail, { mailbox: 'Limit' });
    await indexFolder(dovecot, 'Limit');
    const client = await imapClient(dovecot);
    const lock = await client.getMailboxLock('Limit');
    const start = performance.now();
    let count = 0;
    try {
        for await (const message of client.fetch('1:*', { source: true, uid: true })) {
            if (message.source) await simpleParser(message.source);
            count++;
        }
    } finally {
        lock.release();
        await client.logout();
    }
    return count / ((performance.now() - start) / 1000);
}

/** Imported room messages of mails numbered [from, from + count). */
function importedBetween(host: EngineHost, from: number, count: number): number {
    return host.posted().filter((message) => {
        const index = Number(/Paragraph 0 of mail (\d+):/.exec(message.text ?? '')?.[1] ?? NaN);
        return index >= from && index < from + count;
    }).length;
}

async function addInbox(host: EngineHost, dovecot: DovecotServer, smtp: SmtpTestServer, name: string, folder: string): Promise<void> {
    await dovecot.createMailbox(MAILBOX.user, folder).catch(() => undefined); // it may exist already (seeded)
    await addInboxThroughForm(host, 'admin', {
        ...testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, name }),
        email: `${name}@example.test`,
        'imap.folder': folder,
    });
}

async function command(host: EngineHost, args: string): Promise<string> {
    await host.runCommand('email-inbox', args, { user: 'admin' });
    return host.notifications('admin').at(-1)?.text ?? '';
}

/**
 * Imports N new mails (numbered from `first`) with the poll job's code in Node; returns mails/s
 * and the run times. `messageEvents` off leaves out Rocket.Chat's IPostMessageSent round trip to
 * the app's Deno process for each posted message, so that only the app's own code is measured.
 */
async function measureInProcess(
    host: EngineHost,
    dovecot: DovecotServer,
    smtp: SmtpTestServer,
    total: number,
    options: { name: string; first: number; messageEvents: boolean },
): Promise<{ rate: number; runs: number[] }> {
    const inbox = options.name.toLowerCase();
    await addInbox(host, dovecot, smtp, inbox, options.name);
    const { read, modify, persistence, http } = host.appAccessors();
    await runPoll(new Services(read, modify, persistence, http)); // the first check notes where the folder ends
    await dovecot.seedMaildir(MAILBOX.user, total, (index) => generatedMail(options.first + index), { mailbox: options.name });
    await indexFolder(dovecot, options.name);
    host.setMessageEvents(options.messageEvents);
    const runs: number[] = [];
    const start = performance.now();
    try {
        while (importedBetween(host, options.first, total) < total) {
            const runStart = performance.now();
            await runPoll(new Services(read, modify, persistence, http));
            runs.push(Math.round(performance.now() - runStart));
            if (runs.length > 200) throw new Error(`the in-process backlog did not drain:\n${await command(host, `status ${inbox}`)}`);
        }
    } finally {
        host.setMessageEvents(true);
    }
    const rate = total / ((performance.now() - start) / 1000);
    await host.settle();
    await command(host, `disable ${inbox}`);
    return { rate, runs };
}

/** Imports N new mails with the scheduled poll job in the real engine. */
async function measureEngine(host: EngineHost, dovecot: DovecotServer, smtp: SmtpTestServer, total: number): Promise<{ rate: number; runs: number[] }> {
    await addInbox(host, dovecot, smtp, 'engine', 'Engine');
    await host.runJob('email-inboxes-poll');
    await dovecot.seedMaildir(MAILBOX.user, total, (index) => generatedMail(2 * total + index), { mailbox: 'Engine' });
    await indexFolder(dovecot, 'Engine');
    const runs: number[] = [];
    const start = performance.now();
    while (importedBetween(host, 2 * total, total) < total) {
        const run = await host.runJob('email-inboxes-poll');
        if (run.error) throw new Error(run.error);
        runs.push(run.durationMs);
        if (runs.length > 200) throw new Error(`the engine backlog did not drain:\n${await command(host, 'status engine')}`);
    }
    const rate = total / ((performance.now() - start) / 1000);
    await command(host, 'disable engine');
    return { rate, runs };
}

interface MemoryFigures {
    folderSize: number;
    seedSeconds: number;
    firstCheckPeakMiB: number;
    firstCheckMs: number;
    importRunPeakMiB: number;
    importRunMs: number;
}

/** The app process's peak memory in the first check, and in the first run of an import, of a folder of `size` mails. */
async function measureMemory(host: EngineHost, dovecot: DovecotServer, smtp: SmtpTestServer, size: number): Promise<MemoryFigures> {
    const folder = `Memory${size}`;
    const name = `memory${size}`;
    const seedStart = performance.now();
    await dovecot.seedMaildir(MAILBOX.user, size, smallMail, { mailbox: folder, date: new Date(Date.now() - 86_400_000) });
    await indexFolder(dovecot, folder);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await addInbox(host, dovecot, smtp, name, folder);
    const peakOfRun = async (): Promise<{ peakMiB: number; ms: number }> => {
        await host.restartAppProcess();
        const run = await host.runJob('email-inboxes-poll');
        if (run.error) throw new Error(run.error);
        return { peakMiB: host.appProcessMemory().peakKiB / 1024, ms: run.durationMs };
    };
    const firstCheck = await peakOfRun();
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await command(host, `import ${name} since ${since}`);
    const importRun = await peakOfRun();
    await command(host, `disable ${name}`);
    return {
        folderSize: size,
        seedSeconds,
        firstCheckPeakMiB: firstCheck.peakMiB,
        firstCheckMs: firstCheck.ms,
        importRunPeakMiB: importRun.peakMiB,
        importRunMs: importRun.ms,
    };
}

const CASES = ['ingest', 'inboxes', 'calls', 'latency'] as const;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            case: { type: 'string', multiple: true },
            messages: { type: 'string', default: '300' },
            large: { type: 'string', default: '100000' },
            inboxes: { type: 'string', default: '200' },
            'mails-each': { type: 'string', default: '5' },
            latency: { type: 'string', default: '50' },
            'quiet-runs': { type: 'string', default: '2' },
            mails: { type: 'string', default: '20' },
            'latency-inboxes': { type: 'string', default: '1,50,200' },
            'latency-mails': { type: 'string', default: '60' },
            'latency-window': { type: 'string', default: '120' },
        },
    });
    const cases = values.case ?? [...CASES];
    const unknown = cases.filter((name) => !(CASES as readonly string[]).includes(name));
    if (unknown.length > 0) throw new Error(`unknown bench case ${unknown.join(', ')}; the cases are ${CASES.join(', ')}`);
    if (cases.includes('ingest')) await ingest(Number(values.messages), Number(values.large));
    if (cases.includes('inboxes')) {
        if (cases.includes('ingest')) console.log('');
        printManyInboxes(
            await measureManyInboxes({
                inboxes: Number(values.inboxes),
                mailsEach: Number(values['mails-each']),
                latencyMs: Number(values.latency),
                quietRuns: Number(values['quiet-runs']),
            }),
        );
    }
    if (cases.includes('calls')) {
        if (cases.length > 1) console.log('');
        printCallsPerMail(await measureCallsPerMail({ mails: Number(values.mails) }));
    }
    if (cases.includes('latency')) {
        if (cases.length > 1) console.log('');
        const options = {
            cases: String(values['latency-inboxes'])
                .split(',')
                .map(Number)
                .filter((count) => count > 0),
            mails: Number(values['latency-mails']),
            windowSeconds: Number(values['latency-window']),
            latencyMs: Number(values.latency),
        };
        printLatencyHeading(process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3', options);
        await measureLatency(options, printLatencyCase);
    }
}

/** Steps 1-4: throughput of one inbox against the limit, and memory against the folder's size. */
async function ingest(total: number, large: number): Promise<void> {
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-bench-')));
    const dovecot = await startDovecot({ users: [MAILBOX], ca });
    const smtp = await startSmtpServer({ users: [MAILBOX], ca });
    let host: EngineHost | undefined;
    try {
        const limitRate = await measureLimit(dovecot, total);
        host = await startEngineHost();
        host.users.add({ username: 'admin', roles: ['admin'] });
        // An agent online: Rocket.Chat refuses new chats otherwise.
        host.users.add({ username: 'jane', roles: ['livechat-agent'] });
        await host.installApp();
        await host.setAppSetting('max_messages_per_run', 1000);
        const inProcess = await measureInProcess(host, dovecot, smtp, total, { name: 'InProcess', first: total, messageEvents: false });
        const withEvents = await measureInProcess(host, dovecot, smtp, total, { name: 'InProcessEvents', first: 3 * total, messageEvents: true });
        const engine = await measureEngine(host, dovecot, smtp, total);
        await host.setAppSetting('max_messages_per_run', 50);
        const memory = [await measureMemory(host, dovecot, smtp, 100), ...(large > 0 ? [await measureMemory(host, dovecot, smtp, large)] : [])];

        const ratio = (rate: number) => `${(rate / limitRate).toFixed(2)} x the limit`;
        const runList = (runs: number[]) => `${runs.length} run(s), longest ${Math.max(...runs)} ms (budget 20000 ms): ${runs.join(' ')}`;
        console.log(`mails: ${total} (10% with 64-192 KiB attachments); messages per run: 1000`);
        console.log(`limit       imapflow FETCH + mailparser (Node):          ${limitRate.toFixed(1)} mails/s`);
        console.log(`in-process  poll job code on in-memory accessors (Node): ${inProcess.rate.toFixed(1)} mails/s = ${ratio(inProcess.rate)}`);
        console.log(`            ${runList(inProcess.runs)}`);
        console.log(`            + IPostMessageSent into the app's Deno process:  ${withEvents.rate.toFixed(1)} mails/s = ${ratio(withEvents.rate)}`);
        console.log(`engine      poll job in the Apps-Engine (${host.runtime}):    ${engine.rate.toFixed(1)} mails/s = ${ratio(engine.rate)}`);
        console.log(`            ${runList(engine.runs)}`);
        console.log('memory of the app process (peak RSS, Deno), messages per run: 50');
        for (const figures of memory) {
            console.log(
                `  folder of ${String(figures.folderSize).padStart(6)} mails (seeded in ${figures.seedSeconds.toFixed(1)} s): ` +
                    `first check ${figures.firstCheckPeakMiB.toFixed(0)} MiB (${figures.firstCheckMs} ms), ` +
                    `first import run ${figures.importRunPeakMiB.toFixed(0)} MiB (${figures.importRunMs} ms)`,
            );
        }
        if (memory.length === 2) {
            const [small, big] = memory;
            console.log(
                `  large / small: first check ${(big.firstCheckPeakMiB / small.firstCheckPeakMiB).toFixed(2)}, first import run ${(big.importRunPeakMiB / small.importRunPeakMiB).toFixed(2)}`,
            );
        }
    } finally {
        await host?.stop();
        await dovecot.stop();
        await smtp.close();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
