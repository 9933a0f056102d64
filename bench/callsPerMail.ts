// The calls case of `npm run bench`: how many calls cross the app's process boundary (counted at
// the engine's runtime controller, bench/engineCalls.ts) for each imported plain mail, by method,
// for a mail that opens a conversation (a new customer: new visitor, new room) and for one that
// goes into an existing one (the customer's reply in the thread). A check with no new mail is
// measured first: its calls are the run's own, taken off before dividing by the mails.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEngineHost } from '../test/support/engine';
import type { EngineHost } from '../test/support/engine';
import { addInboxThroughForm, testInboxValues } from '../test/support/inboxes';
import { createTestCa, startDovecot, startSmtpServer } from '../test/support/mail';
import type { DovecotServer } from '../test/support/mail';
import { countEngineCalls, shortMethod, total } from './engineCalls';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
import type { CallCounts, EngineCallCounter } from './engineCalls';

const MAILBOX = { user: 'calls@example.test', password: 'calls-password' };

export interface CallsPerMailFigures {
    runtime: string;
    mails: number;
    /** A run with nothing new: the run's own calls. */
    perRun: CallCounts;
    /** Per mail, the run's own calls taken off. */
    newConversation: CallCounts;
    existingConversation: CallCounts;
    /**
     * With push on (the default), per mail that arrives while a push run listens: everything the
     * run does for it, its own per-event steps included; nothing is taken off.
     */
    pushedNew: CallCounts;
    pushedReply: CallCounts;
    /** Each mail's text in its room exactly once. */
    importedOnce: boolean;
}

function plainMail(options: { from: string; subject: string; messageId: string; inReplyTo?: string; text: string }): string {
    return [
        `From: ${options.from}`,
        `To: ${MAILBOX.user}`,
        `Subject: ${options.subject}`,
        `Message-ID: <${options.messageId}>`,
        ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        options.text,
        '',
    ].join('\r\n');
}

/** Runs the poll job until every marked text is in a room; returns the runs it took. */
async function importAll(host: EngineHost, markers: string[]): Promise<number> {
    const imported = () => markers.filter((marker) => host.posted().some((message) => message.text?.includes(marker))).length;
    let runs = 0;
    while (imported() < markers.length) {
        const run = await host.runJob('email-inboxes-poll');
        if (run.error) throw new Error(run.error);
        if (++runs > 20) throw new Error(`only ${imported()} of ${markers.length} mails got in`);
    }
    await host.settle();
    return runs;
}

/** (counts − runs × the run's own) / mails, by method; methods of the app and into the app together. */
function perMail(counter: EngineCallCounter, perRun: CallCounts, runs: number, mails: number): CallCounts {
    const all = everything(counter);
    const result: CallCounts = new Map();
    for (const method of new Set([...all.keys(), ...perRun.keys()])) {
        const value = ((all.get(method) ?? 0) - runs * (perRun.get(method) ?? 0)) / mails;
        if (Math.abs(value) >= 0.005) result.set(method, value);
    }
    return result;
}

function everything(counter: EngineCallCounter): CallCounts {
    return new Map([...counter.fromApp(), ...[...counter.intoApp()].map(([method, count]) => [`into app: ${method}`, count] as const)]);
}

/** Mails measured one by one while a push run listens, of each kind. */
const PUSHED_MAILS = 4;

/**
 * Turns push on and appends mails one at a time while a push run listens, counting from just
 * before each is appended until its text is in its room. A mail whose window saw a run start or
 * end (the chain moving on) is not counted: those calls are the runs', not the mail's.
 */
