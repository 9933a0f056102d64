// Hostile mail, case by case (issue 14, "Hostile mail"): each mail goes through what the app runs for
// it (the fetch plan, parseInboundEmail, importEmail: test/support/mailToRoom.ts), and each test says
// what the agents of its room see. The MIME fuzzer (mimeFuzz.test.ts) covers the space around them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

import { MAX_FILE_NAME_LENGTH } from '../../../src/inbound/domain/attachmentName';
import { MAX_NAME_LENGTH } from '../../../src/inbound/domain/displayName';
import { FETCH_LIMITS } from '../../../src/inbound/domain/fetchPlan';
import { MAX_FILES_PER_MAIL } from '../../../src/inbound/domain/filesForRoom';
import { MAX_CONVERTED_LENGTH } from '../../../src/inbound/domain/htmlToMarkdown';
import { MAX_PARTS_READ } from '../../../src/inbound/domain/parserLimits';
import { MAX_REFERENCES, MAX_SUBJECT_LENGTH } from '../../../src/inbound/parseInboundEmail';
import { INBOX_ADDRESS, mailToRoom } from '../../support/mailToRoom';
import type { RoomView } from '../../support/mailToRoom';
import { markupProblems, nameProblems, roomMarkup } from '../../support/roomMarkup';

const ZWJ = '\u200D';
const HEADERS = [
    'From: Carla Customer <carla@customer.example>',
    `To: ${INBOX_ADDRESS}`,
    'Subject: Help',
    'Message-ID: <m1@customer.example>',
    'Date: Tue, 24 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
];

/** A mail from Carla: her headers with `headers` replacing or adding fields, then the body (a text/plain one unless it brings its own Content-Type). */
function mail(body: string, headers: string[] = []): string {
    const names = new Set(headers.map((line) => line.slice(0, line.indexOf(':')).toLowerCase()));
    const kept = HEADERS.filter((line) => !names.has(line.slice(0, line.indexOf(':')).toLowerCase()));
    const type = /^content-type:/im.test(body.split(/\r?\n\r?\n/)[0]) ? [] : ['Content-Type: text/plain; charset=utf-8', ''];
    return [...kept, ...headers, ...type, body].join('\r\n');
}

/** A multipart/mixed body: a text, then the parts given. */
function multipart(text: string, parts: string[]): string {
    return [
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        text,
        ...parts.flatMap((part) => ['--b1', part]),
        '--b1--',
        '',
    ].join('\r\n');
}

function attachment(name: string, content: Buffer, type = 'application/octet-stream'): string {
    return [
        `Content-Type: ${type}`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        content.toString('base64').replace(/.{76}/g, '$&\r\n'),
    ].join('\r\n');
}

/** The visitor's message (the mail's text) of an imported mail, checked for everything that must never reach an agent. */
function posted(view: RoomView): string {
    assert.equal(view.outcome.kind, 'imported', JSON.stringify(view.outcome));
    const [message] = view.messages;
    assert.equal(message?.by, 'visitor');
    assert.deepEqual(markupProblems(message.text), [], message.text);
    assert.ok(message.text.length <= 5_000, `${message.text.length} characters`);
    for (const file of view.files) assert.deepEqual(nameProblems(file.filename), []);
    if (view.visitor) assert.deepEqual([...nameProblems(view.visitor.name), ...nameProblems(view.visitor.email)], []);
    return message.text;
}

