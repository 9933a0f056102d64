// OAuth 2.0 sign-in against real servers: tokens from a real authorization server (oidc-provider,
// device flow and authorization code with PKCE, all over HTTP) log in to Dovecot with XOAUTH2
// and OAUTHBEARER (imapflow) and send through the SMTP server with XOAUTH2 (nodemailer); both
// servers check each token by introspection, so expired, revoked and other accounts' tokens fail.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';

import { createTestCa, startDovecot, startSmtpServer } from '../support/mail';
import type { DovecotServer, OAuth2Mechanism, SmtpTestServer } from '../support/mail';
import { DEVICE_CODE_GRANT, googleLikeClient, microsoftLikeClient, OAuthRequestError, pkcePair, startAuthServer, TokenClient } from '../support/oauth';
import type { AuthAccount, AuthCounters, AuthServer, TokenSet } from '../support/oauth';

const ALICE: AuthAccount = { email: 'alice@example.test', password: 'alice-Secret-1' };
const BOB: AuthAccount = { email: 'bob@example.test', password: 'bob-Secret-2' };
/** A password user of both mail servers, next to the OAuth ones. */
const CAROL = { user: 'carol@example.test', password: 'carol-Secret-3' };
/** Never opened: the auth server's redirect to it is where the test takes the code. */
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';
const MICROSOFT_SCOPES = ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send'];
const GOOGLE_SCOPE = 'https://mail.google.com/';
const MECHANISMS: OAuth2Mechanism[] = ['xoauth2', 'oauthbearer'];

