import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseAuthenticationResults, spoofingVerdict } from '../../../src/inbound/domain/authenticationResults';
import { formatInboundMessage } from '../../../src/inbound/domain/formatInboundMessage';
import { parseInboundEmail } from '../../../src/inbound/parseInboundEmail';
import { inboundEmail } from '../../support/inboundEmail';

/** Header values as the servers write them (after `Authentication-Results:`), folding kept. */
const SAMPLES = {
    gmailPass: [
        'mx.google.com;',
        '       dkim=pass header.i=@example.net header.s=20230601 header.b=Xy12Ab3c;',
        '       spf=pass (google.com: domain of carla@example.net designates 209.85.220.41 as permitted sender) smtp.mailfrom=carla@example.net;',
        '       dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=example.net',
    ].join('\r\n'),
    /** A forged From: the sender's own domain signs and passes SPF, the From domain's DMARC fails. */
    gmailSpoofed: [
        'mx.google.com;',
        '       dkim=pass header.i=@bulk-sender.example header.s=s1 header.b=Qq9;',
        '       spf=pass (google.com: domain of bounce@bulk-sender.example designates 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@bulk-sender.example;',
        '       dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=bank.example',
    ].join('\r\n'),
    microsoftPass: [
        'spf=pass (sender IP is 40.107.22.51)',
        ' smtp.mailfrom=fabrikam.com; dkim=pass (signature was verified)',
        ' header.d=fabrikam.com;dmarc=pass action=none',
        ' header.from=fabrikam.com;compauth=pass reason=100',
    ].join('\r\n'),
    microsoftSpoofed: [
        'spf=fail (sender IP is 198.51.100.7)',
        ' smtp.mailfrom=contoso.com; dkim=none (message not signed)',
        ' header.d=none;dmarc=fail action=oreject',
        ' header.from=contoso.com;compauth=fail reason=000',
    ].join('\r\n'),
    /** A domain without a DMARC policy: Microsoft says dmarc=none, SPF failed. */
    microsoftNoPolicySpfFail: [
        'spf=fail (sender IP is 198.51.100.7)',
        ' smtp.mailfrom=small-shop.example; dkim=none (message not signed)',
        ' header.d=none;dmarc=none action=none header.from=small-shop.example;compauth=fail',
        ' reason=001',
    ].join('\r\n'),
    microsoftBestGuess:
        'spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=small-shop.example; dkim=none (message not signed) header.d=none;dmarc=bestguesspass action=none header.from=small-shop.example;compauth=pass reason=109',
    fastmail: [
        'mx6.messagingengine.com;',
        '    dkim=pass (2048-bit rsa key sha256) header.d=example.org header.i=@example.org header.b=AbCd header.a=rsa-sha256 header.s=fm1 x-bits=2048;',
        '    dmarc=pass policy.published-domain-policy=none policy.applied-disposition=none policy.evaluated-disposition=none (p=none,d=none,d.eval=none) policy.policy-from=p header.from=example.org;',
        '    spf=pass smtp.mailfrom=news@example.org smtp.helo=out1.example.org',
    ].join('\r\n'),
    /** A server without DMARC (Postfix with a DKIM and SPF milter only), the mail's SPF failing for its domain. */
    noDmarcSpfFail: 'mail.example.com; spf=fail smtp.mailfrom=ceo@company.example; dkim=none',
    /** The same with a signature of the From domain that verified: DMARC would pass. */
    noDmarcSpfFailDkimPass: 'mail.example.com; spf=fail smtp.mailfrom=ceo@company.example; dkim=pass header.d=company.example',
    softfail: 'mail.example.com; spf=softfail smtp.mailfrom=ceo@company.example; dkim=none',
    none: 'mx.example.org; none',
};

