// Push (IMAP IDLE) in the real Apps-Engine against a real Dovecot, on the host's model of
// Rocket.Chat's Agenda: a mail that arrives while a push run listens reaches its room within
// seconds through that run; a second chain only checks; an inbox whose server does not offer IDLE
// is polled and status says which inbox is pushed and which polled; a chain that stopped renewing
// its lease is followed by a new one as the lease runs out (the recurring check's watch); a push
// run killed while it listens loses nothing (the recurring check catches up, each mail once). A file of its own: with
// push on the app keeps a chain of poll job runs going (host.settle would wait for ever), and a
// file whose earlier tests killed the app's process mid-run would hold the chain back until the
// engine's 30 s timeout ended those runs (Agenda runs one poll job at a time).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { commandAnswer, letClaimsExpire, runJobToEnd } from '../support/appActions';
import type { EngineHost } from '../support/engine';
import { addInboxThroughForm, testInboxValues } from '../support/inboxes';
import { startFaultProxy } from '../support/mail';
import type { DovecotServer, FaultProxy, SmtpTestServer } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';

const MAILBOX = { user: 'support@example.test', password: 'Push-Secret-1234' };
/** Read through a proxy that leaves IDLE out of what the server says it can do, as servers without IMAP IDLE do. */
const PLAIN_MAILBOX = { user: 'plain@example.test', password: 'Push-Secret-5678' };

/** A server's words with IDLE taken out of every CAPABILITY it sends (the greeting's, the login's, CAPABILITY's). */
function withoutIdle(chunk: string): string {
    return chunk.replace(/[^\n]*CAPABILITY[^\n]*/g, (line) => line.replace(/ IDLE(?=[ \]\r])/g, ''));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function mail(options: { id: string; from: string; subject: string; body?: string; to?: string }): string {
    return rawMail({
        from: options.from,
        to: options.to ?? MAILBOX.user,
        subject: options.subject,
        messageId: options.id,
        body: options.body ?? 'Hello, a question.',
    });
}

