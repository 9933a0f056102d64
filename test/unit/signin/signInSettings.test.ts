import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { emptyInboxInput } from '../../../src/configuration/domain/InboxInput';
import type { InboxInput } from '../../../src/configuration/domain/InboxInput';
import { oauthSettings, signInChanged } from '../../../src/configuration/domain/SignIn';
import { isEndpointUrl, validateInboxInput } from '../../../src/configuration/domain/validateInbox';
import type { Inbox } from '../../../src/configuration/domain/Inbox';

function input(overrides: Partial<InboxInput>): InboxInput {
    return {
        ...emptyInboxInput(),
        name: 'support',
        email: 'support@contoso.example',
        active: 'true',
        'smtp.host': 'smtp.office365.com',
        'smtp.port': '587',
        'smtp.security': 'starttls',
        'smtp.username': 'support@contoso.example',
        'imap.host': 'outlook.office365.com',
        'imap.port': '993',
        'imap.security': 'ssl',
        'imap.username': 'support@contoso.example',
        ...overrides,
    };
}

const context = { existing: [], departments: [] };

describe('sign-in settings', () => {
    it('Microsoft: the device code by default, the tenant in every endpoint, the mail scopes with a refresh token', () => {
        const settings = oauthSettings({ provider: 'microsoft', clientId: ' app-id ', clientSecret: '', tenant: 'organizations' });
        assert.equal(settings.flow, 'device');
        assert.equal(settings.clientId, 'app-id');
        assert.equal(settings.deviceUrl, 'https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode');
        assert.equal(settings.tokenUrl, 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token');
        assert.ok(settings.scopes.includes('https://outlook.office.com/IMAP.AccessAsUser.All'));
        assert.ok(settings.scopes.includes('https://outlook.office.com/SMTP.Send'));
        assert.ok(settings.scopes.includes('offline_access'));
        assert.equal(oauthSettings({ provider: 'microsoft', clientId: 'x', clientSecret: '' }).tenant, 'common');
    });

    it('Google: always a sign-in link, with offline access and consent asked so a refresh token comes every time', () => {
        const settings = oauthSettings({ provider: 'google', clientId: 'id', clientSecret: 'secret', flow: 'device' });
        assert.equal(settings.flow, 'code');
        assert.deepEqual(settings.extraAuthorizeParams, { access_type: 'offline', prompt: 'consent' });
        assert.ok(settings.scopes.includes('https://mail.google.com/'));
    });

    it('a password inbox needs passwords; an OAuth2 inbox needs none but a client id', () => {
        const password = validateInboxInput(input({}), context);
        assert.equal(password.ok, false);
        assert.ok(!password.ok && password.errors.some((issue) => issue.field === 'imap.password'));

        const oauth = validateInboxInput(input({ 'signIn.method': 'microsoft' }), context);
        assert.ok(!oauth.ok && oauth.errors.map((issue) => issue.field).join() === 'signIn.clientId');

        const valid = validateInboxInput(input({ 'signIn.method': 'microsoft', 'signIn.clientId': 'app-id', 'imap.password': 'typed anyway' }), context);
        assert.ok(valid.ok);
        assert.equal(valid.inbox.oauth?.provider, 'microsoft');
        // Passwords typed for an OAuth2 inbox are not kept: nothing stored that is not used.
        assert.equal(valid.inbox.imap.password, '');
    });

    it('refuses what cannot work, per field: a bad tenant, Google without a secret or with a device code, plain-HTTP endpoints elsewhere than this machine', () => {
        const fields = (overrides: Partial<InboxInput>) => {
            const result = validateInboxInput(input(overrides), context);
            return result.ok ? [] : result.errors.map((issue) => `${issue.field}:${issue.key}`);
        };
        assert.deepEqual(fields({ 'signIn.method': 'microsoft', 'signIn.clientId': 'a', 'signIn.tenant': 'not a tenant' }), [
            'signIn.tenant:validation_tenant',
        ]);
        assert.deepEqual(fields({ 'signIn.method': 'google', 'signIn.clientId': 'a' }), ['signIn.clientSecret:validation_google_secret']);
        assert.deepEqual(fields({ 'signIn.method': 'google', 'signIn.clientId': 'a', 'signIn.clientSecret': 's', 'signIn.flow': 'device' }), [
            'signIn.flow:validation_google_device',
        ]);
        assert.deepEqual(
            fields({ 'signIn.method': 'oauth2', 'signIn.clientId': 'a', 'signIn.tokenUrl': 'http://auth.example.com/token', 'signIn.scopes': 'mail' }).sort(),
            ['signIn.authorizeUrl:validation_authorize_url_needed', 'signIn.tokenUrl:validation_endpoint_url'],
        );
        assert.deepEqual(
            fields({ 'signIn.method': 'oauth2', 'signIn.clientId': 'a', 'signIn.tokenUrl': 'https://auth.example.com/token', 'signIn.flow': 'device' }).sort(),
            ['signIn.deviceUrl:validation_device_url_needed', 'signIn.scopes:validation_required'],
        );
        assert.deepEqual(fields({ 'signIn.method': 'kerberos' }), ['signIn.method:validation_sign_in_method']);
    });

    it('another server: its endpoints and scopes as typed; the device flow when a device endpoint is given', () => {
        const result = validateInboxInput(
            input({
                'signIn.method': 'oauth2',
                'signIn.clientId': 'mail-app',
                'signIn.tokenUrl': 'http://127.0.0.1:4000/token',
                'signIn.deviceUrl': 'http://localhost:4000/device',
                'signIn.scopes': 'mail, offline_access',
            }),
            context,
        );
        assert.ok(result.ok);
        assert.equal(result.inbox.oauth?.flow, 'device');
        assert.deepEqual(result.inbox.oauth?.scopes, ['mail', 'offline_access']);
    });

    it('keeps the client secret when the form leaves it empty for the same client, not for another', () => {
        const base = validateInboxInput(input({ 'signIn.method': 'google', 'signIn.clientId': 'a', 'signIn.clientSecret': 'first-secret' }), context);
        assert.ok(base.ok);
        const editing = { ...base.inbox, id: 'i1', createdAt: '', updatedAt: '', createdBy: '', updatedBy: '' } as Inbox;
        const same = validateInboxInput(input({ 'signIn.method': 'google', 'signIn.clientId': 'a' }), { ...context, editing });
        assert.ok(same.ok && same.inbox.oauth?.clientSecret === 'first-secret');
        const other = validateInboxInput(input({ 'signIn.method': 'google', 'signIn.clientId': 'b' }), { ...context, editing });
        assert.ok(!other.ok);
    });

    it('a change of client, token endpoint or scopes makes the old tokens useless; a change of flow does not', () => {
        const a = oauthSettings({ provider: 'microsoft', clientId: 'x', clientSecret: '' });
        assert.equal(signInChanged(a, { ...a, flow: 'code' }), false);
        assert.equal(signInChanged(a, { ...a, clientId: 'y' }), true);
        assert.equal(signInChanged(a, oauthSettings({ provider: 'microsoft', clientId: 'x', clientSecret: '', tenant: 'consumers' })), true);
        assert.equal(signInChanged(undefined, a), true);
        assert.equal(signInChanged(undefined, undefined), false);
    });

    it('endpoint addresses: HTTPS, or HTTP on this machine; never with credentials in them', () => {
        assert.equal(isEndpointUrl('https://login.example.com/token'), true);
        assert.equal(isEndpointUrl('http://localhost:8080/token'), true);
        assert.equal(isEndpointUrl('http://[::1]:8080/token'), true);
        assert.equal(isEndpointUrl('http://login.example.com/token'), false);
        assert.equal(isEndpointUrl('https://user:secret@login.example.com/token'), false);
        assert.equal(isEndpointUrl('login.example.com/token'), false);
    });
});
