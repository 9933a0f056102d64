// The Email inboxes panel: the button in the Marketplace menu and the room menu, the list with
// each inbox's state, and every action of an inbox's menu, in the real engine against a real
// Dovecot and SMTP server, clicked as Rocket.Chat's client clicks (host.clickButton, HostForm).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { commandAnswer } from '../support/appActions';
import type { EngineHost } from '../support/engine';
import { addInboxThroughForm, saveForm, testInboxValues } from '../support/inboxes';
import { startMailTestBed } from '../support/mailTestBed';
import type { MailTestBed } from '../support/mailTestBed';

const SUPPORT = { user: 'support@example.test', password: 'Panel-Secret-1' };
const SALES = { user: 'sales@example.test', password: 'Panel-Secret-2' };
const MENU = 'email-inboxes-panel';
const ROOM_BUTTON = 'email-inboxes-panel-room';
const NEW_EMAIL = 'email-inboxes-new-email';
const NEW_EMAIL_COMPOSER = 'email-inboxes-new-email-composer';

describe(`the Email inboxes panel (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let bed: MailTestBed;
    let host: EngineHost;
    let supportId: string;

    const command = (args: string, user = 'admin') => commandAnswer(host, args, user);
    const said = async (before: number) => {
        await host.settle();
        return host
            .notifications('admin')
            .slice(before)
            .map((notification) => notification.text)
            .join('\n');
    };
    const openPanel = async () => {
        const click = await host.clickButton('admin', MENU);
        assert.equal(click.shown, true, 'the panel opens within the trigger window');
        return host.form('admin');
    };

    before(async () => {
        bed = await startMailTestBed({
            imapUsers: [SUPPORT, SALES],
            smtpUsers: [SUPPORT, SALES],
            workspace: (workspace) => workspace.users.add({ username: 'agent', roles: ['livechat-agent'] }),
        });
        host = bed.host;
        const { dovecot, smtp } = bed;
        await addInboxThroughForm(host, 'admin', testInboxValues({ dovecot, smtp, imapUser: SUPPORT, smtpUser: SUPPORT, name: 'support' }));
        await addInboxThroughForm(host, 'admin', {
            ...testInboxValues({ dovecot, smtp, imapUser: SALES, smtpUser: SALES, name: 'sales' }),
            'imap.password': 'wrong',
        });
        await host.runJob('email-inboxes-poll');
        supportId = (host.persistence().find((record) => (record.data as { name?: string }).name === 'support')?.data as { id: string }).id;
    });

    after(() => bed?.stop());

    it('shows the button to inbox managers only, in the Marketplace menu and in rooms (agents get only New email)', async () => {
        const ids = async (user: string, room?: string) => (await host.buttonsFor(user, room ? { room } : {})).map((button) => button.actionId);
        assert.deepEqual(await ids('admin'), [MENU, NEW_EMAIL]);
        assert.deepEqual(await ids('admin', host.generalRoom().id), [ROOM_BUTTON, NEW_EMAIL_COMPOSER]);
        assert.deepEqual(await ids('agent'), [NEW_EMAIL]);
        assert.deepEqual(await ids('agent', host.generalRoom().id), [NEW_EMAIL_COMPOSER]);
    });

    it('opens New email in place of the panel, with every inbox for an admin', async () => {
        const panel = await openPanel();
        await panel.press('panel-new-email');
        const form = host.form('admin');
        assert.match(form.client.view.id, /^email-inboxes:new-email:/);
        assert.deepEqual(
            (
                (form.client.view.blocks as Array<{ element?: { actionId: string; options?: Array<{ text: { text: string } }> } }>).find(
                    (block) => block.element?.actionId === 'inbox',
                )?.element?.options ?? []
            ).map((option) => option.text.text),
            ['ACME Support · sales@example.test · no department', 'ACME Support · support@example.test · no department'],
        );
        await form.close();
    });

    it("refuses a non-manager's click on the server, as the client's filter is only the client's", async () => {
        const click = await host.clickButton('agent', MENU, { forged: true });
        assert.equal(click.shown, false);
        assert.equal((click.response as { success?: boolean }).success, false);
        assert.throws(() => host.form('agent'), /no view/);
    });

    it('lists every inbox with its state, the same facts as /email-inbox status, and its problem as a callout', async () => {
        const panel = await openPanel();
        const texts = panel.client.texts();
        assert.match(texts[0], /2 inboxes/);
        const status = await command('status');
        const [salesStatus, supportStatus] = status.split('\n\n');
        for (const [name, text] of [
            ['sales', salesStatus],
            ['support', supportStatus],
        ] as const) {
            const [, ...facts] = text.split('\n');
            const shown = texts.join('\n');
            assert.match(shown, new RegExp(`\\*${name}\\* · ${name}@example\\.test\\nDepartment: no department · active`));
            for (const fact of facts) assert.ok(shown.includes(fact), `the panel shows "${fact}" for ${name}`);
        }
        const callouts = (panel.client.view.blocks as Array<{ type: string; text?: { text: string } }>).filter((block) => block.type === 'callout');
        assert.equal(callouts.length, 1, 'only sales has a problem');
        assert.match(callouts[0].text?.text ?? '', /auth_failed/);
        // Opened from a room, the same panel.
        assert.equal((await host.clickButton('admin', ROOM_BUTTON, { room: host.generalRoom().id })).shown, true);
    });

    it('disables and enables an inbox from its menu, the panel kept current', async () => {
        const panel = await openPanel();
        await panel.press(`panel-inbox:${supportId}`, 'disable');
        assert.match(panel.client.texts().join('\n'), /support\* · support@example\.test\nDepartment: no department · disabled/);
        assert.match(panel.client.texts().join('\n'), /support.*disabled/);
        assert.match(await command('list'), /\*support\* — support@example\.test — .* — disabled/);
        await panel.press(`panel-inbox:${supportId}`, 'enable');
        assert.match(panel.client.texts().join('\n'), /support\* · support@example\.test\nDepartment: no department · active/);
    });

    it('tests a connection after answering at once: the result comes as a private message', async () => {
        const panel = await openPanel();
        const before = host.notifications('admin').length;
        await panel.press(`panel-inbox:${supportId}`, 'test');
        assert.match(panel.client.texts().join('\n'), /Testing \*support\*/);
        assert.match(await said(before), /✅ IMAP[\s\S]*✅ SMTP/);
    });

    it("shows one inbox's whole status, and goes back", async () => {
        const panel = await openPanel();
        await panel.press(`panel-inbox:${supportId}`, 'status');
        assert.doesNotMatch(panel.client.texts().join('\n'), /sales@example/);
        await panel.press('panel-back');
        assert.match(panel.client.texts().join('\n'), /sales@example/);
    });

    it('edits an inbox with the same form as the command', async () => {
        const panel = await openPanel();
        await panel.press(`panel-inbox:${supportId}`, 'edit');
        const form = host.form('admin');
        assert.match(form.client.view.id, /^email-inboxes:inbox-form:/);
        assert.equal(form.client.shown('name'), 'support');
        assert.match(await saveForm(host, 'admin', { description: 'From the panel' }), /Inbox \*support\* updated\./);
        assert.match(await command('show support'), /Description: From the panel/);
    });

    it('asks for the day and imports existing mail', async () => {
        const panel = await openPanel();
        await panel.press(`panel-inbox:${supportId}`, 'import');
        const form = host.form('admin');
        await form.fill({ 'import-since': 'not a day' });
        const refused = await form.submit();
        assert.match(refused.errors['import-since'] ?? '', /is not a date/);
        await form.fill({ 'import-since': '2026-01-01' });
        assert.equal((await form.submit()).closed, true);
        assert.match(await command('status support'), /Import of the mail already in the folder since 2026-01-01 requested/);
    });

    it('adds and removes an inbox from the panel', async () => {
        let panel = await openPanel();
        await panel.press('panel-add');
        const { dovecot, smtp } = bed;
        assert.match(
            await saveForm(host, 'admin', {
                ...testInboxValues({ dovecot, smtp, imapUser: SALES, smtpUser: SALES, name: 'billing' }),
                email: 'billing@example.test',
            }),
            /Inbox \*billing\* saved\./,
        );
        panel = await openPanel();
        assert.match(panel.client.texts()[0], /3 inboxes/);
        const billing = (host.persistence().find((record) => (record.data as { name?: string }).name === 'billing')?.data as { id: string }).id;
        await panel.press(`panel-inbox:${billing}`, 'remove');
        assert.match(await saveForm(host, 'admin', {}, 'the removal'), /Inbox \*billing\* removed/);
        assert.match((await openPanel()).client.texts()[0], /2 inboxes/);
    });

    it('opened every view inside the trigger window', () => {
        assert.deepEqual(
            host.state.droppedUiInteractions.map((dropped) => `${dropped.type}: ${dropped.reason}`),
            [],
        );
    });
});
