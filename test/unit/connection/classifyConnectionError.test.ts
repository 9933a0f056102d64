import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classifyConnectionError } from '../../../src/connection/domain/classifyConnectionError';
import { ErrorCode } from '../../../src/errors/ErrorCode';

function libraryError(message: string, fields: Record<string, unknown> = {}): Error {
    return Object.assign(new Error(message), fields);
}

describe('classifyConnectionError', () => {
    const cases: Array<[string, Error, ErrorCode]> = [
        [
            'imapflow authentication failure',
            libraryError('Command failed', { authenticationFailed: true, responseText: 'Authentication failed.' }),
            ErrorCode.AuthenticationFailed,
        ],
        [
            'nodemailer EAUTH',
            libraryError('Invalid login: 535 5.7.8 Error: authentication failed', { code: 'EAUTH', responseCode: 535 }),
            ErrorCode.AuthenticationFailed,
        ],
        ['Node self-signed certificate', libraryError('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), ErrorCode.CertificateUntrusted],
        [
            'Node unknown CA',
            libraryError('unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
            ErrorCode.CertificateUntrusted,
        ],
        ['Deno unknown issuer', libraryError('invalid peer certificate: UnknownIssuer'), ErrorCode.CertificateUntrusted],
        [
            'TLS to a plain port',
            libraryError('write EPROTO 40B8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
            ErrorCode.TlsHandshakeFailed,
        ],
        ['DNS failure', libraryError('getaddrinfo ENOTFOUND mail.nowhere.invalid', { code: 'ENOTFOUND' }), ErrorCode.HostNotFound],
        ['refused', libraryError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), ErrorCode.ConnectionRefused],
        ['imapflow connect timeout', libraryError('Failed to establish connection in required time', { code: 'CONNECT_TIMEOUT' }), ErrorCode.Timeout],
        ['nodemailer greeting timeout', libraryError('Greeting never received', { code: 'ETIMEDOUT' }), ErrorCode.Timeout],
        ['missing folder', libraryError('Command failed', { responseText: "Mailbox doesn't exist: Support" }), ErrorCode.FolderNotFound],
        [
            'temporary SMTP failure',
            libraryError("Can't send mail - all recipients were rejected: 451 4.3.0 try later", { code: 'EENVELOPE', responseCode: 451 }),
            ErrorCode.TemporaryFailure,
        ],
        [
            'rejected recipient',
            libraryError("Can't send mail - all recipients were rejected: 550 5.1.1 no such user", {
                code: 'EENVELOPE',
                responseCode: 550,
                command: 'RCPT TO',
            }),
            ErrorCode.RecipientRejected,
        ],
        [
            'rejected message',
            libraryError('Message failed: 554 5.7.1 spam', { code: 'EMESSAGE', responseCode: 554, command: 'DATA' }),
            ErrorCode.MessageRejected,
        ],
    ];
    for (const [name, error, expected] of cases) {
        it(`classifies ${name} as ${expected}`, () => {
            assert.equal(classifyConnectionError(error).code, expected);
        });
    }

    it('keeps the SMTP reply code and says which failures are temporary', () => {
        const temporary = classifyConnectionError(libraryError('451 try later', { responseCode: 451 }));
        const permanent = classifyConnectionError(libraryError('550 no such user', { responseCode: 550, command: 'RCPT TO' }));
        assert.equal(temporary.responseCode, 451);
        assert.equal(temporary.isTemporary, true);
        assert.equal(permanent.isTemporary, false);
    });

    it('removes the password, also in base64, from the detail', () => {
        const password = 'hunter2-secret';
        const base64 = Buffer.from(password).toString('base64');
        const error = classifyConnectionError(libraryError(`AUTH PLAIN ${base64} rejected for ${password}`, { code: 'EAUTH' }), [password]);
        assert.ok(!error.detail.includes(password));
        assert.ok(!error.detail.includes(base64));
        assert.ok(!error.message.includes(password));
        assert.match(error.detail, /\*\*\*/);
    });

    it('looks inside wrapped and aggregated errors', () => {
        const refused = libraryError('connect ECONNREFUSED ::1:465', { code: 'ECONNREFUSED' });
        const aggregate = Object.assign(new AggregateError([refused, libraryError('connect ECONNREFUSED 127.0.0.1:465', { code: 'ECONNREFUSED' })], ''), {
            code: 'ESOCKET',
        });
        assert.equal(classifyConnectionError(aggregate).code, ErrorCode.ConnectionRefused);
        assert.equal(classifyConnectionError(libraryError('wrapped', { cause: refused })).code, ErrorCode.ConnectionRefused);
    });

    it('accepts non-Error values', () => {
        assert.equal(classifyConnectionError('something odd').code, ErrorCode.Unknown);
        assert.equal(classifyConnectionError('socket hang up').code, ErrorCode.ConnectionLost);
        assert.equal(classifyConnectionError(undefined).detail, 'undefined');
    });
});

describe("an IMAP server's refusal", () => {
    /** imapflow's error for a tagged NO, as Dovecot words it (with its timing appended). */
    const refusal = (code: string | undefined, text: string) =>
        libraryError('Command failed', {
            response: `7 NO ${code ? `[${code}] ` : ''}${text} (0.005 + 0.000 + 0.004 secs).`,
            responseStatus: 'NO',
            responseText: `${text} (0.005 + 0.000 + 0.004 secs).`,
            ...(code && { serverResponseCode: code }),
        });

    it("reads as the server's words with their response code, without the library's and the server's noise", () => {
        const full = classifyConnectionError(refusal('OVERQUOTA', 'Quota exceeded (mailbox for user is full)'));
        assert.equal(full.code, ErrorCode.MessageRejected);
        assert.equal(full.detail, '[OVERQUOTA] Quota exceeded (mailbox for user is full)');
        const missing = classifyConnectionError(refusal(undefined, "Mailbox doesn't exist: Support"));
        assert.equal(missing.code, ErrorCode.FolderNotFound);
        assert.equal(missing.detail, "Mailbox doesn't exist: Support");
    });

    it('is told by its response code whatever its words', () => {
        assert.equal(classifyConnectionError(refusal('NONEXISTENT', 'Unbekannter Ordner')).code, ErrorCode.FolderNotFound);
        assert.equal(classifyConnectionError(refusal('OVERQUOTA', 'Postfach voll')).code, ErrorCode.MessageRejected);
    });
});

describe('a connection that dropped', () => {
    it('says so in plain words, with the reason the server gave', () => {
        const gone = (fields: Record<string, unknown> = {}) => libraryError('Connection not available', { code: 'NoConnection', ...fields });
        assert.equal(classifyConnectionError(gone()).detail, 'the connection was closed');
        assert.equal(
            classifyConnectionError(gone({ reason: 'Server shutting down.' })).detail,
            'the connection was closed (the server said: Server shutting down.)',
        );
    });

    it('is told apart from one that was refused, and is worth trying again', () => {
        for (const error of [
            Object.assign(new Error('Connection not available'), { code: 'NoConnection' }),
            Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
        ]) {
            const classified = classifyConnectionError(error);
            assert.equal(classified.code, ErrorCode.ConnectionLost, error.message);
            assert.equal(classified.isTemporary, true);
        }
        assert.equal(classifyConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).code, ErrorCode.ConnectionRefused);
    });
});
