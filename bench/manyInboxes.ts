// The many-inboxes case of `npm run bench`: N inboxes (default 200, each its own Dovecot user)
// with M new mails each (default 5), every inbox reaching Dovecot through a loopback proxy that
// adds a delay each way (default 50 ms, a 100 ms round trip, as a mail provider across the
// internet), run by the real engine's poll job. It answers: how many runs until every inbox was
// served, how long the longest run takes against the budget, whether every inbox is checked at
// least once every two runs (two poll intervals), and what the app's process holds meanwhile.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { InboxStatus } from '../src/configuration/domain/InboxStatus';
import { BUDGET, ENGINE_CALL_MS } from '../src/runtime/budgets';
import { benchMail } from './benchMail';
import { startEngineHost } from '../test/support/engine';
import type { EngineHost } from '../test/support/engine';
import { addInboxThroughForm, testInboxValues } from '../test/support/inboxes';
import { createTestCa, startDovecot, startLatencyProxy, startSmtpServer } from '../test/support/mail';
import type { LatencyProxy, MailUser } from '../test/support/mail';

export interface ManyInboxesOptions {
    inboxes: number;
    mailsEach: number;
    /** Added by the proxy in each direction. */
    latencyMs: number;
    /** Runs with nothing new at the end. */
    quietRuns: number;
}

/** One poll run as the bench saw it. */
interface RunFigures {
    ms: number;
    /** Inboxes whose check started in this run (their lastPollAt moved). */
    checked: number;
    /** Mails of this case that reached their room in this run. */
    imported: number;
    /** Inboxes with all their mails in their rooms after this run. */
    served: number;
    /** The app process's resident memory after the run (MiB). */
    rssMiB: number;
}

export interface ManyInboxesFigures extends ManyInboxesOptions {
    runtime: string;
    setupSeconds: number;
    /** The first runs, in which each new inbox notes where its folder ends. */
    firstChecks: RunFigures[];
    /** The runs until every inbox's new mail was in its room. */
    newMail: RunFigures[];
    /** Runs with nothing new, after that. */
    quiet: RunFigures[];
    /** Mails imported once, and more than once (must be 0). */
    importedOnce: number;
    importedTwice: number;
    /** Over all runs: how often each inbox was checked, and its longest stretch of runs without a check. */
    checksPerInbox: { min: number; max: number };
    longestUnchecked: number;
    inboxesUncheckedTwoRunsInARow: number;
    inboxesWithErrors: number;
    errorSample?: string;
    visitors: number;
    customers: number;
    /** Livechat rooms opened: one per mail here (each mail of an inbox is from another customer). */
    rooms: number;
    memory: { peakMiB: number; rssMiB: number };
    proxy: { connections: number; mostOpen: number };
}

/** Customers write to several inboxes (as a customer copying sales@ and support@ does). */
const CUSTOMERS = 150;

export function inboxUser(index: number): MailUser {
    return { user: `inbox${String(index).padStart(3, '0')}@example.test`, password: `inbox-password-${index}` };
}

/** The mail's own mark in its room: which inbox, which mail. */
function markOf(inbox: number, mail: number): string {
    return `benchmail-${inbox}-${mail}`;
}

function inboxMail(inbox: number, mail: number, mailsEach: number): string {
    const serial = inbox * mailsEach + mail;
    const customer = serial % CUSTOMERS;
    return benchMail({
        from: `Customer ${customer} <customer${customer}@example.net>`,
        to: inboxUser(inbox).user,
        subject: `Question ${serial}`,
        messageId: `many-${inbox}-${mail}@example.net`,
        paragraphs: [
            `Hello, this is ${markOf(inbox, mail)}.`,
            ...Array.from({ length: 1 + (serial % 5) * 3 }, (_, p) => `Paragraph ${p}: the quick brown fox jumps over the lazy dog.`),
        ],
        // One mail in ten carries a 64 KiB file, as the ingest case does.
        attachment: serial % 10 === 0 ? { name: `file-${serial}.bin`, bytes: 64 * 1024, fill: serial % 256 } : undefined,
    });
}

/** Records of one kind in the app's persistence, as the app wrote them. */
function records<T>(host: EngineHost, kind: string): T[] {
    const id = `email-inboxes:${kind}`;
    return host
        .persistence()
        .filter((record) => record.associations.some((association) => association.id === id))
        .map((record) => record.data as T);
}

/** Each inbox's last check (inbox id → lastPollAt). */
function lastChecks(host: EngineHost): Map<string, string | undefined> {
    return new Map(records<InboxStatus>(host, 'inbox-status').map((status) => [status.inboxId, status.lastPollAt]));
}

/** How often each mail of the case is in a room (mark → count). */
function importedMarks(host: EngineHost): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of host.posted()) {
        const mark = /benchmail-\d+-\d+/.exec(message.text ?? '')?.[0];
        if (mark) counts.set(mark, (counts.get(mark) ?? 0) + 1);
    }
    return counts;
}