describe(`push (IMAP IDLE) (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    const poll = () => runJobToEnd(host, 'email-inboxes-poll');
    const append = (options: { id: string; from: string; subject: string; body?: string }) => dovecot.appendMessage(MAILBOX.user, mail(options));
    const runStatusOf = (name: string) => commandAnswer(host, `status ${name}`);
    const runStatus = () => runStatusOf('support');
    let noIdle: FaultProxy;
    let pushOnAt = 0;
    const POLL_ID = 'email-inboxes-poll';
    /** When the first message whose text includes `mark` was stored (polling the host), or undefined after `withinMs`. */
    const storedAt = async (mark: string, withinMs: number): Promise<number | undefined> => {
        for (const until = Date.now() + withinMs; Date.now() < until; await sleep(20)) {
            if (host.posted().some((message) => (message.text ?? '').includes(mark))) return Date.now();
        }
        return undefined;
    };
    const timesPosted = (mark: string) => host.posted().filter((message) => (message.text ?? '').includes(mark)).length;
    /** The push run going now that started after `since` (a run of the poll job the scheduler started). */
    const pushRun = () => host.jobsRunning().find((run) => run.id.startsWith(POLL_ID) && run.trigger === 'scheduler' && run.startedAt.getTime() >= pushOnAt);
    /** Until a push run of the chain listens on the support inbox (its check recorded delivery by push). */
    const listening = async () => {
        for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
            const status = host.persistence().find((record) => {
                const data = record.data as { inboxId?: string; delivery?: { mode: string; at: string } };
                return data.delivery?.mode === 'push' && Date.parse(data.delivery.at) >= pushOnAt;
            });
            if (status && pushRun()) return;
        }
        assert.fail('no push run listens');
    };

    /** Until a run's check recorded delivery by push for the support inbox after `since`. */
    const pushedSince = async (since: number) => {
        for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
            const pushed = host.persistence().some((record) => {
                const data = record.data as { delivery?: { mode: string; at: string } };
                return data.delivery?.mode === 'push' && Date.parse(data.delivery.at) >= since;
            });
            if (pushed) return;
        }
        assert.fail(`no run pushed since ${new Date(since).toISOString()}`);
    };

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX, PLAIN_MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => {
                const sales = workspace.departments.add({ name: 'Sales' });
                // An agent of the inboxes' department online: Rocket.Chat refuses new chats otherwise.
                workspace.users.add({ username: 'jane', roles: ['livechat-agent'], departments: [sales.id] });
            },
        });
        ({ host, dovecot, smtp } = bed);
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX, department: 'Sales' }));
        noIdle = await startFaultProxy({ host: '127.0.0.1', port: dovecot.plainPort }, withoutIdle);
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: PLAIN_MAILBOX, smtpUser: MAILBOX, name: 'plain', department: 'Sales' }),
            'imap.security': 'none',
            'imap.port': String(noIdle.port),
        });
        await host.setAppSetting('poll_interval_seconds', 15);
        await poll(); // the plain inbox notes where its folder ends; its server does not offer IDLE
        await dovecot.appendMessage(
            PLAIN_MAILBOX.user,
            mail({ id: 'polled@example.net', from: 'Paula <paula@example.net>', subject: 'Polled', to: PLAIN_MAILBOX.user }),
        );
        pushOnAt = Date.now();
        await host.setAppSetting('push_new_mail', true); // a push chain starts at once
    });

    after(async () => {
        await noIdle?.close();
        await bed?.stop();
    });

    it('brings a mail that arrives while a push run listens into its room within seconds, through that run', async () => {
        await listening();
        const run = pushRun();
        const appendedAt = Date.now();
        let importedBy: ReturnType<typeof pushRun>[] = [];
        host.onceStored(
            (message) => (message.text ?? '').includes('*Pushed*'),
            async () => {
                importedBy = host.jobsRunning().filter((going) => going.id.startsWith(POLL_ID));
            },
        );
        await append({ id: 'pushed@example.net', from: 'Petra Push <petra.push@example.net>', subject: 'Pushed' });
        const at = await storedAt('*Pushed*', 5_000);
        assert.ok(at, 'in its room within 5 s');
        // Agenda runs one poll job at a time here: the mail came in through the push run that listened before it arrived.
        assert.deepEqual(importedBy, [run], `imported by the listening run (${at - appendedAt} ms after it arrived)`);
    });

    it('lets a second chain only check while the first holds the lease', async () => {
        const run = await host.runJob(POLL_ID, { pushChain: 'new' }, { overlap: true });
        assert.equal(run.error, undefined);
        assert.ok(run.durationMs < 5_000, `it did not listen (${run.durationMs} ms)`);
        assert.match(host.logs().join('\n'), /push: another push chain holds the lease; this run only checks for new mail/);
        assert.equal(host.jobsRunning().filter((going) => going.id.startsWith(POLL_ID)).length, 1, 'the first chain runs on, alone');
    });

    it('polls an inbox whose server does not offer IDLE at the interval, and status says which inbox is pushed and which polled', async () => {
        assert.match(await runStatusOf('plain'), /New mail: polled every 15 s: the mail server does not offer IMAP IDLE/);
        assert.match(await runStatus(), /New mail: push \(IMAP IDLE\), in the room within seconds\./);
        // Appended as push started: checked once its interval has passed (at a push run, or the recurring check).
        const at = await storedAt('*Polled*', 25_000);
        assert.ok(at, 'polled within its interval and a run');
        assert.equal(timesPosted('*Polled*'), 1);
    });

    it('starts a new chain as the lease of a chain that stopped renewing it runs out, not a check interval later', async () => {
        await host.setAppSetting('poll_interval_seconds', 60);
        await listening();
        // A chain that died (its process killed as it renewed the lease): it holds the lease 20 s more, and renews it no more.
        const lease = host.persistence().find((record) => record.associations.some((association) => association.id === 'email-inboxes:push-chain'));
        assert.ok(lease, 'a chain holds the lease');
        const until = Date.now() + 20_000;
        lease.data = { token: 'a-dead-chain', until };
        // A recurring check (here beside the listening run, as on another instance) finds the lease held:
        // it starts no chain, and schedules a look just after the lease ends, 39 s before the next check.
        const check = await host.runJob(POLL_ID, {}, { overlap: true });
        assert.equal(check.error, undefined, check.error);
        const watches = host.oneOffJobs().filter((job) => job.id === POLL_ID && job.data.pushChain === 'watch');
        // (The recurring check the new interval started may have scheduled one for the lease it saw before.)
        assert.ok(
            watches.some((job) => job.dueAt === until + 1_000),
            `a watch just after the lease ends: ${JSON.stringify(watches.map((job) => job.dueAt && job.dueAt - until))}`,
        );
        // The live chain's next run finds the lease held by the dead one and ends the chain; the watch then starts a new one.
        const leaseTaken = async () => {
            for (const limit = until + 15_000; Date.now() < limit; await sleep(100)) {
                const data = lease.data as { token: string; until: number };
                if (data.token !== 'a-dead-chain' && data.until > Date.now()) return Date.now();
            }
            return undefined;
        };
        const takenAt = await leaseTaken();
        assert.ok(takenAt !== undefined && takenAt >= until, 'a new chain took the lease once it ran out');
        assert.ok(takenAt - until < 7_000, `within Agenda's 5 s scan of the watch's time (${takenAt - until} ms after the lease ran out)`);
        assert.match(host.logs().join('\n'), /push: another push chain holds the lease; this run only checks for new mail/);
        await pushedSince(takenAt);
        await append({ id: 'watched@example.net', from: 'Wanda <wanda@example.net>', subject: 'Watched', body: 'After the new chain.' });
        assert.ok(await storedAt('After the new chain.', 5_000), 'pushed by the new chain');
        assert.equal(timesPosted('After the new chain.'), 1);
        await host.setAppSetting('poll_interval_seconds', 15);
    });

    it('catches up the mail of a push run killed while it listened at the next recurring check, each mail once', async () => {
        await listening();
        await append({ id: 'killed-1@example.net', from: 'Kai <kai@example.net>', subject: 'Killed', body: 'Before the kill.' });
        assert.ok(await storedAt('Before the kill.', 5_000), 'pushed');
        // The run dies while it listens, its connection with it: nothing listens until its lease expires.
        await host.restartAppProcess();
        await append({ id: 'killed-2@example.net', from: 'Kai <kai@example.net>', subject: 'Re: Killed', body: 'After the kill.' });
        await append({ id: 'killed-3@example.net', from: 'Kim Killed <kim.killed@example.net>', subject: 'Killed too', body: 'Also after the kill.' });
        assert.equal(await storedAt('After the kill.', 1_500), undefined, 'no run listens, and the next check waits for the dead run');
        letClaimsExpire(host);
        const run = await host.runJob(POLL_ID);
        assert.equal(run.error, undefined, run.error);
        for (const mark of ['Before the kill.', 'After the kill.', 'Also after the kill.']) assert.equal(timesPosted(mark), 1, `${mark} once`);
    });
});
