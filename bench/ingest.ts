// `npm run bench`: how fast mail gets in. Seeds a private Dovecot with N generated mails
// (mixed sizes, 10% with attachments) and prints, in one run:
//   1. the limit: raw imapflow FETCH + mailparser parsing in Node, no Rocket.Chat;
//   2. the app through the real Apps-Engine (Deno): the poll job importing everything;
// with the ratio of 2 to 1, the time of each job run, and the host's peak memory.
// Usage: npm run bench [-- --messages 300]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

import { startEngineHost } from '../test/support/engine';
import { addInboxThroughForm, testInboxValues } from '../test/support/inboxes';
import { createTestCa, startDovecot, startSmtpServer } from '../test/support/mail';

const MAILBOX = { user: 'bench@example.test', password: 'bench-password' };

function generatedMail(index: number): string {
    const paragraphs = 1 + (index % 7) * 6;
    const body = Array.from({ length: paragraphs }, (_, p) => `Paragraph ${p} of mail ${index}: the quick brown fox jumps over the lazy dog.`).join('\r\n\r\n');
    const headers = [
        `From: Customer ${index % 40} <customer${index % 40}@example.net>`,
        `To: ${MAILBOX.user}`,
        `Subject: Benchmark ${index}`,
        `Message-ID: <bench-${index}@example.net>`,
        'MIME-Version: 1.0',
    ];
    if (index % 10 !== 0) return [...headers, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
    const attachment = Buffer.alloc(64 * 1024 + (index % 5) * 32 * 1024, index % 256)
        .toString('base64')
        .replace(/(.{76})/g, '$1\r\n');
    return [
        ...headers,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
        '--b',
        `Content-Type: application/octet-stream; name="data-${index}.bin"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename="data-${index}.bin"`,
        '',
        attachment,
        '--b--',
        '',
    ].join('\r\n');
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { messages: { type: 'string', default: '300' } } });
    const total = Number(values.messages);
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-bench-')));
    const [dovecot, smtp] = await Promise.all([startDovecot({ users: [MAILBOX], ca }), startSmtpServer({ users: [MAILBOX], ca })]);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    try {
        // 1. The limit: raw FETCH + parse of the seeded mailbox.
        for (let index = 0; index < total; index++) await dovecot.appendMessage(MAILBOX.user, generatedMail(index));
        const client = new ImapFlow({
            host: '127.0.0.1',
            port: dovecot.plainPort,
            secure: false,
            doSTARTTLS: false,
            auth: { user: MAILBOX.user, pass: MAILBOX.password },
            logger: false,
        });
        await client.connect();
        const lock = await client.getMailboxLock('INBOX');
        const rawStart = Date.now();
        let rawCount = 0;
        try {
            for await (const message of client.fetch('1:*', { source: true, uid: true })) {
                if (message.source) await simpleParser(message.source);
                rawCount++;
            }
        } finally {
            lock.release();
            await client.logout();
        }
        const rawSeconds = (Date.now() - rawStart) / 1000;

        // 2. The app in the real engine: a fresh inbox starts at UIDNEXT, so re-append the mails after its first check.
        const host = await startEngineHost();
        try {
            host.users.add({ username: 'admin', roles: ['admin'] });
            await host.installApp();
            await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: MAILBOX, smtpUser: MAILBOX }));
            await host.setAppSetting('max_messages_per_run', 1000);
            await host.runJob('email-inboxes-poll');
            for (let index = 0; index < total; index++) await dovecot.appendMessage(MAILBOX.user, generatedMail(total + index));
            const engineStart = Date.now();
            const runs: number[] = [];
            while (
                host.rooms().length === 0 ||
                host.state.messages.filter((message) => message.text?.startsWith('*Benchmark') || message.text?.includes('Paragraph 0 of mail')).length < total
            ) {
                const run = await host.runJob('email-inboxes-poll');
                if (run.error) throw new Error(run.error);
                runs.push(run.durationMs);
                if (runs.length > 200) throw new Error('the backlog did not drain');
            }
            const engineSeconds = (Date.now() - engineStart) / 1000;
            const limitRate = rawCount / rawSeconds;
            const engineRate = total / engineSeconds;
            console.log(`mails: ${total} (10% with 64-192 KiB attachments)`);
            console.log(`limit   imapflow FETCH + mailparser (Node):  ${limitRate.toFixed(1)} mails/s`);
            console.log(
                `engine  poll job in the Apps-Engine (Deno ${host.deno}): ${engineRate.toFixed(1)} mails/s  = ${(engineRate / limitRate).toFixed(2)} x the limit`,
            );
            console.log(`job runs: ${runs.length}, longest ${Math.max(...runs)} ms (budget 20000 ms), ${runs.map((ms) => `${ms}`).join(' ')}`);
            console.log(`host peak RSS: ${(peakRss / 1_048_576).toFixed(0)} MiB (the Deno app process is separate)`);
        } finally {
            await host.stop();
        }
    } finally {
        clearInterval(sampler);
        await dovecot.stop();
        await smtp.close();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