describe('hostile mail: sizes', () => {
    it('an HTML mail with 10,000 deceptive and script links: a bounded message whose links all say where they go', async () => {
        const links = Array.from({ length: 10_000 }, (_, index) =>
            index % 2
                ? `<a href="javascript:steal(${index})">Click ${index}</a>`
                : `<a href="https://evil${index}.example/login">https://bank${index}.example</a>`,
        );
        const view = await mailToRoom(mail(`<html><body><p>${links.join(' ')}</p></body></html>`, ['Content-Type: text/html; charset=utf-8', '']));
        const text = posted(view);
        assert.match(text, /https:\/\/bank0\.example \(https:\/\/evil0\.example\/login\) Click 1 https:\/\/bank2\.example \(https:\/\/evil2\.example\/login\)/);
        assert.doesNotMatch(text, /javascript|steal/);
        assert.match(text, /✂️ This email is longer than a chat message/);
        assert.deepEqual(
            view.files.map((file) => file.filename),
            ['full-email.txt'],
        );
        assert.ok(view.files[0].size <= MAX_CONVERTED_LENGTH * 4, 'the converted text is capped (MAX_CONVERTED_LENGTH) before it is kept');
    });

    it('1,000 tiny attachments: the first parts are read (mailparser refuses over 1,000), 20 files go in, the rest are counted', async () => {
        const files = Array.from({ length: 1_000 }, (_, index) => attachment(`f${index}.bin`, Buffer.from([index & 0xff, 1, 2])));
        const view = await mailToRoom(mail(multipart('See the files.', files)));
        const text = posted(view);
        assert.match(text, /^\*Help\*\n\n_Sent 2026-11-24 09:00 UTC_\n\nSee the files\./);
        assert.match(text, new RegExp(`it has more than ${MAX_PARTS_READ} parts: only the first ${MAX_PARTS_READ} were read`));
        assert.match(
            text,
            /📎 More files were not added to the room \(479; a mail brings at most 20\): f20\.bin, f21\.bin, .* … \(\+\d+\)\. They stay in the email on the mail server\./,
        );
        assert.deepEqual(
            view.files.map((file) => file.filename),
            Array.from({ length: MAX_FILES_PER_MAIL }, (_, index) => `f${index}.bin`),
        );
    });

    /** A mail with one attachment of about `megabytes` MB (base64 lines repeated: built in milliseconds). */
    function withAttachmentOf(megabytes: number): Buffer {
        const line = Buffer.from('JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29k\r\n');
        const head = mail(
            ['Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', 'The signed contract is attached.', '--b1'].join(
                '\r\n',
            ),
        );
        const part = 'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="contract.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n';
        const lines = Math.ceil((megabytes * 1_000_000) / 57);
        return Buffer.concat([Buffer.from(`${head}\r\n${part}`), Buffer.alloc(lines * line.length, line), Buffer.from('--b1--\r\n')]);
    }

    it('a 50 MB attachment: the mail (65 MiB encoded) is over the 64 MiB read whole, so its text is shown and its file stays on the server', async () => {
        const raw = withAttachmentOf(50);
        assert.ok(raw.length > FETCH_LIMITS.wholeMailBytes, `${raw.length} bytes`);
        const view = await mailToRoom(raw);
        assert.equal(
            posted(view),
            '*Help*\n\n_Sent 2026-11-24 09:00 UTC_\n\nThe signed contract is attached.\n\n📦 This email is 65.3 MB, too large to read whole: its beginning is shown here; its files stay in the email on the mail server.',
        );
        assert.deepEqual(view.files, []);
    });

    it('a 40 MB attachment: read whole, named with its size, and left on the server (over the 20 MB attachment limit)', async () => {
        const view = await mailToRoom(withAttachmentOf(40));
        assert.match(posted(view), /📎 contract\.pdf \(38 MB\) was not uploaded: it is larger than 20 MB\. It stays in the email on the mail server\.$/);
        assert.deepEqual(view.files, []);
    });
});

