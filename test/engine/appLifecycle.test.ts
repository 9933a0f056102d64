// The packaged app in the real Apps-Engine: enabled, everything registered, the command
// answering privately and refusing whoever may not manage inboxes, jobs rescheduled when
// the interval setting changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startEngineHost } from '../support/engine';
import type { EngineHost, InstalledApp } from '../support/engine';

const APP_SETTINGS = [
    'poll_interval_seconds',
    'push_new_mail',
    'max_messages_per_run',
    'max_attachment_size_mb',
    'mark_as_seen_after_import',
    'default_department',
    'strip_quoted_replies',
    'reply_sender_name',
    'reply_to_all',
    'new_conversations_per_sender_per_hour',
    'outbox_retry_hours',
    'send_closing_message',
    'closing_message',
    'manager_roles',
];

describe(`app lifecycle (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let host: EngineHost;
    let app: InstalledApp;

    before(async () => {
        host = await startEngineHost();
        host.users.add({ username: 'admin', roles: ['admin', 'user'] });
        host.users.add({ username: 'agent', roles: ['user', 'livechat-agent'] });
        host.users.add({ username: 'manager', roles: ['user', 'livechat-manager'], language: 'de' });
        app = await host.installApp();
    });

    after(() => host?.stop());

    it('is enabled with its settings, command and jobs registered', () => {
        assert.equal(app.status, 'manually_enabled');
        assert.deepEqual([...app.settings].sort(), [...APP_SETTINGS].sort());
        assert.deepEqual(app.commands, ['email-inbox']);
        assert.deepEqual(app.processors.map((id) => id.split('_')[0]).sort(), [
            'email-inboxes-after-save',
            'email-inboxes-device-sign-in',
            'email-inboxes-new-email',
            'email-inboxes-outbox',
            'email-inboxes-poll',
            'email-inboxes-selftest',
            'email-inboxes-send-again',
        ]);
        assert.deepEqual(host.recurringJobs(), { 'email-inboxes-poll': 60_000, 'email-inboxes-outbox': 60_000 });
    });

    it('declares the manage-email-inbox permission on the command', () => {
        const registered = host.state.otherRecords.find((record) => typeof record === 'object' && record !== null && 'registeredCommand' in record);
        assert.deepEqual(registered, { registeredCommand: 'email-inbox', permission: 'manage-email-inbox' });
    });

    it('answers help and version privately, never in the room', async () => {
        await host.runCommand('email-inbox', 'help', { user: 'admin' });
        await host.runCommand('email-inbox', 'version', { user: 'admin' });
        const texts = host.notifications('admin').map((notification) => notification.text);
        assert.match(texts[0], /usage: `\/email-inbox <subcommand>`/);
        assert.equal(texts[1], `Email Inboxes ${app.proxied.getVersion()}`);
        assert.equal(host.messages(host.generalRoom().id).length, 0, 'nothing posted in the room');
    });

    it('explains unknown subcommands with the usage', async () => {
        await host.runCommand('email-inbox', 'frobnicate', { user: 'admin' });
        const last = host.notifications('admin').at(-1);
        assert.match(last?.text ?? '', /Unknown subcommand "frobnicate"[\s\S]*usage/);
    });

    it('is refused to users without the permission', async () => {
        await host.runCommand('email-inbox', 'help', { user: 'agent' });
        assert.match(host.notifications('agent').at(-1)?.text ?? '', /do not have permission/);
    });

    it('checks the manager roles itself, answering in the user language, even when Rocket.Chat lets the command through', async () => {
        host.state.permissionRoles.set('manage-email-inbox', ['admin', 'livechat-manager']);
        try {
            await host.runCommand('email-inbox', 'help', { user: 'manager' });
            assert.match(host.notifications('manager').at(-1)?.text ?? '', /^Sie dürfen keine E-Mail-Postfächer verwalten\./, 'in the user language');
            await host.setAppSetting('manager_roles', 'admin, livechat-manager');
            await host.runCommand('email-inbox', 'version', { user: 'manager' });
            assert.match(host.notifications('manager').at(-1)?.text ?? '', /^Email Inboxes /);
        } finally {
            await host.setAppSetting('manager_roles', 'admin');
            host.state.permissionRoles.set('manage-email-inbox', ['admin']);
        }
    });

    it('reschedules the poll job when the interval changes, within limits', async () => {
        await host.setAppSetting('poll_interval_seconds', 120);
        assert.equal(host.recurringJobs()['email-inboxes-poll'], 120_000);
        await host.setAppSetting('poll_interval_seconds', 5);
        assert.equal(host.recurringJobs()['email-inboxes-poll'], 15_000, 'clamped to the 15 s minimum');
    });
});
