import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { oauthSettings } from '../../../src/configuration/domain/SignIn';
import { refusalHintKey } from '../../../src/signin/domain/explainRefusal';
import { codeChallenge, randomToken } from '../../../src/signin/domain/pkce';
import { resultPage } from '../../../src/signin/domain/resultPage';
import { authorizationUrl, redirectUri } from '../../../src/signin/domain/signInLinks';
import { accountFromIdToken, readTokenAnswer } from '../../../src/signin/domain/tokenAnswer';
import { isFresh } from '../../../src/signin/domain/tokenLifetime';

const idToken = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the OAuth2 protocol, pure parts', () => {
    it('PKCE: a verifier of RFC 7636 length and its S256 challenge', () => {
        const verifier = randomToken();
        assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
        assert.notEqual(randomToken(), verifier);
        assert.equal(codeChallenge(verifier), createHash('sha256').update(verifier).digest('base64url'));
        // RFC 7636 appendix B.
        assert.equal(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    });

    it('the redirect URI is the public endpoint under Site_Url, with or without its trailing slash', () => {
        assert.equal(redirectUri('https://chat.example.com/', 'app-1'), 'https://chat.example.com/api/apps/public/app-1/oauth/callback');
        assert.equal(redirectUri('https://chat.example.com/rc', 'app-1'), 'https://chat.example.com/rc/api/apps/public/app-1/oauth/callback');
    });

    it('the sign-in link carries the challenge, never the verifier, and the provider extras', () => {
        const settings = oauthSettings({ provider: 'google', clientId: 'client', clientSecret: 'shh' });
        const url = new URL(authorizationUrl(settings, { redirectUri: 'https://chat/cb', state: 'st', verifier: 'the-verifier', loginHint: 'me@example.com' }));
        assert.equal(url.searchParams.get('code_challenge'), codeChallenge('the-verifier'));
        assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
        assert.equal(url.searchParams.get('state'), 'st');
        assert.equal(url.searchParams.get('access_type'), 'offline');
        assert.equal(url.searchParams.get('login_hint'), 'me@example.com');
        assert.ok(!url.toString().includes('the-verifier'));
        assert.ok(!url.toString().includes('shh'));
    });

    it('reads token answers: tokens (with the account of the id token), pending, slow down, refusals and server trouble', () => {
        const tokens = readTokenAnswer(200, {
            access_token: 'at',
            refresh_token: 'rt',
            expires_in: 3599,
            id_token: idToken({ preferred_username: 'me@contoso.example' }),
        });
        assert.deepEqual(tokens, { kind: 'tokens', tokens: { accessToken: 'at', refreshToken: 'rt', expiresIn: 3599, account: 'me@contoso.example' } });
        assert.equal(
            readTokenAnswer(200, { access_token: 'at' }).kind === 'tokens' &&
                (readTokenAnswer(200, { access_token: 'at' }) as { tokens: { expiresIn: number } }).tokens.expiresIn,
            3600,
        );
        assert.deepEqual(readTokenAnswer(400, { error: 'authorization_pending' }), { kind: 'pending', slowDown: false });
        assert.deepEqual(readTokenAnswer(400, { error: 'slow_down' }), { kind: 'pending', slowDown: true });
        assert.deepEqual(readTokenAnswer(400, { error: 'invalid_grant', error_description: 'AADSTS70008: expired' }), {
            kind: 'refused',
            error: 'invalid_grant',
            description: 'AADSTS70008: expired',
        });
        assert.equal(readTokenAnswer(503, { error: 'temporarily_unavailable' }).kind, 'unavailable');
        assert.equal(readTokenAnswer(200, '<html>proxy login</html>').kind, 'unavailable');
    });

    it('an id token names the account; garbage names none', () => {
        assert.equal(accountFromIdToken(idToken({ email: 'a@gmail.com', sub: '123' })), 'a@gmail.com');
        assert.equal(accountFromIdToken(idToken({ sub: 'only-sub' })), 'only-sub');
        assert.equal(accountFromIdToken('not-a-jwt'), undefined);
        assert.equal(accountFromIdToken('a.!!!.c'), undefined);
    });

    it('explains Microsoft refusals by their AADSTS number before the OAuth2 error', () => {
        assert.equal(
            refusalHintKey('invalid_client', 'AADSTS7000218: The request body must contain client_assertion or client_secret'),
            'oauth_hint_public_client',
        );
        assert.equal(refusalHintKey('invalid_grant', 'AADSTS65001: The user or administrator has not consented'), 'oauth_hint_consent');
        assert.equal(refusalHintKey('invalid_request', 'AADSTS50020: User account from identity provider does not exist in tenant'), 'oauth_hint_tenant');
        assert.equal(
            refusalHintKey('invalid_client', "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented"),
            'oauth_hint_secret_not_expected',
        );
        assert.equal(refusalHintKey('invalid_scope', ''), 'oauth_hint_scope');
        assert.equal(refusalHintKey('invalid_grant', ''), 'oauth_hint_grant');
        assert.equal(refusalHintKey('access_denied', ''), 'oauth_hint_denied');
        assert.equal(refusalHintKey('expired_token', ''), 'oauth_hint_expired');
        assert.equal(refusalHintKey('server_error', ''), 'oauth_hint_other');
    });

    it('refreshes a fifth of the lifetime before expiry, two minutes at most', () => {
        const signedInAt = '2026-01-01T00:00:00.000Z';
        const hour = { signedInAt, accessExpiresAt: '2026-01-01T01:00:00.000Z' };
        assert.equal(isFresh(hour, new Date('2026-01-01T00:57:59.000Z')), true);
        assert.equal(isFresh(hour, new Date('2026-01-01T00:58:01.000Z')), false);
        const short = { signedInAt, refreshedAt: signedInAt, accessExpiresAt: '2026-01-01T00:00:10.000Z' };
        assert.equal(isFresh(short, new Date('2026-01-01T00:00:07.900Z')), true);
        assert.equal(isFresh(short, new Date('2026-01-01T00:00:08.100Z')), false);
    });

    it('the result page escapes what the provider said and carries no script', () => {
        const html = resultPage({ ok: false, title: 'Sign-in not completed', text: 'access_denied: <script>alert(1)</script>' });
        assert.ok(!html.includes('<script>'));
        assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.ok(html.includes('data-ok="false"'));
    });
});