describe('hostile mail: what could expand', () => {
    it('a part nested 5,000 multiparts deep: read down to the first 500 parts, the rest named as unread, within the message size', async () => {
        let body = 'Content-Type: text/plain\r\n\r\ndeep text\r\n';
        for (let level = 5_000; level > 0; level--) body = `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n${body}--b${level}--\r\n`;
        const view = await mailToRoom(mail(body));
        const text = posted(view);
        assert.match(text, /⚠️ Part of this email could not be read \(it has more than 500 parts: only the first 500 were read\)/);
        assert.deepEqual(
            view.files.map((file) => file.filename),
            ['full-email.txt'],
        );
    });

    it('message/rfc822 nested 5,000 deep: one forwarded-mail file, never unpacked', async () => {
        let body = 'Content-Type: text/plain\r\n\r\ndeep text\r\n';
        for (let level = 5_000; level > 0; level--)
            body = `Content-Type: message/rfc822\r\n\r\nFrom: x${level}@y.example\r\nSubject: level ${level}\r\n${body}`;
        const view = await mailToRoom(mail(multipart('Forwarding this.', [body])));
        assert.equal(posted(view), '*Help*\n\n_Sent 2026-11-24 09:00 UTC_\n\nForwarding this.');
        assert.equal(view.files.length, 1);
        assert.match(view.files[0].filename, /^attachment-[0-9a-f]{8}\.eml$/);
    });

    it('HTML nested 100,000 elements deep (which overflows a recursive converter): its words, without the markup', async () => {
        const view = await mailToRoom(mail(`${'<div>'.repeat(100_000)}deep <b>words</b> @all${'</div>'.repeat(100_000)}`, ['Content-Type: text/html', '']));
        assert.match(posted(view), /\n\ndeep words @\u200Dall$/);
    });

    it('a gzip bomb (50 MB of zeros in 49 KB), as an attachment and as a body: nothing is ever decompressed', async () => {
        const bomb = gzipSync(Buffer.alloc(50_000_000));
        const asFile = await mailToRoom(mail(multipart('Logs attached.', [`Content-Encoding: gzip\r\n${attachment('logs.gz', bomb, 'application/gzip')}`])));
        posted(asFile);
        assert.deepEqual(asFile.files, [{ filename: 'logs.gz', size: bomb.length }]);
        const asBody = await mailToRoom(
            mail(bomb.subarray(0, 2_000).toString('base64'), ['Content-Type: text/plain', 'Content-Encoding: gzip', 'Content-Transfer-Encoding: base64', '']),
        );
        assert.ok(posted(asBody).length < 5_000);
        assert.deepEqual(asBody.files, []);
    });

    it('a TNEF winmail.dat: uploaded as the file it is (mailparser does not unpack TNEF)', async () => {
        const tnef = Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00, 0x01, 0x06, 0x90, 0x08, 0x00]);
        const view = await mailToRoom(mail(multipart('See the attached report.', [attachment('winmail.dat', tnef, 'application/ms-tnef')])));
        posted(view);
        assert.deepEqual(view.files, [{ filename: 'winmail.dat', size: tnef.length }]);
    });

    it('3 million quoted-printable soft line breaks: they decode to nothing, and the text after them shows', async () => {
        const view = await mailToRoom(
            mail(`${'=\r\n'.repeat(3_000_000)}after the soft breaks`, ['Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '']),
        );
        assert.match(posted(view), /\n\nafter the soft breaks$/);
    });

    it('50,000 addresses in CC and 100,000 References: 20 listed, 20 kept for replies, 50 references looked up', async () => {
        const cc = Array.from({ length: 50_000 }, (_, index) => `u${index}@list.example`).join(', ');
        const references = Array.from({ length: 100_000 }, (_, index) => `<r${index}@customer.example>`).join('\r\n ');
        const view = await mailToRoom(mail('Hello all.', [`Cc: ${cc}`, `References: ${references}`]));
        const text = posted(view);
        assert.match(text, /\nCC: u0@list\.example, u1@list\.example, .*u19@list\.example … \(\+\d+\)\n/);
        assert.ok(view.email.references.length <= MAX_REFERENCES);
        assert.equal(view.email.references[0], 'r0@customer.example', 'the first reference (the conversation it started from) is kept');
    });
});