async function measurePushed(
    host: EngineHost,
    dovecot: DovecotServer,
    counter: EngineCallCounter,
    earlier: Array<{ from: string; subject: string; messageId: string }>,
): Promise<{ newConversation: CallCounts; reply: CallCounts; markers: string[] }> {
    const pushOnAt = Date.now();
    await host.setAppSetting('push_new_mail', true);
    const listening = () =>
        host.jobsRunning().find((run) => run.id.startsWith('email-inboxes-poll') && run.trigger === 'scheduler' && run.startedAt.getTime() >= pushOnAt);
    const markers: string[] = [];
    const measure = async (mails: Array<{ from: string; subject: string; messageId: string; inReplyTo?: string; text: string; marker: string }>) => {
        const sums: CallCounts = new Map();
        let counted = 0;
        for (const mail of mails) {
            markers.push(mail.marker);
            // A run past its check, with the mail's whole way in ahead of it (it listens until 18 s after its start).
            const age = (candidate: { startedAt: Date }) => Date.now() - candidate.startedAt.getTime();
            let run = listening();
            for (const until = Date.now() + 60_000; !run || age(run) < 3_000 || age(run) > 12_000; run = listening()) {
                if (Date.now() > until) throw new Error('no push run listens');
                await sleep(100);
            }
            const runsBefore = host.jobRuns().length;
            counter.reset();
            await dovecot.appendMessage(MAILBOX.user, plainMail(mail));
            for (const until = Date.now() + 20_000; !host.posted().some((message) => message.text?.includes(mail.marker)); await sleep(20)) {
                if (Date.now() > until) throw new Error(`the pushed mail ${mail.marker} did not get in`);
            }
            await sleep(200); // the mail's last write after its text
            if (host.jobRuns().length !== runsBefore || listening() !== run) continue;
            counted++;
            for (const [method, count] of everything(counter)) sums.set(method, (sums.get(method) ?? 0) + count);
        }
        if (counted === 0) throw new Error('no pushed mail could be counted on its own');
        return new Map([...sums].map(([method, count]) => [method, count / counted] as const));
    };
    const newConversation = await measure(
        Array.from({ length: PUSHED_MAILS }, (_, index) => ({
            from: `Pushed ${index} <calls-pushed${index}@example.net>`,
            subject: `Pushed question ${index}`,
            messageId: `calls-pushed-${index}@example.net`,
            text: `Marker pushed-${index}: where is my order?`,
            marker: `pushed-${index}:`,
        })),
    );
    const reply = await measure(
        earlier.slice(0, PUSHED_MAILS).map((mail, index) => ({
            from: mail.from,
            subject: `Re: ${mail.subject}`,
            messageId: `calls-pushed-reply-${index}@example.net`,
            inReplyTo: mail.messageId,
            text: `Marker pushedanswer-${index}: and now?`,
            marker: `pushedanswer-${index}:`,
        })),
    );
    await host.setAppSetting('push_new_mail', false);
    for (const until = Date.now() + 40_000; host.jobsRunning().some((run) => run.id.startsWith('email-inboxes-poll')); await sleep(100)) {
        if (Date.now() > until) break;
    }
    return { newConversation, reply, markers };
}

