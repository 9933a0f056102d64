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

        const markers = [...first.map((_, index) => `first-${index}:`), ...replies.map((_, index) => `reply-${index}:`)];
        const importedOnce = markers.every((marker) => host?.posted().filter((message) => message.text?.includes(marker)).length === 1);
        return { runtime: host.runtime, mails: options.mails, perRun, newConversation, existingConversation, importedOnce };
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
    console.log(`  each mail in its room exactly once: ${figures.importedOnce ? 'yes' : 'NO'}`);
    console.log(`  per run, by method: ${[...figures.perRun].map(([method, count]) => `${shortMethod(method)} ${count}`).join(', ')}`);
}