describe('hostile mail: headers', () => {
    it('an encoded-word that shows another address as the name: the visitor is named by the real address', async () => {
        for (const from of [
            '=?utf-8?q?boss=40bank.example?= <evil@attacker.example>',
            '=?utf-8?q?Boss_=3Cboss=40bank.example=3E?= <evil@attacker.example>',
            '"support@inbox.example" <evil@attacker.example>',
        ]) {
            const view = await mailToRoom(mail('hi', [`From: ${from}`]));
            posted(view);
            assert.deepEqual(view.visitor, { email: 'evil@attacker.example', name: 'evil@attacker.example' }, from);
        }
    });

    it('CR, LF and NUL smuggled in encoded-words stay on one line and add no header', async () => {
        const view = await mailToRoom(
            mail('hi', [
                'Subject: =?utf-8?q?Invoice=0D=0ABcc=3A_x=40y.example=00?=',
                'From: =?utf-8?q?Carla=0D=0AX-Priority=3A_1=00?= <carla@customer.example>',
            ]),
        );
        assert.match(posted(view), /^\*Invoice Bcc: x@y\.example\*\n/);
        assert.deepEqual(view.visitor, { email: 'carla@customer.example', name: 'Carla X-Priority: 1' });
        assert.deepEqual([view.email.cc, view.email.headers['x-priority']], [[], undefined]);
    });

    it('overlong names and subjects are cut, in the message and in what is kept', async () => {
        const view = await mailToRoom(mail('hi', [`From: ${'Carla'.repeat(500)} <carla@customer.example>`, `Subject: ${'long '.repeat(5_000)}`]));
        const text = posted(view);
        assert.match(text, /^\*(long ){59}long…\*\n/);
        assert.equal(view.visitor?.name.length, MAX_NAME_LENGTH);
        assert.ok(view.email.subject.length <= MAX_SUBJECT_LENGTH);
    });

    it('100,000 header lines before the From (over the parser’s 1 MiB of header): the sender, subject and text still arrive', async () => {
        const junk = Array.from({ length: 100_000 }, (_, index) => `X-Junk-${index}: ${'y'.repeat(20)}`);
        const raw = mail('Still here.', [...junk, 'From: Carla Customer <carla@customer.example>', 'Subject: Behind the junk']);
        const view = await mailToRoom(raw);
        assert.match(
            posted(view),
            /^\*Behind the junk\*\n\n_Sent 2026-11-24 09:00 UTC_\n\nStill here\.\n\n⚠️ Part of this email could not be read \(its headers are too large to read whole: some were cut or left out\)/,
        );
        assert.deepEqual(view.visitor, { email: 'carla@customer.example', name: 'Carla Customer' });
    });

    it('a From of the inbox itself (any letter case) is skipped as the inbox’s own mail, never a conversation', async () => {
        const view = await mailToRoom(mail('hi', [`From: Support <${INBOX_ADDRESS.toUpperCase()}>`]));
        assert.deepEqual(view.outcome, { kind: 'skipped', reason: 'own_address' });
        assert.deepEqual(view.messages, []);
    });

    it('a From of an agent’s address is a customer’s mail like any other: posted as the visitor, not as the agent', async () => {
        const view = await mailToRoom(mail('/email-inbox remove support\nplease close all rooms', ['From: Alice Agent <alice@company.example>']));
        assert.equal(posted(view), `*Help*\n\n_Sent 2026-11-24 09:00 UTC_\n\n${ZWJ}/email-inbox remove support\nplease close all rooms`);
        assert.deepEqual(view.visitor, { email: 'alice@company.example', name: 'Alice Agent' });
    });

    it('a Reply-To of the inbox itself does not make the inbox the customer', async () => {
        const view = await mailToRoom(mail('hi', [`Reply-To: ${INBOX_ADDRESS}`]));
        assert.equal(view.visitor?.email, 'carla@customer.example');
    });
});

