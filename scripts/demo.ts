// `npm start`: the local demo. Runs the packaged app in the real Apps-Engine (Deno) against a
// private Dovecot and SMTP server, then walks through what an admin does, printing what
// Rocket.Chat would show. Nothing leaves this machine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEngineHost } from '../test/support/engine';
import { createTestCa, startDovecot, startSmtpServer } from '../test/support/mail';

const MAILBOX = { user: 'support@demo.test', password: 'demo-password' };

function say(who: string, text: string): void {
    console.log(`\n\x1b[1m${who}\x1b[0m\n${text}`);
}

async function main(): Promise<void> {
    const { packageApp } = await import('./package.mjs');
    const { zipPath } = await packageApp({ quiet: true });
    const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-demo-')));
    const [dovecot, smtp, host] = await Promise.all([startDovecot({ users: [MAILBOX], ca }), startSmtpServer({ users: [MAILBOX], ca }), startEngineHost()]);
    try {
        host.users.add({ username: 'admin', roles: ['admin'] });
        const support = host.departments.add({ name: 'Support' });
        host.users.add({ username: 'jane', name: 'Jane Doe', roles: ['livechat-agent'], departments: [support.id] });
        const app = await host.installApp(zipPath);
        say(
            'Engine',
            `${zipPath} installed on the ${host.runtime} runtime and ${app.status.endsWith('enabled') ? 'enabled' : app.status}; command /${app.commands.join(', /')}; jobs ${app.processors.map((id) => id.split('_')[0]).join(', ')}`,
        );
        say('IMAP and SMTP', `Dovecot on 127.0.0.1:${dovecot.tlsPort} (SSL/TLS), SMTP on 127.0.0.1:${smtp.tlsPort} (SSL/TLS), self-signed certificates`);

        const run = async (args: string) => {
            const before = host.notifications('admin').length;
            await host.runCommand('email-inbox', args, { user: 'admin' });
            say(
                `admin: /email-inbox ${args}`,
                host
                    .notifications('admin')
                    .slice(before)
                    .map((n) => n.text)
                    .join('\n') || '(a form opens)',
            );
        };
        await run('add');
        const form = host.form('admin');
        const values = {
            name: 'support',
            email: MAILBOX.user,
            senderInfo: 'Demo Support',
            department: 'Support',
            active: 'true',
            'smtp.host': 'localhost',
            'smtp.port': String(smtp.tlsPort),
            'smtp.security': 'ssl',
            'smtp.username': MAILBOX.user,
            'smtp.password': MAILBOX.password,
            // The demo servers' private CA, pasted as an admin would for a self-signed server.
            'smtp.trustedCertificate': dovecot.ca.caPem,
            'imap.host': 'localhost',
            'imap.port': String(dovecot.tlsPort),
            'imap.security': 'ssl',
            'imap.username': MAILBOX.user,
            'imap.password': MAILBOX.password,
            'imap.folder': 'INBOX',
            'imap.trustedCertificate': dovecot.ca.caPem,
        };
        const before = host.notifications('admin').length;
        await form.fill(values);
        await form.submit();
        await host.settle();
        say(
            'admin saves the form',
            host
                .notifications('admin')
                .slice(before)
                .map((n) => n.text)
                .join('\n'),
        );
        await run('list');
        await run('show support');
        await run('test support');

        await host.runJob('email-inboxes-poll'); // the first check only notes where the mailbox stands
        await dovecot.appendMessage(
            MAILBOX.user,
            [
                'From: Carla Customer <carla@example.net>',
                `To: ${MAILBOX.user}`,
                'Subject: My printer is on fire',
                'Message-ID: <demo-1@example.net>',
                'Content-Type: text/plain; charset=utf-8',
                '',
                'Hello, the printer in room 4 is smoking. What do I do?',
                '',
            ].join('\r\n'),
        );
        say('Customer', 'carla@example.net writes to support@demo.test: "My printer is on fire"');
        await host.runJob('email-inboxes-poll');
        await host.settle();
        for (const room of host.rooms()) {
            const lines = host.messages(room.id).map((message) => `  ${message.sender?.name ?? '?'}: ${message.text ?? ''}`);
            say(
                `Omnichannel room for ${room.visitor.name} (department ${room.department?.name ?? '-'}, ${room.isOpen ? (room.servedBy ? `open, served by ${room.servedBy.username}` : 'open, in the queue') : 'closed'})`,
                lines.join('\n'),
            );
        }
        const [room] = host.rooms();
        if (room) {
            await host.postAgentMessage(room.id, 'jane', 'Hi Carla, *please* unplug it and open a window. :fire_extinguisher: is under the desk.');
            const [sent] = await smtp.waitForMessages(1);
            const raw = sent.raw.toString('utf8');
            const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
            const shown = headerBlock
                .replace(/\r\n\s+/g, ' ')
                .split('\r\n')
                .filter((line) => /^(From|To|Subject|Message-ID|In-Reply-To|References):/i.test(line));
            say('Agent jane replies in the room; the SMTP server receives', [...shown, `(${sent.raw.length} bytes, text and HTML parts)`].join('\n'));
        }
        await run('status support');
    } finally {
        await host.stop();
        await dovecot.stop();
        await smtp.close();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