/** The rejection of a promise that must fail, as an object whose properties the test inspects. */
async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
    const error: unknown = await promise.then(
        () => assert.fail('expected a refusal'),
        (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error as unknown as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OAuth 2.0 sign-in to real IMAP and SMTP servers', () => {
    let auth: AuthServer;
    let dovecot: Record<OAuth2Mechanism, DovecotServer>;
    let smtp: SmtpTestServer;
    let device: TokenClient;
    let webPost: TokenClient;
    let webBasic: TokenClient;

    before(async () => {
        const ca = await createTestCa(mkdtempSync(join(tmpdir(), 'email-inboxes-ca-')));
        auth = await startAuthServer({
            accounts: [ALICE, BOB],
            clients: [microsoftLikeClient(), googleLikeClient([REDIRECT_URI])],
            mailScopes: [...MICROSOFT_SCOPES, GOOGLE_SCOPE],
        });
        const [publicClient, webClient] = auth.clients;
        device = new TokenClient(auth.endpoints, publicClient);
        webPost = new TokenClient(auth.endpoints, webClient, 'client_secret_post');
        webBasic = new TokenClient(auth.endpoints, webClient, 'client_secret_basic');
        // One Dovecot per mechanism, since imapflow takes OAUTHBEARER whenever it is offered; without
        // the per-IP login penalty, which would hold each further refusal for 2, 4, 8, then 15 s.
        const start = (mechanism: OAuth2Mechanism) =>
            startDovecot({
                users: [CAROL],
                ca,
                authPenalty: false,
                oauth2: { introspectionUrl: auth.introspectionUrlWithCredentials, mechanisms: [mechanism] },
            });
        dovecot = { xoauth2: await start('xoauth2'), oauthbearer: await start('oauthbearer') };
        smtp = await startSmtpServer({ users: [CAROL], ca, oauth2: { introspect: auth.introspect } });
    });

    after(async () => {
        await Promise.all([dovecot?.xoauth2.stop(), dovecot?.oauthbearer.stop(), smtp?.close(), auth?.stop()]);
    });

    /** Device flow as Microsoft's public clients run it: poll while the user approves elsewhere. */
    async function deviceFlowTokens(account: AuthAccount): Promise<TokenSet> {
        const authorization = await device.requestDeviceCode([...MICROSOFT_SCOPES, 'offline_access'].join(' '));
        const polling = device.pollDeviceToken(authorization);
        await auth.approveDevice(authorization.user_code, account.email, account.password);
        return polling;
    }

    /** Authorization code with PKCE, asked as Google's web clients ask for offline access. */
    async function codeFlowTokens(account: AuthAccount): Promise<TokenSet> {
        const { verifier, challenge } = pkcePair();
        const url = webPost.authorizationUrl({
            scope: GOOGLE_SCOPE,
            redirectUri: REDIRECT_URI,
            codeChallenge: challenge,
            state: 'state-42',
            extra: { access_type: 'offline', prompt: 'consent' },
        });
        const back = await auth.approveAuthorization(url, account.email, account.password);
        assert.equal(back.origin + back.pathname, REDIRECT_URI);
        assert.equal(back.searchParams.get('state'), 'state-42');
        return webPost.exchangeCode(back.searchParams.get('code') ?? '', REDIRECT_URI, verifier);
    }

    /** Plain IMAP keeps the test short; OAuth over plaintext is allowed here as for passwords. */
    function imap(mechanism: OAuth2Mechanism, user: string, accessToken: string): ImapFlow {
        return new ImapFlow({
            host: '127.0.0.1',
            port: dovecot[mechanism].plainPort,
            secure: false,
            doSTARTTLS: false,
            auth: { user, accessToken },
            logger: false,
        });
    }

    /** Dovecot's own record of the login: `Login: user=<...>, method=XOAUTH2`. */
    async function loggedInWith(mechanism: OAuth2Mechanism, user: string): Promise<boolean> {
        const line = `Login: user=<${user}>, method=${mechanism.toUpperCase()},`;
        for (let attempt = 0; attempt < 20; attempt++) {
            if (readFileSync(dovecot[mechanism].logPath, 'utf8').includes(line)) return true;
            await sleep(50);
        }
        return false;
    }

    async function imapSignIn(mechanism: OAuth2Mechanism, user: string, accessToken: string): Promise<void> {
        const client = imap(mechanism, user, accessToken);
        await client.connect();
        try {
            assert.equal((await client.mailboxOpen('INBOX')).path, 'INBOX');
        } finally {
            await client.logout();
        }
        assert.ok(await loggedInWith(mechanism, user), `Dovecot logged ${user} in with ${mechanism}`);
    }

    /** imapflow's error for a refused token: tagged NO [AUTHENTICATIONFAILED], with the server's SASL error JSON. */
    async function imapRefusal(mechanism: OAuth2Mechanism, user: string, accessToken: string): Promise<void> {
        const error = await rejection(imap(mechanism, user, accessToken).connect());
        assert.equal(error.authenticationFailed, true);
        assert.equal(error.serverResponseCode, 'AUTHENTICATIONFAILED');
        assert.equal(error.responseText, 'Authentication failed.');
        assert.deepEqual(error.oauthError, mechanism === 'xoauth2' ? { status: '401', schemes: 'bearer', scope: 'mail' } : { status: 'invalid_token' });
    }

    function send(user: string, accessToken: string, subject: string): Promise<unknown> {
        const transport = createTransport({
            host: '127.0.0.1',
            port: smtp.plainPort,
            secure: false,
            ignoreTLS: true,
            auth: { type: 'OAuth2', user, accessToken },
        });
        return transport.sendMail({ from: user, to: 'customer@example.net', subject, text: 'hello' }).finally(() => transport.close());
    }

    /** nodemailer's error for a refused token: EAUTH, after answering the 334 challenge and trying the same token once more. */
    async function smtpRefusal(user: string, accessToken: string): Promise<void> {
        const error = await rejection(send(user, accessToken, 'never sent'));
        assert.equal(error.code, 'EAUTH');
        assert.equal(error.responseCode, 535);
        assert.equal(error.command, 'AUTH XOAUTH2');
        assert.equal(error.response, '535 Error: Username and Password not accepted');
    }

    /** Refused by both Dovecots and the SMTP server; in parallel, since Dovecot takes about 0.5 s to answer a refusal. */
    async function refusedEverywhere(user: string, accessToken: string): Promise<void> {
        await Promise.all([...MECHANISMS.map((mechanism) => imapRefusal(mechanism, user, accessToken)), smtpRefusal(user, accessToken)]);
    }

    it('signs in with a device-flow token (public client, Microsoft scopes) to IMAP by XOAUTH2 and OAUTHBEARER and to SMTP', async () => {
        const tokens = await deviceFlowTokens(ALICE);
        assert.equal(tokens.token_type, 'Bearer');
        assert.equal(tokens.expires_in, 5);
        assert.equal(tokens.scope, MICROSOFT_SCOPES.join(' '));
        assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
        const introspection = await auth.introspect(tokens.access_token);
        assert.equal(introspection.active, true);
        assert.equal(introspection.sub, ALICE.email);
        assert.equal(introspection.scope, MICROSOFT_SCOPES.join(' '));
        for (const mechanism of MECHANISMS) await imapSignIn(mechanism, ALICE.email, tokens.access_token);
        smtp.clear();
        await send(ALICE.email, tokens.access_token, 'device flow');
        const [message] = await smtp.waitForMessages(1);
        assert.equal(message.authUser, ALICE.email);
        assert.equal(message.authMethod, 'XOAUTH2');
    });

    it('signs in with an authorization-code token (confidential client, PKCE, Google request) to IMAP and SMTP', async () => {
        const tokens = await codeFlowTokens(ALICE);
        assert.equal(tokens.scope, GOOGLE_SCOPE);
        assert.ok(tokens.refresh_token, 'a refresh token without offline_access');
        const asked = (await auth.authorizationRequests()).at(-1);
        assert.equal(asked?.access_type, 'offline');
        assert.equal(asked?.code_challenge_method, 'S256');
        for (const mechanism of MECHANISMS) await imapSignIn(mechanism, ALICE.email, tokens.access_token);
        smtp.clear();
        await send(ALICE.email, tokens.access_token, 'code flow');
        assert.equal((await smtp.waitForMessages(1))[0].authMethod, 'XOAUTH2');
        // client_secret_basic works as well as client_secret_post.
        assert.ok((await webBasic.refresh(tokens.refresh_token ?? '')).access_token);
    });

    it('requires PKCE with S256 for the authorization code', async () => {
        const { challenge } = pkcePair();
        const withoutPkce = webPost.authorizationUrl({ scope: GOOGLE_SCOPE, redirectUri: REDIRECT_URI, codeChallenge: challenge });
        withoutPkce.searchParams.delete('code_challenge');
        withoutPkce.searchParams.delete('code_challenge_method');
        const refused = await auth.approveAuthorization(withoutPkce, ALICE.email, ALICE.password);
        assert.equal(refused.searchParams.get('error'), 'invalid_request');

        const url = webPost.authorizationUrl({ scope: GOOGLE_SCOPE, redirectUri: REDIRECT_URI, codeChallenge: challenge });
        const code = (await auth.approveAuthorization(url, ALICE.email, ALICE.password)).searchParams.get('code') ?? '';
        const error = await rejection(webPost.exchangeCode(code, REDIRECT_URI, pkcePair().verifier));
        assert.ok(error instanceof OAuthRequestError);
        assert.equal(error.error, 'invalid_grant');
    });

    it('rotates the refresh token: a refresh gives a new one and the old one then gets invalid_grant', async () => {
        const tokens = await deviceFlowTokens(ALICE);
        const countersBefore = await auth.counters();
        const refreshed = await device.refresh(tokens.refresh_token ?? '');
        assert.ok(refreshed.refresh_token);
        assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
        assert.notEqual(refreshed.access_token, tokens.access_token);
        await imapSignIn('xoauth2', ALICE.email, refreshed.access_token);

        const reused = await rejection(device.refresh(tokens.refresh_token ?? ''));
        assert.ok(reused instanceof OAuthRequestError);
        assert.equal(reused.status, 400);
        assert.equal(reused.error, 'invalid_grant');
        // oidc-provider treats the reuse as theft: it revokes the whole grant, the new token too.
        assert.equal((await rejection(device.refresh(refreshed.refresh_token))).error, 'invalid_grant');
        assert.equal(await auth.isActive(refreshed.access_token), false);

        const countersAfter = await auth.counters();
        const invalidGrants = (counters: AuthCounters) => counters.tokenErrors['refresh_token invalid_grant'] ?? 0;
        assert.equal(countersAfter.refreshes - countersBefore.refreshes, 1);
        assert.equal(invalidGrants(countersAfter) - invalidGrants(countersBefore), 2);
    });

    it('refuses an expired access token on IMAP and SMTP', async () => {
        await auth.setAccessTokenTtl(1);
        let tokens: TokenSet;
        try {
            tokens = await device.refresh((await deviceFlowTokens(BOB)).refresh_token ?? '');
        } finally {
            await auth.setAccessTokenTtl(5);
        }
        assert.equal(tokens.expires_in, 1);
        // Expiry is in whole seconds: a 1 s token has expired at most 1 s after it was issued.
        await sleep(1100);
        assert.equal(await auth.isActive(tokens.access_token), false);
        await refusedEverywhere(BOB.email, tokens.access_token);
        // The refresh token still works: that is how a client recovers.
        await imapSignIn('oauthbearer', BOB.email, (await device.refresh(tokens.refresh_token ?? '')).access_token);
    });

    it('refuses the access and refresh tokens of a revoked grant at once', async () => {
        const tokens = await codeFlowTokens(BOB);
        await imapSignIn('xoauth2', BOB.email, tokens.access_token);
        assert.ok((await auth.revokeGrants(BOB.email)) >= 1);
        await refusedEverywhere(BOB.email, tokens.access_token);
        assert.equal((await rejection(webPost.refresh(tokens.refresh_token ?? ''))).error, 'invalid_grant');
    });

    it("refuses another account's token and a made-up one", async () => {
        const tokens = await deviceFlowTokens(ALICE);
        await Promise.all([refusedEverywhere(BOB.email, tokens.access_token), refusedEverywhere(ALICE.email, 'not-a-token')]);
    });

    it('refuses a wrong password or user code on the sign-in pages', async () => {
        const authorization = await device.requestDeviceCode(MICROSOFT_SCOPES.join(' '));
        await assert.rejects(auth.approveDevice(authorization.user_code, ALICE.email, 'Wrong-Password-1'), /Wrong email address or password/);
        await assert.rejects(auth.approveDevice('BCDF-GHJK', ALICE.email, ALICE.password), /That code is wrong or has expired/);
        const pending = await rejection(device.token({ grant_type: DEVICE_CODE_GRANT, device_code: authorization.device_code }));
        assert.equal(pending.error, 'authorization_pending');
    });

    it('keeps password logins working next to OAuth', async () => {
        const client = await dovecot.oauthbearer.client(CAROL.user);
        await client.logout();
        smtp.clear();
        const transport = createTransport({
            host: '127.0.0.1',
            port: smtp.plainPort,
            secure: false,
            ignoreTLS: true,
            auth: { user: CAROL.user, pass: CAROL.password },
        });
        await transport.sendMail({ from: CAROL.user, to: 'customer@example.net', subject: 'password', text: 'hello' }).finally(() => transport.close());
        assert.equal((await smtp.waitForMessages(1))[0].authMethod, 'PLAIN');
    });
});