describe('Authentication-Results (RFC 8601)', () => {
    it('reads the authserv-id and each result with its properties, comments and folding left out', () => {
        assert.deepEqual(parseAuthenticationResults(SAMPLES.gmailSpoofed), {
            authservId: 'mx.google.com',
            results: [
                { method: 'dkim', result: 'pass', props: { 'header.i': '@bulk-sender.example', 'header.s': 's1', 'header.b': 'Qq9' } },
                { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'bounce@bulk-sender.example' } },
                { method: 'dmarc', result: 'fail', props: { 'header.from': 'bank.example' } },
            ],
        });
    });

    it("reads Microsoft 365's header, which has no authserv-id", () => {
        const parsed = parseAuthenticationResults(SAMPLES.microsoftSpoofed);
        assert.equal(parsed?.authservId, undefined);
        assert.deepEqual(
            parsed?.results.map((entry) => [entry.method, entry.result]),
            [
                ['spf', 'fail'],
                ['dkim', 'none'],
                ['dmarc', 'fail'],
                ['compauth', 'fail'],
            ],
        );
        assert.deepEqual(parsed?.results[2].props, { action: 'oreject', 'header.from': 'contoso.com' });
    });

    it('keeps quoted strings whole and a semicolon or parenthesis inside one as text', () => {
        const parsed = parseAuthenticationResults('"mx (1).example"; auth=pass (nested (comment; here)) smtp.auth="a;b (c)"');
        assert.deepEqual(parsed, { authservId: 'mx (1).example', results: [{ method: 'auth', result: 'pass', props: { 'smtp.auth': 'a;b (c)' } }] });
    });

    it('gives nothing for an empty header, and no results for `; none`', () => {
        assert.equal(parseAuthenticationResults(undefined), undefined);
        assert.equal(parseAuthenticationResults('  '), undefined);
        assert.deepEqual(parseAuthenticationResults(SAMPLES.none), { authservId: 'mx.example.org', results: [] });
    });

    it('warns when the DMARC check failed for the From domain (Gmail, Microsoft 365)', () => {
        assert.deepEqual(spoofingVerdict(SAMPLES.gmailSpoofed, 'security@bank.example'), {
            suspicious: true,
            domain: 'bank.example',
            reason: 'dmarc',
            summary: { authservId: 'mx.google.com', spf: 'pass', dkim: 'pass', dmarc: 'fail' },
        });
        const microsoft = spoofingVerdict(SAMPLES.microsoftSpoofed, 'ceo@Contoso.com');
        assert.equal(microsoft.suspicious && microsoft.reason, 'dmarc');
    });

    it('does not warn for mail that passes, or where the domain has no policy and Microsoft guessed a pass', () => {
        for (const [header, from] of [
            [SAMPLES.gmailPass, 'carla@example.net'],
            [SAMPLES.microsoftPass, 'sales@fabrikam.com'],
            [SAMPLES.microsoftBestGuess, 'hello@small-shop.example'],
            [SAMPLES.fastmail, 'news@example.org'],
        ]) {
            assert.equal(spoofingVerdict(header, from).suspicious, false, header);
        }
    });

    it('without a DMARC result, warns when SPF or DKIM of the From domain failed and none passed', () => {
        assert.deepEqual(spoofingVerdict(SAMPLES.noDmarcSpfFail, 'ceo@company.example'), {
            suspicious: true,
            domain: 'company.example',
            reason: 'spf_dkim',
            summary: { authservId: 'mail.example.com', spf: 'fail', dkim: 'none' },
        });
        const noPolicy = spoofingVerdict(SAMPLES.microsoftNoPolicySpfFail, 'orders@small-shop.example');
        assert.equal(noPolicy.suspicious && noPolicy.reason, 'spf_dkim');
        // A verified signature of the domain is what DMARC would pass on; softfail says nothing about forgery.
        assert.equal(spoofingVerdict(SAMPLES.noDmarcSpfFailDkimPass, 'ceo@company.example').suspicious, false);
        assert.equal(spoofingVerdict(SAMPLES.softfail, 'ceo@company.example').suspicious, false);
        // A failure for another domain (a mailing list's envelope) is not the From domain's.
        assert.equal(spoofingVerdict('mx.example.org; spf=fail smtp.mailfrom=lists.other.example', 'ceo@company.example').suspicious, false);
        // Subdomains align, as DMARC's relaxed mode aligns them.
        assert.equal(spoofingVerdict('mx.example.org; spf=fail smtp.mailfrom=bounce.company.example', 'ceo@company.example').suspicious, true);
    });

    it('says nothing when the server added no header (Dovecot without a milter), or the mail has no From', () => {
        assert.deepEqual(spoofingVerdict(undefined, 'carla@example.net'), { suspicious: false });
        assert.deepEqual(spoofingVerdict(SAMPLES.none, 'carla@example.net'), { suspicious: false, summary: { authservId: 'mx.example.org' } });
        assert.equal(spoofingVerdict(SAMPLES.gmailSpoofed, undefined).suspicious, false);
    });

    it('trusts only the topmost header, the receiving server’s: mailparser keeps the mail’s order and the import its first', async () => {
        const mail = (headers: string[]) =>
            Buffer.from(
                [
                    ...headers,
                    'From: Bank Security <security@bank.example>',
                    'To: support@example.test',
                    'Subject: Your account',
                    'Message-ID: <spoof-1@bulk-sender.example>',
                    'Content-Type: text/plain',
                    '',
                    'Please confirm your password.',
                    '',
                ].join('\r\n'),
            );
        const forgedPass = 'Authentication-Results: mx.google.com; dmarc=pass header.from=bank.example';
        // The receiving server's verdict on top, the sender's own claim below it: the warning stays.
        const real = await parseInboundEmail(mail([`Authentication-Results: ${SAMPLES.gmailSpoofed}`, 'Received: from x by y', forgedPass]));
        assert.equal(spoofingVerdict(real.headers['authentication-results'], real.from?.address).suspicious, true);
        // A server that adds none leaves only what the sender wrote: a pass it claims changes nothing.
        const unchecked = await parseInboundEmail(mail(['Received: from x by y', forgedPass]));
        assert.equal(spoofingVerdict(unchecked.headers['authentication-results'], unchecked.from?.address).suspicious, false);
    });

    it('puts the warning above everything else in the room message, the mail still whole', () => {
        const labels = {
            cc: 'CC:',
            noText: '(no text)',
            continues: () => '',
            unreadable: () => '',
            skippedFile: () => '',
            overCount: () => '',
            sentAt: () => '',
            truncated: 'cut',
            partlyRead: () => '',
            writtenBy: () => '',
        };
        const { text } = formatInboundMessage(inboundEmail({ subject: 'Your account', text: 'Please confirm your password.' }), {
            firstInRoom: true,
            stripQuoted: true,
            skipped: [],
            limitBytes: 1,
            labels,
            now: new Date(),
            maxLength: 5000,
            warning: '⚠️ *This email may not be from security@bank.example*: …',
        });
        assert.equal(text, '⚠️ *This email may not be from security@bank.example*: …\n\n*Your account*\n\nPlease confirm your password.');
    });
});