describe('hostile mail: text', () => {
    it('markdown and link spoofing: every link says where it goes, script links lose their target, images stay links', async () => {
        const view = await mailToRoom(
            mail(
                [
                    '[the guide](https://help.example.com/guide)',
                    '[https://bank.example.com](https://evil.example/login)',
                    '<https://evil.example|https://bank.example>',
                    '<javascript:void(0)|Open invoice>',
                    '[a\\](javascript:alert(1))',
                    '[*bank.example.com*](https://evil.example)',
                    '![pixel](https://t.example/p.gif)',
                    'see javascript://bank.example.com/%0Aalert(1)',
                    '[Invoice [PDF]](javascript:steal(document.cookie))',
                    '[the portal](https://pay.example.com)',
                ].join('\n'),
            ),
        );
        assert.equal(
            posted(view).split('\n\n')[2],
            [
                '[the guide](https://help.example.com/guide)',
                'https://bank.example.com (https://evil.example/login)',
                'https://bank.example (https://evil.example)',
                'Open invoice',
                'a\\',
                '*bank.example.com* (https://evil.example)',
                `!${ZWJ}[pixel](https://t.example/p.gif)`,
                `see javascript${ZWJ}://bank.example.com/%0Aalert(1)`,
                'Invoice [PDF]',
                // Rocket.Chat would start a link at the "[" left in "Invoice [PDF]": the next link is spelled out.
                'the portal (https://pay.example.com)',
            ].join('\n'),
        );
        assert.deepEqual(roomMarkup(view.messages[0].text).images, []);
    });

    it('a [tag] in the subject cannot stretch a link in the text over the whole message: that link is spelled out', async () => {
        const view = await mailToRoom(mail('Pay here: [the portal](https://evil.example.com/pay)', ['Subject: [https://bank.example.com] Invoice']));
        const text = posted(view);
        assert.match(text, /Pay here: the portal \(https:\/\/evil\.example\.com\/pay\)$/);
        // Written as a link, Rocket.Chat would show "https://bank.example.com] Invoice* ... the portal" leading to evil.example.com.
        assert.deepEqual(roomMarkup(text).links, [{ src: 'https://evil.example.com/pay', label: 'https://evil.example.com/pay' }]);
    });

    it('@all, @here and @user, however written, notify no one and show as typed', async () => {
        const view = await mailToRoom(
            mail('@all @here @@all x_@here (@all) *@jane*\n> @all\ncarla@customer.example stays an address', ['Subject: @all urgent']),
        );
        const text = posted(view);
        assert.equal(
            text.replaceAll(ZWJ, ''),
            '*@all urgent*\n\n_Sent 2026-11-24 09:00 UTC_\n\n@all @here @@all x_@here (@all) *@jane*\n> @all\ncarla@customer.example stays an address',
        );
        const markup = roomMarkup(text);
        assert.deepEqual([markup.mentions, markup.notified], [[], []]);
        assert.match(text, /\ncarla@customer\.example stays an address$/, 'addresses keep their @ as it is');
    });

    it('a mail whose text starts with a slash command is shown inertly, and nothing runs', async () => {
        const view = await mailToRoom(mail('/email-inbox remove support\n  /leave\nthanks', ['Subject: /email-inbox remove support']));
        const text = posted(view);
        // Rocket.Chat runs a command only for what an agent sends from the composer (processSlashCommand
        // on a message starting with "/"); a message posted through the apps engine never is one. The
        // line still cannot be one when copied: a zero-width joiner stands before its slash.
        assert.equal(text, `*${ZWJ}/email-inbox remove support*\n\n_Sent 2026-11-24 09:00 UTC_\n\n${ZWJ}/email-inbox remove support\n  ${ZWJ}/leave\nthanks`);
        assert.deepEqual(view.messages.length, 1);
    });

    it('right-to-left overrides are removed from the sender’s name and address, the CC list, the text and the file names', async () => {
        const view = await mailToRoom(
            mail(
                multipart('please open invoice\u202Efdp.exe', [
                    "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe\r\n\r\nMZ",
                ]),
                ['From: Bob\u202Enimda <b\u202Eob@customer.example>', 'Cc: "Eve\u2066evil\u2069" <e\u202Eve@x.example>'],
            ),
        );
        assert.equal(posted(view), '*Help*\n\n_Sent 2026-11-24 09:00 UTC_\n\nCC: Eveevil <eve@x.example>\n\nplease open invoicefdp.exe');
        assert.deepEqual(view.visitor, { email: 'bob@customer.example', name: 'Bobnimda' });
        assert.deepEqual(view.files, [{ filename: 'invoicefdp.exe', size: 2 }]);
    });

    it('an overlong file name is cut keeping its real extension', async () => {
        const name = `${'invoice.pdf'.padEnd(300, '_')}.exe`;
        const view = await mailToRoom(mail(multipart('file', [attachment(name, Buffer.from('MZ'))])));
        posted(view);
        assert.equal(view.files[0].filename.length, MAX_FILE_NAME_LENGTH);
        assert.match(view.files[0].filename, /^invoice\.pdf_+…\.exe$/);
    });
});
