// Inbox configuration through /email-inbox and its forms, in the real Apps-Engine, tested
// against a real Dovecot and SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EngineHost, FormAnswer, OpenedView } from '../support/engine';
import { commandAnswer } from '../support/appActions';
import { freePort } from '../support/mail';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';
import type { DovecotServer, SmtpTestServer } from '../support/mail';

const IMAP_USER = { user: 'support@example.test', password: 'Imap-Secret-7781' };
const SMTP_USER = { user: 'support@example.test', password: 'Smtp-Secret-4410' };

describe(`inbox configuration (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let dovecot: DovecotServer;
    let smtp: SmtpTestServer;
    let salesId: string;

    const formValues = (overrides: Record<string, string> = {}): Record<string, string> => ({
        name: 'support',
        email: 'support@example.test',
        description: 'Customer support',
        senderInfo: 'ACME Support',
        department: salesId,
        active: 'true',
        'smtp.host': 'localhost',
        'smtp.port': String(smtp.tlsPort),
        'smtp.security': 'ssl',
        'smtp.username': SMTP_USER.user,
        'smtp.password': SMTP_USER.password,
        'smtp.allowUntrusted': 'false',
        'smtp.trustedCertificate': dovecot.ca.caPem,
        'imap.host': 'localhost',
        'imap.port': String(dovecot.tlsPort),
        'imap.security': 'ssl',
        'imap.username': IMAP_USER.user,
        'imap.password': IMAP_USER.password,
        'imap.folder': 'INBOX',
        'imap.allowUntrusted': 'false',
        'imap.trustedCertificate': dovecot.ca.caPem,
        ...overrides,
    });

    const command = (args: string, user = 'admin') => commandAnswer(host, args, user);

    /** Fills in the form the admin sees (or, `as` someone else, forges its submission) and saves it. */
    async function submit(values: Record<string, string>, options: { as?: string } = {}): Promise<{ result: FormAnswer; answer: string }> {
        const form = host.form('admin');
        await form.fill(values);
        const user = options.as ?? 'admin';
        const before = host.notifications(user).length;
        const result = options.as ? await form.submitAs(options.as) : await form.submit();
        await host.settle();
        const answer = host
            .notifications(user)
            .slice(before)
            .map((notification) => notification.text)
            .join('\n');
        return { result, answer };
    }

    async function editInbox(overrides: Record<string, string>): Promise<string> {
        await command('edit support');
        const { result, answer } = await submit(formValues({ 'smtp.password': '', 'imap.password': '', ...overrides }));
        assert.equal(result.closed, true, JSON.stringify(result.errors));
        return answer;
    }

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [IMAP_USER],
            smtpUsers: [SMTP_USER],
            workspace: (workspace) => {
                salesId = workspace.departments.add({ name: 'Sales' }).id;
                // The form offers the departments core routes to: enabled, with agents.
                workspace.users.add({ username: 'agent', roles: ['livechat-agent'], departments: [salesId] });
            },
        });
        ({ host, dovecot, smtp } = bed);
    });

    after(() => bed?.stop());

    it('adds an inbox through the form, then tests both servers', async () => {
        await command('add');
        const view = host.lastView('admin');
        assert.match(view.id, /^email-inboxes:inbox-form:/);
        const labels = view.blocks.filter((block) => block.type === 'section').map((block) => JSON.stringify(block));
        assert.deepEqual(
            labels.map((label) => /\*(.+?)\*/.exec(label)?.[1]),
            ['General', 'Acknowledgement', 'Sign-in', 'Outgoing mail (SMTP)', 'Incoming mail (IMAP)'],
        );
        const { result, answer } = await submit(formValues());
        assert.equal(result.closed, true, JSON.stringify(result));
        assert.equal(result.timedOut, false);
        assert.match(answer, /Inbox \*support\* saved\./);
        assert.match(answer, /✅ IMAP localhost:\d+ \(ssl\): logged in; INBOX holds 0 messages\./);
        assert.match(answer, /✅ SMTP localhost:\d+ \(ssl\): logged in\./);
    });

    it('shows each field error under its field and saves nothing', async () => {
        await command('add');
        const { result } = await submit(formValues({ name: 'Support', email: 'not-an-address', 'imap.port': '99999', 'smtp.host': 'smtp.example.com:587' }));
        assert.equal(result.closed, false);
        assert.deepEqual(result.unshownErrors, []);
        assert.deepEqual(Object.keys(result.errors).sort(), ['email', 'imap.port', 'name', 'smtp.host']);
        assert.match(result.errors.name, /An inbox named "Support" exists already/);
        assert.match(result.errors.email, /"not-an-address" is not an email address/);
        assert.match(result.errors['imap.port'], /"99999" is not a port/);
        assert.match(result.errors['smtp.host'], /Put the port in the port field/);
        assert.match(await command('list'), /^1 inbox:/);
    });

    it('shows only the fields the chosen sign-in method and security need, keeping what was typed', async () => {
        await command('add');
        const form = host.form('admin');
        assert.equal(form.client.inputs()[0], 'active', 'Active comes first');
        await form.fill({ name: 'billing', 'smtp.host': 'mail.example.org' });
        const oauthFields = ['signIn.clientId', 'signIn.clientSecret', 'signIn.tenant', 'signIn.flow'];
        assert.deepEqual(
            form.client.inputs().filter((id) => id.startsWith('signIn.')),
            ['signIn.method'],
        );
        assert.ok(form.client.inputs().includes('smtp.password') && form.client.inputs().includes('imap.password'));

        await form.choose('signIn.method', 'microsoft');
        assert.deepEqual(
            form.client.inputs().filter((id) => id.startsWith('signIn.')),
            ['signIn.method', ...oauthFields],
        );
        assert.ok(!form.client.inputs().some((id) => id.endsWith('.password')), 'no password with OAuth2');
        assert.match(JSON.stringify(form.client.view.blocks), /Redirect URI to register/);

        await form.choose('signIn.method', 'google');
        assert.deepEqual(
            form.client.inputs().filter((id) => id.startsWith('signIn.')),
            ['signIn.method', 'signIn.clientId', 'signIn.clientSecret'],
        );
        await form.choose('signIn.method', 'oauth2');
        assert.ok(['signIn.authorizeUrl', 'signIn.tokenUrl', 'signIn.deviceUrl', 'signIn.scopes'].every((id) => form.client.inputs().includes(id)));

        await form.choose('signIn.method', 'password');
        assert.deepEqual(
            form.client.inputs().filter((id) => id.startsWith('signIn.')),
            ['signIn.method'],
        );
        assert.equal(form.client.shown('name'), 'billing', 'typed values survive the reshaping');
        assert.equal(form.client.shown('smtp.host'), 'mail.example.org');

        assert.ok(form.client.inputs().includes('imap.trustedCertificate'));
        await form.choose('imap.security', 'none');
        assert.ok(!form.client.inputs().includes('imap.trustedCertificate') && !form.client.inputs().includes('imap.allowUntrusted'));
        assert.ok(form.client.inputs().includes('smtp.trustedCertificate'), 'SMTP keeps its TLS fields');
        assert.match(JSON.stringify(form.client.view.blocks), /Without encryption/);
        await form.close();
    });

    it('edits an inbox without re-entering passwords', async () => {
        await command('edit support');
        const view = host.lastView('admin');
        const passwordBlocks = view.blocks.filter((block) => String(block.blockId).endsWith('.password'));
        assert.equal(passwordBlocks.length, 2);
        for (const block of passwordBlocks) assert.ok(!JSON.stringify(block).includes('initialValue'), 'password fields start empty');
        assert.ok(!JSON.stringify(view).includes(SMTP_USER.password) && !JSON.stringify(view).includes(IMAP_USER.password));
        const answer = await editInbox({ description: 'Second level support' });
        assert.match(answer, /Inbox \*support\* updated\./);
        assert.match(answer, /✅ IMAP/);
        assert.match(answer, /✅ SMTP/);
        assert.match(await command('show support'), /Description: Second level support/);
    });

    it('lists, shows and reports status without any password', async () => {
        const status = await command('status');
        assert.match(status, /\*support\* <support@example\.test> \(active\)\nMail not checked yet\.\nEmails imported: 0/);
        assert.match(await command('status support'), /Replies sent: 0; waiting to be sent: 0; failed: 0\./);
        const list = await command('list');
        assert.match(list, /\*support\* — support@example\.test — Sales — active/);
        const shown = await command('show support');
        assert.match(shown, /SMTP: localhost:\d+ \(ssl\), user support@example\.test, password saved/);
        assert.match(shown, /IMAP: localhost:\d+ \(ssl\), .*folder INBOX/);
        for (const text of [status, list, shown]) {
            assert.ok(!text.includes(SMTP_USER.password) && !text.includes(IMAP_USER.password));
        }
        const stored = host.persistence().find((record) => JSON.stringify(record.data).includes('"name":"support"'));
        assert.equal((stored?.data as { departmentId?: string }).departmentId, salesId);
    });

    it('names what to fix when a connection test fails', async () => {
        const wrongPassword = await editInbox({ 'imap.password': 'Not-The-Password-1' });
        assert.match(wrongPassword, /❌ IMAP .*the user name or password was refused\. If the account uses two-factor authentication, create an app password/);
        await editInbox({ 'imap.password': IMAP_USER.password });

        const refused = await editInbox({ 'smtp.port': String(await freePort()) });
        assert.match(refused, /❌ SMTP .*nothing accepts connections on that port/);

        const untrusted = await editInbox({ 'imap.trustedCertificate': '' });
        assert.match(untrusted, /❌ IMAP .*certificate is not trusted .*paste the server's certificate or its CA's into "Trusted certificate"/);
        // Only a runtime that can skip verification can look at the certificate (not Deno 2.3).
        if (host.runtime === 'node') {
            assert.match(untrusted, /The server presents a certificate for CN=localhost, issued by CN=Email Inboxes Test CA, valid until /);
        }

        const folder = await editInbox({ 'imap.folder': 'Support' });
        assert.match(folder, /❌ IMAP .*the folder "Support" does not exist/);

        const fixed = await editInbox({});
        assert.match(fixed, /✅ IMAP/);
        assert.match(fixed, /✅ SMTP/);
        assert.match(await command('test support'), /✅ IMAP[\s\S]*✅ SMTP/);
    });

    it('sends a test email from the inbox on request, and explains a refusal', async () => {
        smtp.clear();
        const sent = await command('test support send carla@example.net');
        assert.match(sent, /✅ IMAP[\s\S]*✅ SMTP[\s\S]*✅ Test email to carla@example\.net accepted by localhost:\d+ \(ssl\): 250/);
        const [message] = await smtp.waitForMessages(1);
        assert.deepEqual(message.envelope, { from: 'support@example.test', to: ['carla@example.net'] });
        assert.match(message.raw.toString(), /Subject: Test email from the Rocket\.Chat inbox support/);

        smtp.failNext({ code: 550, message: '5.7.1 Relaying denied', stage: 'rcptTo' });
        assert.match(
            await command('test support send carla@example.net'),
            /❌ Test email to carla@example\.net not sent: the server refused the message\. \(recipient_rejected: .*5\.7\.1 Relaying denied/,
        );
        assert.match(await command('test support send not-an-address'), /"not-an-address" is not an email address/);
        assert.match(await command('test nobody send carla@example.net'), /There is no inbox "nobody"/);
    });

    it('warns about a security setting that does not fit the port', async () => {
        const answer = await editInbox({
            'imap.security': 'none',
            'imap.port': String(dovecot.plainPort),
            'imap.allowUntrusted': '',
            'imap.trustedCertificate': '',
        });
        assert.match(answer, /✅ IMAP/);
        const warned = await editInbox({ 'smtp.port': '465', 'smtp.security': 'starttls' });
        assert.match(warned, /⚠️ Port 465 normally uses SSL\/TLS/);
        await editInbox({});
    });

    it('fills in Gmail and Microsoft 365 servers from the address, with the provider advice', async () => {
        const initial = (view: OpenedView, blockId: string) =>
            (view.blocks.find((block) => block.blockId === blockId)?.element as { initialValue?: string } | undefined)?.initialValue;
        await command('add helpdesk@gmail.com');
        const gmail = host.lastView('admin');
        assert.equal(initial(gmail, 'smtp.host'), 'smtp.gmail.com');
        assert.equal(initial(gmail, 'smtp.port'), '465');
        assert.equal(initial(gmail, 'smtp.security'), 'ssl');
        assert.equal(initial(gmail, 'imap.host'), 'imap.gmail.com');
        assert.equal(initial(gmail, 'imap.username'), 'helpdesk@gmail.com');
        assert.match(JSON.stringify(gmail.blocks[0]), /Gmail \/ Google Workspace.*app password/);

        await command('add service@outlook.com');
        const outlook = host.lastView('admin');
        assert.equal(initial(outlook, 'smtp.host'), 'smtp.office365.com');
        assert.equal(initial(outlook, 'smtp.port'), '587');
        assert.equal(initial(outlook, 'smtp.security'), 'starttls');
        assert.equal(initial(outlook, 'imap.host'), 'outlook.office365.com');
        assert.equal(initial(outlook, 'imap.port'), '993');
        await host.form('admin').close(true);
        // Microsoft refuses passwords for IMAP: the address picks OAuth2 sign-in, and the note says how.
        assert.equal(initial(outlook, 'signIn.method'), 'microsoft');
        assert.match(JSON.stringify(outlook.blocks[0]), /sign-in with OAuth2 \(Microsoft refuses passwords for IMAP\)\. Register an app in Microsoft Entra ID/);
    });

    it('enables and disables an inbox', async () => {
        assert.match(await command('disable support'), /disabled/);
        assert.match(await command('list'), /— disabled/);
        assert.match(await command('enable SUPPORT'), /enabled/);
        assert.match(await command('list'), /— active/);
        assert.match(await command('show nope'), /There is no inbox "nope"\. Inboxes: support\./);
        assert.match(await command('edit'), /Usage: `\/email-inbox edit <name>`/);
    });

    it('refuses a forged form submission from a user who may not manage inboxes', async () => {
        await command('edit support');
        const view = host.lastView('admin');
        assert.match(view.title?.text ?? '', /Edit inbox support/);
        const { result, answer } = await submit(formValues({ description: 'hijacked' }), { as: 'agent' });
        assert.equal((result.response as { success?: boolean } | undefined)?.success, false);
        assert.match(answer, /not allowed to manage email inboxes/);
        assert.doesNotMatch(await command('show support'), /hijacked/);
    });

    it('removes an inbox and all its state after asking', async () => {
        await command('remove support');
        const view = host.lastView('admin');
        assert.match(view.id, /^email-inboxes:remove-inbox:/);
        assert.match(JSON.stringify(view.blocks), /Mail on the server and past conversations stay/);
        assert.ok(host.persistence().length > 0);
        const { answer } = await submit({});
        assert.match(answer, /Inbox \*support\* removed/);
        // Nothing either: the forms closed above took their drafts along.
        assert.equal(host.persistence().length, 0);
        assert.match(await command('list'), /No inboxes yet/);
    });

    it("opened every view within the client's trigger window: the client dropped none", () => {
        assert.deepEqual(
            host.state.droppedUiInteractions.map((dropped) => `${dropped.type}: ${dropped.reason}`),
            [],
        );
    });

    it('never let a password reach a message, a notification, a view or a log', () => {
        const everything = host.allRecordedText();
        for (const secret of [SMTP_USER.password, IMAP_USER.password, 'Not-The-Password-1']) {
            assert.ok(!everything.includes(secret), `${secret} leaked`);
        }
    });
});