/** Adds the inboxes through the form, several admins at once (each save tests both servers, through the proxy). */
async function addInboxes(host: EngineHost, values: (index: number) => Record<string, string>, count: number): Promise<void> {
    const admins = Math.min(20, count);
    for (let admin = 0; admin < admins; admin++) host.users.add({ username: `admin${admin}`, roles: ['admin'] });
    await Promise.all(
        Array.from({ length: admins }, async (_, admin) => {
            for (let index = admin; index < count; index += admins) {
                const answer = await addInboxThroughForm(host, `admin${admin}`, values(index));
                if (!/IMAP[^\n]*(ok|✅)/i.test(answer) && /fail|error|❌/i.test(answer))
                    throw new Error(`inbox ${index} was added with a failing test:\n${answer}`);
            }
        }),
    );
}

export async function measureManyInboxes(options: ManyInboxesOptions): Promise<ManyInboxesFigures> {
    const { inboxes: count, mailsEach, latencyMs } = options;
    const users = Array.from({ length: count }, (_, index) => inboxUser(index));
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-bench-')));
    const dovecot = await startDovecot({ users, ca });
    const smtp = await startSmtpServer({ users, ca });
    let proxy: LatencyProxy | undefined;
    let host: EngineHost | undefined;
    try {
        proxy = await startLatencyProxy({ host: '127.0.0.1', port: dovecot.tlsPort }, latencyMs);
        const imapPort = String(proxy.port);
        host = await startEngineHost();
        const engine = host;
        // An agent online: Rocket.Chat refuses new chats otherwise.
        host.users.add({ username: 'jane', roles: ['livechat-agent'] });
        await host.installApp();
        // Runs are started by the bench, one after another, not by the scheduler's clock.
        await host.setAppSetting('poll_interval_seconds', 3600);
        // The per-run cap is not what is measured here: every new mail may go in in one run.
        await host.setAppSetting('max_messages_per_run', count * mailsEach);
        await host.settle();

        const setupStart = performance.now();
        await addInboxes(
            host,
            (index) => ({
                ...testInboxValues({ dovecot, smtp, imapUser: users[index], smtpUser: users[index], name: `inbox${String(index).padStart(3, '0')}` }),
                'imap.port': imapPort,
            }),
            count,
        );
        const setupSeconds = (performance.now() - setupStart) / 1000;
        await host.settle();
        // The connections of the poll runs only, not those of the forms' connection tests.
        proxy.connections = 0;
        proxy.mostOpen = proxy.open;
        const inboxIds = records<{ id: string }>(host, 'inbox').map((inbox) => inbox.id);
        // The app's memory from here on: the poll runs only, not the 200 form submissions.
        await host.restartAppProcess();

        // Per inbox, one entry per run: checked or not.
        const checkedIn = new Map<string, boolean[]>(inboxIds.map((id) => [id, []]));
        let before = lastChecks(host);
        const run = async (): Promise<RunFigures> => {
            const importedBefore = importedMarks(engine).size;
            const jobRun = await engine.runJob('email-inboxes-poll');
            if (jobRun.error) throw new Error(jobRun.error);
            await engine.settle();
            const after = lastChecks(engine);
            let checked = 0;
            for (const id of inboxIds) {
                const moved = after.get(id) !== undefined && after.get(id) !== before.get(id);
                checkedIn.get(id)?.push(moved);
                if (moved) checked++;
            }
            before = after;
            const marks = importedMarks(engine);
            const served = users.filter((_, inbox) => Array.from({ length: mailsEach }, (__, mail) => marks.has(markOf(inbox, mail))).every(Boolean)).length;
            const rssMiB = engine.appProcessMemory().rssKiB / 1024;
            return { ms: jobRun.durationMs, checked, imported: marks.size - importedBefore, served, rssMiB };
        };

        const maxRuns = 40;
        const firstChecks: RunFigures[] = [];
        while (records<{ inboxId: string }>(host, 'cursor').length < count) {
            firstChecks.push(await run());
            if (firstChecks.length >= maxRuns)
                throw new Error(`after ${maxRuns} runs, only ${records(host, 'cursor').length} of ${count} inboxes were checked`);
        }

        for (let inbox = 0; inbox < count; inbox++) {
            await dovecot.seedMaildir(users[inbox].user, mailsEach, (mail) => inboxMail(inbox, mail, mailsEach));
        }
        const newMail: RunFigures[] = [];
        while (importedMarks(host).size < count * mailsEach) {
            newMail.push(await run());
            if (newMail.length >= maxRuns) throw new Error(`after ${maxRuns} runs, ${importedMarks(host).size} of ${count * mailsEach} mails were imported`);
        }
        const quiet: RunFigures[] = [];
        while (quiet.length < options.quietRuns) quiet.push(await run());

        const marks = importedMarks(host);
        const statuses = records<InboxStatus>(host, 'inbox-status');
        const withErrors = statuses.filter((status) => status.lastError);
        const streaks = [...checkedIn.values()].map((checks) => {
            let longest = 0;
            let current = 0;
            for (const checked of checks) {
                current = checked ? 0 : current + 1;
                longest = Math.max(longest, current);
            }
            return { checks: checks.filter(Boolean).length, longest };
        });
        const memory = host.appProcessMemory();
        return {
            ...options,
            runtime: host.runtime,
            setupSeconds,
            firstChecks,
            newMail,
            quiet,
            importedOnce: [...marks.values()].filter((times) => times === 1).length,
            importedTwice: [...marks.values()].filter((times) => times > 1).length,
            checksPerInbox: { min: Math.min(...streaks.map((inbox) => inbox.checks)), max: Math.max(...streaks.map((inbox) => inbox.checks)) },
            longestUnchecked: Math.max(...streaks.map((inbox) => inbox.longest)),
            inboxesUncheckedTwoRunsInARow: streaks.filter((inbox) => inbox.longest >= 2).length,
            inboxesWithErrors: withErrors.length,
            errorSample: withErrors[0]?.lastError ? `${withErrors[0].lastError.code}: ${withErrors[0].lastError.detail}` : undefined,
            visitors: host.visitors().length,
            customers: Math.min(CUSTOMERS, count * mailsEach),
            rooms: host.rooms().length,
            memory: { peakMiB: memory.peakKiB / 1024, rssMiB: memory.rssKiB / 1024 },
            proxy: { connections: proxy.connections, mostOpen: proxy.mostOpen },
        };
    } finally {
        await host?.stop();
        await proxy?.close();
        await dovecot.stop();
        await smtp.close();
    }
}

