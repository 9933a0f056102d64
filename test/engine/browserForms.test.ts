// The app's forms as an admin meets them: each view the app opens is rendered by Rocket.Chat's
// UIKit renderer (fuselage-ui-kit) in Chromium, filled in and saved in the page, and what the page
// sends goes to the app in the real engine (host.sendFromClient refuses a state no client could
// send). Screenshots: test-output/screenshots/forms-<runtime>/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { BrowserClient, ClientInteraction } from '../support/client/BrowserClient';
import { withBrowserClient } from '../support/client/BrowserClient';
import type { EngineHost } from '../support/engine';
import { freePort } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import { rawMail } from '../support/rawMail';
import type { MailTestBed } from '../support/mailTestBed';

const RUNTIME = process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3';
const MAILBOX = { user: 'support@example.test', password: 'Form-Secret-5521' };

describe(`the forms in Rocket.Chat's renderer (${RUNTIME})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let client: BrowserClient;
    let release: () => void;
    let closed: Promise<void>;
    const answers: string[] = [];
    /** Who the page is logged in as (the admin, except for an agent's form). */
    let actor = 'admin';

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [MAILBOX],
            smtpUsers: [MAILBOX],
            workspace: (workspace) => workspace.users.add({ username: 'jane', name: 'Jane Doe', roles: ['livechat-agent'] }),
        });
        host = bed.host;
        // One Chromium for the file; each command's view is a new mount, as a new modal is.
        client = await new Promise<BrowserClient>((opened, failed) => {
            closed = withBrowserClient(
                (shared) => {
                    opened(shared);
                    return new Promise<void>((done) => (release = done));
                },
                { screenshotsDir: join('test-output', 'screenshots', `forms-${RUNTIME}`) },
            );
            closed.catch(failed);
        });
        client.onInteraction(async (interaction: ClientInteraction) => {
            const viewId = interaction.type === 'blockAction' ? interaction.container.id : interaction.viewId;
            const { response, shown } = await host.sendFromClient(actor, { ...interaction, viewId } as Parameters<EngineHost['sendFromClient']>[1]);
            // An answer with a spent or expired trigger id the client drops (ActionManager.ts).
            return shown || (response as { type?: string } | undefined)?.type === undefined ? response : undefined;
        });
    });

    after(async () => {
        release?.();
        await closed;
        await bed?.stop();
    });

    /** A slash command, then the view it opened shown in the page. */
    async function command(args: string | string[]): Promise<void> {
        const before = host.notifications('admin').length;
        await host.runCommand('email-inbox', args, { user: 'admin' });
        answers.push(
            ...host
                .notifications('admin')
                .slice(before)
                .map((notification) => notification.text),
        );
        await client.show(host.lastView('admin'), 'modal');
    }

    /** What the app said privately since `count` answers (the save's job included). */
    async function saidSince(count: number): Promise<string> {
        await host.settle();
        return host
            .notifications('admin')
            .slice(count)
            .map((notification) => notification.text)
            .join('\n');
    }

    it('adds an inbox: typed, chosen and saved in the page, errors shown under their fields', async () => {
        await command('add');
        assert.deepEqual(client.problems(), [], 'every block rendered, no console error');
        await client.screenshot('add-form');
        const { dovecot, smtp } = bed;
        await client.type('Name *', 'support');
        await client.type('Email *', 'not-an-address');
        await client.type('Server *', 'localhost', { nth: 0 });
        await client.type('Port *', String(smtp.tlsPort), { nth: 0 });
        await client.type('Username *', MAILBOX.user, { nth: 0 });
        await client.type('Password *', MAILBOX.password, { nth: 0 });
        await client.type('Trusted certificate (PEM) (optional)', dovecot.ca.caPem, { nth: 0 });
        await client.type('Server *', 'localhost', { nth: 1 });
        await client.type('Port *', String(dovecot.tlsPort), { nth: 1 });
        await client.type('Username *', MAILBOX.user, { nth: 1 });
        await client.type('Password *', MAILBOX.password, { nth: 1 });
        await client.type('Trusted certificate (PEM) (optional)', dovecot.ca.caPem, { nth: 1 });
        await client.click('Save');
        assert.equal(await client.isOpen(), true, 'a refused save keeps the form open');
        assert.match((await client.errorUnder('Email *')) ?? '', /"not-an-address" is not an email address/);
        assert.equal(await client.errorUnder('Name *'), undefined);
        await client.screenshot('add-form-error');

        const before = host.notifications('admin').length;
        await client.type('Email *', MAILBOX.user);
        await client.click('Save');
        assert.equal(await client.isOpen(), false, 'saved: the form closes');
        const said = await saidSince(before);
        assert.match(said, /Inbox \*support\* saved\./);
        assert.match(said, /✅ IMAP localhost:\d+ \(ssl\): logged in/);
        assert.match(said, /✅ SMTP localhost:\d+ \(ssl\): logged in/);
    });

    it('opens the edit form with the saved values and saves a one-field change', async () => {
        await command('edit support');
        assert.deepEqual(client.problems(), []);
        assert.match(await client.text(), /Edit inbox support/);
        assert.equal(await client.shownValue('Name *'), 'support');
        assert.equal(await client.shownValue('Email *'), MAILBOX.user);
        assert.equal(await client.shownValue('Active *'), 'Yes');
        assert.equal(await client.shownValue('Server *', { nth: 1 }), 'localhost');
        assert.equal(await client.shownValue('Port *', { nth: 1 }), String(bed.dovecot.tlsPort));
        assert.equal(await client.shownValue('Security *', { nth: 1 }), 'SSL/TLS');
        assert.equal(await client.shownValue('Department (optional)'), 'None');
        assert.equal(await client.shownValue('Password (optional)', { nth: 0 }), '', 'passwords are never sent to the client');
        await client.screenshot('edit-form');

        const before = host.notifications('admin').length;
        await client.type('Description (optional)', 'Second level');
        await client.click('Save');
        assert.equal(await client.isOpen(), false);
        assert.match(await saidSince(before), /Inbox \*support\* updated\.[\s\S]*✅ IMAP[\s\S]*✅ SMTP/);
        await host.runCommand('email-inbox', 'show support', { user: 'admin' });
        assert.match(host.notifications('admin').at(-1)?.text ?? '', /Description: Second level/);
    });

    it('edits the inbox to OAuth2 sign-in and back to passwords, in the page', async () => {
        // An OAuth2 server on this machine that is down: the sign-in cannot start, and the admin is told why.
        const closedPort = String(await freePort());
        await command('edit support');
        await client.choose('Sign-in method *', 'Other OAuth2 server');
        assert.doesNotMatch(await client.text(), /Password \(optional\)/, 'no password fields with OAuth2');
        await client.type('OAuth2 client ID *', 'panel-client');
        await client.type('Token endpoint *', `http://127.0.0.1:${closedPort}/token`);
        await client.type('Device authorization endpoint (optional)', `http://127.0.0.1:${closedPort}/device`);
        await client.type('Scopes *', 'mail offline_access');
        await client.screenshot('edit-form-oauth2');
        let before = host.notifications('admin').length;
        await client.click('Save');
        assert.equal(await client.isOpen(), false);
        assert.match(await saidSince(before), /Inbox \*support\* updated\.[\s\S]*The sign-in of \*support\* failed/);

        await command('edit support');
        assert.equal(await client.shownValue('Sign-in method *'), 'Other OAuth2 server');
        assert.equal(await client.shownValue('OAuth2 client ID *'), 'panel-client');
        assert.equal(await client.shownValue('Scopes *'), 'mail offline_access');
        await client.choose('Sign-in method *', 'Password');
        await client.click('Save');
        assert.equal(await client.isOpen(), true, 'passwords are needed again');
        assert.match((await client.errorUnder('Password (optional)', { nth: 0 })) ?? '', /Required/);
        await client.type('Password (optional)', MAILBOX.password, { nth: 0 });
        await client.type('Password (optional)', MAILBOX.password, { nth: 1 });
        before = host.notifications('admin').length;
        await client.click('Save');
        assert.equal(await client.isOpen(), false);
        assert.match(await saidSince(before), /✅ IMAP[\s\S]*✅ SMTP/);
        assert.deepEqual(client.problems(), []);
    });

    it('opens the Email inboxes panel from the Marketplace menu, disables an inbox from its menu, shows its problem', async () => {
        const click = await host.clickButton('admin', 'email-inboxes-panel');
        assert.equal(click.shown, true);
        await client.show(host.lastView('admin'), 'modal');
        assert.deepEqual(client.problems(), [], 'every block rendered (the callout as 8.x draws it)');
        assert.match(await client.text(), /1 inbox[\s\S]*\nsupport · support@example\.test\s+Department: no department · active/);
        await client.screenshot('panel');
        await client.click('Disable');
        assert.match(await client.text(), /\nsupport · support@example\.test\s*Department: no department · disabled/);
        await client.click('Enable');
        // A problem: a refused password, shown in red with what to do.
        await host.runCommand('email-inbox', 'edit support', { user: 'admin' });
        const form = host.form('admin');
        await form.fill({ 'imap.password': 'Wrong-Password-9' });
        await form.submit();
        await host.settle();
        await host.runJob('email-inboxes-poll');
        await host.clickButton('admin', 'email-inboxes-panel');
        await client.show(host.lastView('admin'), 'modal');
        assert.match(await client.text(), /auth_failed/);
        assert.deepEqual(client.problems(), []);
        await client.screenshot('panel-problem');
        await client.click('Close');
        await host.runCommand('email-inbox', 'edit support', { user: 'admin' });
        const fix = host.form('admin');
        await fix.fill({ 'imap.password': MAILBOX.password });
        await fix.submit();
        await host.settle();
    });

    it('shows the OAuth2 fields when Microsoft is chosen, keeping what was typed', async () => {
        await command('add');
        await client.type('Name *', 'sales');
        await client.choose('Sign-in method *', 'Microsoft 365 / Outlook.com (OAuth2)');
        const shown = await client.text();
        assert.match(shown, /OAuth2 client ID \*/);
        assert.match(shown, /Microsoft tenant \(optional\)/);
        assert.match(shown, /Redirect URI to register/);
        assert.doesNotMatch(shown, /Password \*/, 'no password with OAuth2');
        assert.equal(await client.shownValue('Name *'), 'sales');
        assert.deepEqual(client.problems(), []);
        await client.screenshot('add-form-microsoft');
        await client.click('Cancel');
        assert.equal(await client.isOpen(), false);
    });

    it('runs the self-test form, keeping the URL while the password is typed', async () => {
        const url = `imaps://${encodeURIComponent(MAILBOX.user)}@localhost:${bed.dovecot.tlsPort}`;
        await command(['selftest', url]);
        assert.deepEqual(client.problems(), []);
        await client.type('Password (optional)', MAILBOX.password);
        await client.type('Trusted certificate (PEM) (optional)', bed.dovecot.ca.caPem);
        assert.equal(await client.shownValue('Server URL (without password) *'), url);
        await client.screenshot('selftest-form');
        const before = host.notifications('admin').length;
        await client.click('Run test');
        assert.equal(await client.isOpen(), false);
        assert.match(await saidSince(before), /logged in/);
    });

    it("shows a conversation's Email panel as a contextual bar, and adds a CC as an agent does", async () => {
        host.users.add({ username: 'agent', roles: ['livechat-agent'] });
        await host.runJob('email-inboxes-poll'); // the inbox's first good check starts at the mailbox's end
        await bed.dovecot.appendMessage(
            MAILBOX.user,
            rawMail({ from: 'Paula <paula@example.net>', to: MAILBOX.user, subject: 'Toner order', messageId: 'paula-1@example.net', body: 'Two, please.' }),
        );
        await host.runJob('email-inboxes-poll');
        const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'paula@example.net')?.id;
        assert.ok(room);
        assert.equal((await host.clickButton('admin', 'email-inboxes-email-panel', { room })).shown, true);
        await client.show(host.lastView('admin'), 'contextualBar');
        assert.deepEqual(client.problems(), [], 'every block rendered on the contextual bar');
        assert.match(await client.text(), /Customer: Paula \(paula@example\.net\)[\s\S]*To: paula@example\.net[\s\S]*CC: nobody/);
        await client.screenshot('email-panel');
        await client.type('Add addresses (optional)', 'dora@');
        assert.match(await client.text(), /Not an email address: dora@/);
        await client.type('Add addresses (optional)', 'dora@example.org');
        await client.screenshot('email-panel-typed');
        await client.click('Add as CC');
        assert.match(await client.text(), /CC: dora@example\.org[\s\S]*Added dora@example\.org as CC\./);
        assert.equal(await client.shownValue('Add addresses (optional)'), '', 'the field is empty again');
        assert.equal(await client.isOpen(), true, 'the bar stays open: nothing was submitted');
        await client.screenshot('email-panel-cc-added');
        assert.deepEqual(client.problems(), []);
    });

    it("shows a forged mail's warning and original headers as Rocket.Chat's renderer draws them", async () => {
        const verdict = [
            'Authentication-Results: mx.google.com;',
            '       spf=pass smtp.mailfrom=bounce@bulk-sender.example;',
            '       dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=bank.example',
        ];
        const forged = rawMail({
            from: 'Bank Security <security@bank.example>',
            to: MAILBOX.user,
            subject: 'Your account',
            messageId: 'spoof-1@bulk-sender.example',
            body: 'Please confirm your password.',
        });
        await bed.dovecot.appendMessage(MAILBOX.user, `${verdict.join('\r\n')}\r\n${forged}`);
        await host.runJob('email-inboxes-poll');
        const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'security@bank.example');
        assert.ok(room);
        const [message] = host.messages(room.id);
        assert.match(message.text ?? '', /^⚠️ \*This email may not be from security@bank\.example\*/);
        assert.equal((await host.clickButton('admin', 'email-inboxes-original-headers', { message: message.id })).shown, true);
        await client.show(host.lastView('admin'), 'modal');
        assert.deepEqual(client.problems(), [], 'every block rendered in the modal');
        const text = await client.text();
        assert.match(text, /From security@bank\.example · sent [\s\S]*Message-ID spoof-1@bulk-sender\.example/);
        assert.match(text, /This email may not be from security@bank\.example[\s\S]*DMARC check failed for bank\.example/);
        assert.match(text, /Receiving server mx\.google\.com: SPF pass · DKIM — · DMARC fail/);
        assert.match(text, /From: Bank Security <security@bank\.example>/);
        await client.screenshot('original-headers');
    });

    it('lets an agent start an email in the page: the form, a bad address under its field, then sent and its room served by the agent', async () => {
        actor = 'jane';
        try {
            assert.equal((await host.clickButton('jane', 'email-inboxes-new-email')).shown, true);
            await client.show(host.lastView('jane'), 'modal');
            assert.deepEqual(client.problems(), []);
            assert.equal(await client.shownValue('From inbox *'), `support · ${MAILBOX.user} · no department`, 'her one inbox, chosen');
            await client.type('To *', 'nora at example.org');
            await client.type('CC (optional)', 'boss@example.org');
            await client.type('Subject *', 'Your quote 42');
            await client.type('Message *', 'Hello Nora,\n\nhere is *your* quote.');
            await client.screenshot('new-email-form');
            await client.click('Send');
            assert.equal(await client.isOpen(), true);
            assert.match((await client.errorUnder('To *')) ?? '', /"nora at example\.org" is not an email address/);
            await client.screenshot('new-email-error');
            const before = bed.smtp.messages.length;
            await client.type('To *', 'Nora Doe <nora@example.org>');
            await client.click('Send');
            assert.equal(await client.isOpen(), false, 'sent: the form closes');
            await host.settle();
            const [sent] = bed.smtp.messages.slice(before);
            assert.deepEqual(sent?.envelope.to, ['nora@example.org', 'boss@example.org']);
            assert.match(sent.raw.toString(), /^Subject: Your quote 42\r$/m);
            const room = host.rooms().find((candidate) => candidate.visitor.visitorEmails?.[0]?.address === 'nora@example.org');
            assert.equal(room?.servedBy?.username, 'jane');
            assert.deepEqual(
                host.messages(room?.id ?? '').map((message) => message.text),
                ['Hello Nora,\n\nhere is *your* quote.'],
            );
            assert.match(host.notifications('jane').at(-1)?.text ?? '', /Your email to nora@example\.org \("Your quote 42"\) was sent/);
        } finally {
            actor = 'admin';
        }
    });

    it('asks before removing, and removes on confirmation', async () => {
        await command('remove support');
        assert.deepEqual(client.problems(), []);
        assert.match(await client.text(), /Mail on the server and past conversations stay/);
        await client.screenshot('remove-form');
        const before = host.notifications('admin').length;
        await client.click('Remove');
        assert.equal(await client.isOpen(), false);
        assert.match(await saidSince(before), /Inbox \*support\* removed/);
    });

    it('showed every view inside the trigger window, with nothing the client dropped or would log', () => {
        assert.deepEqual(
            host.state.droppedUiInteractions.map((dropped) => `${dropped.type}: ${dropped.reason}`),
            [],
        );
        assert.deepEqual(client.problems(), []);
        assert.ok(!host.allRecordedText().includes(MAILBOX.password) && !host.allRecordedText().includes('Wrong-Password-9'), 'passwords stay secret');
    });
});