export async function measureCallsPerMail(options: { mails: number }): Promise<CallsPerMailFigures> {
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-calls-')));
    const dovecot: DovecotServer = await startDovecot({ users: [MAILBOX], ca });
    const smtp = await startSmtpServer({ users: [MAILBOX], ca });
    let host: EngineHost | undefined;
    try {
        host = await startEngineHost();
        host.users.add({ username: 'admin', roles: ['admin'] });
        host.users.add({ username: 'jane', roles: ['livechat-agent'] });
        const app = await host.installApp();
        // Only the bench's own runs: the recurring jobs would add theirs at any moment.
        const { modify } = host.appAccessors();
        await host.settle();
        await modify.getScheduler().cancelJob('email-inboxes-poll');
        await modify.getScheduler().cancelJob('email-inboxes-outbox');
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, name: 'calls' }));
        await host.settle();
        await host.runJob('email-inboxes-poll'); // the first check notes where the folder ends
        await host.settle();
        const counter = countEngineCalls(app.proxied.getRuntimeController());

        await host.runJob('email-inboxes-poll');
        await host.settle();
        const perRun = everything(counter);

        const first = Array.from({ length: options.mails }, (_, index) => ({
            from: `Customer ${index} <calls-customer${index}@example.net>`,
            subject: `Question ${index}`,
            messageId: `calls-first-${index}@example.net`,
            text: `Marker first-${index}: where is my order?`,
        }));
        for (const mail of first) await dovecot.appendMessage(MAILBOX.user, plainMail(mail));
        counter.reset();
        const firstRuns = await importAll(
            host,
            first.map((_, index) => `first-${index}:`),
        );
        const newConversation = perMail(counter, perRun, firstRuns, options.mails);

        const replies = first.map((mail, index) => ({
            from: mail.from,
            subject: `Re: ${mail.subject}`,
            messageId: `calls-reply-${index}@example.net`,
            inReplyTo: mail.messageId,
            text: `Marker reply-${index}: any news?`,
        }));
        for (const mail of replies) await dovecot.appendMessage(MAILBOX.user, plainMail(mail));
        counter.reset();
        const replyRuns = await importAll(
            host,
            replies.map((_, index) => `reply-${index}:`),
        );
        const existingConversation = perMail(counter, perRun, replyRuns, options.mails);

        const pushed = await measurePushed(host, dovecot, counter, first);

        const markers = [...first.map((_, index) => `first-${index}:`), ...replies.map((_, index) => `reply-${index}:`), ...pushed.markers];
        const importedOnce = markers.every((marker) => host?.posted().filter((message) => message.text?.includes(marker)).length === 1);
        return {
            runtime: host.runtime,
            mails: options.mails,
            perRun,
            newConversation,
            existingConversation,
            pushedNew: pushed.newConversation,
            pushedReply: pushed.reply,
            importedOnce,
        };
    } finally {
        await host?.stop();
        await dovecot.stop();
        await smtp.close();
    }
}

export function printCallsPerMail(figures: CallsPerMailFigures): void {
    const fmt = (value: number | undefined) => (value === undefined ? '' : Number.isInteger(value) ? String(value) : value.toFixed(2));
    console.log(`engine calls per imported plain mail (${figures.runtime}), ${figures.mails} mails each, counted at the runtime controller`);
    console.log(`  a run's own calls (no new mail): ${total(figures.perRun)}; taken off below`);
    const methods = [...new Set([...figures.newConversation.keys(), ...figures.existingConversation.keys()])].sort();
    const width = Math.max(...methods.map((method) => shortMethod(method).length), 10);
    console.log(`  ${'method'.padEnd(width)}  new conversation  existing conversation`);
    for (const method of methods) {
        console.log(
            `  ${shortMethod(method).padEnd(width)}  ${fmt(figures.newConversation.get(method)).padStart(16)}  ${fmt(figures.existingConversation.get(method)).padStart(21)}`,
        );
    }
    console.log(`  ${'total'.padEnd(width)}  ${fmt(total(figures.newConversation)).padStart(16)}  ${fmt(total(figures.existingConversation)).padStart(21)}`);
    console.log(`  pushed (push on, ${PUSHED_MAILS} mails each arriving while a run listens, everything counted):`);
    const pushedMethods = [...new Set([...figures.pushedNew.keys(), ...figures.pushedReply.keys()])].sort();
    for (const method of pushedMethods) {
        console.log(
            `  ${shortMethod(method).padEnd(width)}  ${fmt(figures.pushedNew.get(method)).padStart(16)}  ${fmt(figures.pushedReply.get(method)).padStart(21)}`,
        );
    }
    console.log(`  ${'total'.padEnd(width)}  ${fmt(total(figures.pushedNew)).padStart(16)}  ${fmt(total(figures.pushedReply)).padStart(21)}`);
    console.log(`  each mail in its room exactly once: ${figures.importedOnce ? 'yes' : 'NO'}`);
    console.log(`  per run, by method: ${[...figures.perRun].map(([method, count]) => `${shortMethod(method)} ${count}`).join(', ')}`);
}