export function printManyInboxes(figures: ManyInboxesFigures): void {
    const runs = [...figures.firstChecks, ...figures.newMail, ...figures.quiet];
    const longest = Math.max(...runs.map((run) => run.ms));
    const list = (label: string, phase: RunFigures[]) =>
        `  ${label}: ${phase.length} run(s), ${phase.map((run) => `${run.ms} ms`).join(' ')}\n` +
        `    inboxes checked per run: ${phase.map((run) => run.checked).join(' ')}; mails imported per run: ${phase.map((run) => run.imported).join(' ')}; ` +
        `inboxes served after each run: ${phase.map((run) => run.served).join(' ')}\n` +
        `    app process memory after each run: ${phase.map((run) => `${run.rssMiB.toFixed(0)} MiB`).join(' ')}`;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    console.log(
        `many inboxes: ${figures.inboxes} inboxes x ${figures.mailsEach} new mails, each inbox through a loopback proxy adding ${figures.latencyMs} ms each way ` +
            `(${figures.runtime}); messages per run: ${figures.inboxes * figures.mailsEach}`,
    );
    console.log(`  setup: ${figures.inboxes} inboxes added through the form in ${figures.setupSeconds.toFixed(1)} s`);
    console.log(list('first check of each new inbox (notes where its folder ends)', figures.firstChecks));
    console.log(list('new mail', figures.newMail));
    console.log(list('nothing new', figures.quiet));
    console.log(
        `  served: all ${figures.inboxes * figures.mailsEach} mails in their rooms after ${figures.newMail.length} run(s); ` +
            `imported once ${figures.importedOnce}, more than once ${figures.importedTwice}; ${figures.visitors} visitors for ${figures.customers} customers, ` +
            `${figures.rooms} rooms for ${figures.inboxes * figures.mailsEach} conversations`,
    );
    console.log(
        `  longest run ${longest} ms: budget ${BUDGET.work} ms (${verdict(longest <= BUDGET.work)}), engine limit ${ENGINE_CALL_MS} ms (${verdict(longest < ENGINE_CALL_MS)})`,
    );
    console.log(
        `  checks over ${runs.length} runs: each inbox ${figures.checksPerInbox.min}-${figures.checksPerInbox.max} times; longest stretch without a check ` +
            `${figures.longestUnchecked} run(s), ${figures.inboxesUncheckedTwoRunsInARow} inboxes unchecked two runs in a row ` +
            `(target: checked at least once every two runs: ${verdict(figures.longestUnchecked <= 1)})`,
    );
    console.log(`  inboxes whose last check failed: ${figures.inboxesWithErrors}${figures.errorSample ? ` (e.g. ${figures.errorSample})` : ''}`);
    console.log(
        `  app process memory (poll runs only): peak ${figures.memory.peakMiB.toFixed(0)} MiB, now ${figures.memory.rssMiB.toFixed(0)} MiB; ` +
            `IMAP connections ${figures.proxy.connections}, at most ${figures.proxy.mostOpen} open at once`,
    );
}
