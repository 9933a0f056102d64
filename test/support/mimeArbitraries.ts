import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';

import { INBOX_ADDRESS } from './mailToRoom';

/**
 * Generators of raw mail for the MIME fuzzer (test/unit/inbound/mimeFuzz.test.ts): a model of a
 * message (headers, a tree of parts, whole-message damage) drawn from pools of what real and
 * hostile mailers write, then serialized to bytes. Sizes stay moderate (a mail is at most a few
 * hundred KB) so that hundreds of runs fit in a few seconds; the large cases are named tests.
 */

/** Text an attacker or a careless mailer puts into a body, a subject, a name or a file name. */
export const HOSTILE_TEXT = [
    'Hello, my order #42 has not arrived.',
    '@all please help',
    '@here',
    '@@all',
    'x_@here',
    '(@all)',
    '> @all',
    '/email-inbox remove support',
    '  /leave',
    '[Invoice [PDF]](javascript:alert(document.cookie))',
    '[x](JaVaScRiPt:alert(1))',
    '[a\\](javascript:alert(1))',
    '[https://bank.example.com](https://evil.example/login)',
    '[*bank.example.com*](https://evil.example)',
    '[ceo@bank.example](mailto:thief@evil.example)',
    '<https://evil.example|https://bank.example>',
    '<javascript:void0|click>',
    'see javascript://example.com/%0Aalert(1)',
    '![pixel](https://t.example/p.gif)',
    '[pic](data:text/html;base64,PHNjcmlwdD4=)',
    'invoice\u202Efdp.exe',
    '\u2066isolated\u2069 \u202Bembedded\u202C',
    'Grüße, 日本語, Привет, שלום, مرحبا 👍',
    '\u0000\u0007\u001b[31mred\u001b[0m\u007f',
    'On Tue, 24 Nov 2026 at 09:00, Support <support@inbox.example> wrote:\n> old text\n> more',
    '-- \nCarla\nACME',
    'Sent from my iPhone',
    '[[[[[[[[[[',
    ']]]]](((((',
    '`code @all`',
    '*bold* _italic_ ~strike~',
    '\ufffd\ufeff\u200b\u200d',
    'mailto:carla@customer.example',
    '=?utf-8?q?not_a_header?=',
    '--b1\r\nContent-Type: text/html\r\n\r\n<b>injected part</b>',
];

const HTML_FRAGMENTS = [
    '<p>Hi support,</p>',
    '<a href="javascript:alert(1)">Click</a>',
    '<a href="https://evil.example/login">https://bank.example.com</a>',
    '<a href="https://evil.example"><b>www.bank.example</b></a>',
    '<a href="mailto:thief@evil.example">ceo@bank.example</a>',
    '<a href="https://ok.example/a_(b)">the guide</a>',
    '<img src="https://t.example/p.gif" width="1" height="1" alt="pixel">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">',
    '<script>alert(document.cookie)</script>',
    '<style>p{color:red}</style>',
    '<table><tr><td>1</td><td>Kettle</td></tr></table>',
    '<ul><li>one</li><li>@all two</li></ul>',
    '<blockquote>quoted</blockquote>',
    '&lt;script&gt; &#x202E;fdp.exe &#0; &amp;amp; &nbsp;',
    '<div><div><div><span><b><i>nested</i></b></span></div></div></div>',
    '<h1>Order 42</h1>',
    '<!-- comment <a href="javascript:x">hidden</a> -->',
    '<a href=javascript:alert(1)>unquoted</a>',
    '<p>/email-inbox remove support</p>',
];

const NAMES = [
    'Carla Customer',
    '"Doe, John"',
    '@all',
    'Bob\u202Enimda',
    '=?utf-8?B?Qm9iIOKArmFkbWlu?=',
    '=?iso-8859-1?Q?Ren=E9e_Dubois?=',
    '=?koi8-r?B?6dfBzg==?=',
    '=?utf-8?q?boss=40bank.example?=',
    '=?utf-8?q?Boss_=3Cboss=40bank.example=3E?=',
    '=?utf-8?q?a=0D=0ABcc=3A_x=40y.example?=',
    '=?utf-8?q?nul=00byte?=',
    '=?utf-8?q?unterminated',
    '=?x-unknown?q?abc?=',
    '=?utf-8?b?!!!?=',
    '=?utf-8?q?[Invoice](javascript:alert(1))?=',
    'x'.repeat(600),
    '',
];

const ADDRESSES = [
    'carla@customer.example',
    'CARLA@Customer.Example',
    INBOX_ADDRESS,
    'mailer-daemon@mx.example',
    'j\u202Eohn@x.example',
    '"quoted local"@x.example',
    'a+tag@x.example',
    'evil@attacker.example',
    'no-at-sign',
    '',
];

const FILE_NAMES = [
    'invoice.pdf',
    'invoice\u202Efdp.exe',
    '=?utf-8?q?R=C3=A9sum=C3=A9.pdf?=',
    '@all.txt',
    '[x](javascript:alert(1)).pdf',
    `${'long'.repeat(100)}.pdf`,
    '../../etc/passwd',
    'smime.p7s',
    '',
];

const CHARSETS = ['utf-8', 'UTF-8', 'iso-8859-1', 'windows-1252', 'koi8-r', 'gb2312', 'shift_jis', 'iso-2022-jp', 'utf-7', 'x-unknown', undefined];
const ENCODINGS = ['7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'bogus', undefined] as const;
const LEAF_TYPES = [
    'text/plain',
    'text/plain; format=flowed',
    'text/html',
    'application/octet-stream',
    'application/pdf',
    'image/png',
    'text/calendar',
    'message/delivery-status',
    'application/pkcs7-signature',
    'bogus/type',
    'text',
    '',
];
const MULTIPART_TYPES = ['mixed', 'alternative', 'related', 'report', 'signed', 'digest', 'bogus'];

export type Encoding = (typeof ENCODINGS)[number];

export interface Leaf {
    kind: 'leaf';
    contentType: string;
    charset?: string;
    encoding: Encoding;
    brokenEncoding: boolean;
    disposition?: { type: 'inline' | 'attachment'; filename: string; rfc2231: boolean };
    content: string | Uint8Array;
}

export interface Multipart {
    kind: 'multipart';
    subtype: string;
    boundary: string;
    declareBoundary: boolean;
    closing: 'yes' | 'missing' | 'twice';
    preamble: boolean;
    children: Part[];
}

export interface Rfc822 {
    kind: 'rfc822';
    headers: string[];
    body: Part;
}

export type Part = Leaf | Multipart | Rfc822;

export interface MailModel {
    headers: string[];
    body: Part;
    lineEnding: '\r\n' | '\n' | 'mixed';
    /** Cut the serialized mail at this fraction (transfer cut off), or keep it whole. */
    cutAt?: number;
    noBlankLine: boolean;
}

/** Text from the pools and arbitrary strings, sometimes repeated into a larger body. */
const text: Arbitrary<string> = fc
    .tuple(
        fc.array(
            fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) }, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 })),
            {
                maxLength: 8,
            },
        ),
        fc.constantFrom('\n', ' ', '\r\n', ''),
        fc.constantFrom(1, 1, 1, 1, 3, 40, 400),
    )
    .map(([pieces, separator, times]) => pieces.join(separator).repeat(times));

const html: Arbitrary<string> = fc
    .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HTML_FRAGMENTS) }, text), { maxLength: 10 }), fc.constantFrom(0, 0, 0, 30, 300))
    .map(([pieces, depth]) => `<html><body>${'<div>'.repeat(depth)}${pieces.join('\n')}${'</div>'.repeat(depth)}</body></html>`);

const name = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NAMES) }, fc.string({ maxLength: 20 }));
const address = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ADDRESSES) },
    fc.string({ maxLength: 20 }).map((local) => `${local}@x.example`),
);
const mailbox = fc.oneof(
    fc.tuple(name, address).map(([shown, at]) => `${shown} <${at}>`),
    fc.tuple(name, address).map(([shown, at]) => `"${shown}" <${at}>`),
    address,
    fc.constant('undisclosed-recipients:;'),
);
const addressList = fc.array(mailbox, { maxLength: 30 }).map((list) => list.join(', '));
const messageId = fc.oneof(
    fc.nat().map((n) => `<m${n}@customer.example>`),
    fc.constantFrom('<>', 'garbage without brackets', '<a@b> <c@d>', `<${'x'.repeat(500)}@y>`),
);

const leaf: Arbitrary<Leaf> = fc.record({
    kind: fc.constant('leaf' as const),
    contentType: fc.constantFrom(...LEAF_TYPES),
    charset: fc.constantFrom(...CHARSETS),
    encoding: fc.constantFrom(...ENCODINGS),
    brokenEncoding: fc.boolean(),
    disposition: fc.option(
        fc.record({
            type: fc.constantFrom('inline' as const, 'attachment' as const),
            filename: fc.oneof(fc.constantFrom(...FILE_NAMES), fc.string({ maxLength: 30 })),
            rfc2231: fc.boolean(),
        }),
        { nil: undefined },
    ),
    content: fc.oneof(text, html, fc.uint8Array({ maxLength: 300 })),
});

const boundary = fc.oneof(
    fc.constantFrom('b1', 'b2', '=_Part_0', 'same', ' spaced ', '"quoted"', 'x'.repeat(200), ''),
    fc.string({ minLength: 1, maxLength: 12 }),
);

const headerBlock = fc
    .record({
        from: fc.oneof(
            {
                weight: 6,
                arbitrary: fc
                    .tuple(name, fc.constantFrom('carla@customer.example', 'Zo\u00eb@customer.example', 'a+tag@x.example'))
                    .map(([shown, at]) => [`${shown} <${at}>`]),
            },
            fc.array(mailbox, { maxLength: 2 }),
        ),
        replyTo: fc.option(mailbox, { nil: undefined }),
        to: fc.option(addressList, { nil: undefined }),
        cc: fc.option(addressList, { nil: undefined }),
        subject: fc.array(
            fc.oneof(
                text.map((value) => value.slice(0, 2_000)),
                name,
            ),
            { maxLength: 2 },
        ),
        messageId: fc.array(messageId, { maxLength: 2 }),
        date: fc.option(
            fc.constantFrom('Tue, 24 Nov 2026 09:00:00 +0000', 'Mon, 1 Jan 1900 00:00:00 +0000', 'Fri, 31 Dec 9999 23:59:59 +2400', 'yesterday', ''),
            { nil: undefined },
        ),
        references: fc.array(messageId, { maxLength: 120 }),
        automated: fc.oneof(
            { weight: 8, arbitrary: fc.constant(undefined) },
            fc.constantFrom('Auto-Submitted: auto-replied', 'Precedence: bulk', 'X-Autoreply: yes', 'Auto-Submitted: no', 'Return-Path: <>'),
        ),
        junk: fc.array(fc.constantFrom('X-Junk: \u00e9t\u00e9', 'no colon here', 'X-Empty:', ': no name', `X-Long: ${'y'.repeat(3_000)}`, '\u0000X-Nul: 1'), {
            maxLength: 3,
        }),
        fold: fc.boolean(),
    })
    .map((fields) => {
        const lines = [
            ...fields.from.map((value) => `From: ${value}`),
            ...(fields.replyTo !== undefined ? [`Reply-To: ${fields.replyTo}`] : []),
            ...(fields.to !== undefined ? [`To: ${fields.to}`] : []),
            ...(fields.cc !== undefined ? [`Cc: ${fields.cc}`] : []),
            ...fields.subject.map((value) => `Subject: ${value.replace(/\r?\n/g, ' ')}`),
            ...fields.messageId.map((value) => `Message-ID: ${value}`),
            ...(fields.date !== undefined ? [`Date: ${fields.date}`] : []),
            ...(fields.references.length > 0 ? [`References: ${fields.references.join(' ')}`] : []),
            ...(fields.automated ? [fields.automated] : []),
            ...fields.junk,
        ];
        // Folding: long lines continue on lines starting with a blank, as mailers write them.
        return fields.fold ? lines.map((line) => line.replace(/(.{60,75}?) /g, '$1\r\n ')) : lines;
    });

/** A tree of parts, nested (multipart in multipart, message/rfc822 in multipart...) a few levels deep. */
const { part } = fc.letrec<{ part: Part }>((tie) => ({
    part: fc.oneof(
        { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
        { weight: 3, arbitrary: leaf },
        fc.record({
            kind: fc.constant('multipart' as const),
            subtype: fc.constantFrom(...MULTIPART_TYPES),
            boundary,
            declareBoundary: fc.constantFrom(true, true, true, false),
            closing: fc.constantFrom('yes' as const, 'yes' as const, 'missing' as const, 'twice' as const),
            preamble: fc.boolean(),
            children: fc.array(tie('part'), { maxLength: 4 }),
        }),
        fc.record({ kind: fc.constant('rfc822' as const), headers: headerBlock, body: tie('part') }),
    ),
}));

/** Many parts side by side, or parts nested deeper than the tree goes: the shapes that test the parser's limits. */
const extremeBody: Arbitrary<Part> = fc.oneof(
    fc.constantFrom(0, 30, 600, 1_100).map((count): Part => ({
        kind: 'multipart',
        subtype: 'mixed',
        boundary: 'wide',
        declareBoundary: true,
        closing: 'yes',
        preamble: false,
        children: [
            { kind: 'leaf', contentType: 'text/plain', encoding: '7bit', brokenEncoding: false, content: 'see the files' },
            ...Array.from({ length: count }, (_, index): Part => ({
                kind: 'leaf',
                contentType: 'application/octet-stream',
                encoding: 'base64',
                brokenEncoding: false,
                disposition: { type: 'attachment', filename: `f${index}.bin`, rfc2231: false },
                content: new Uint8Array([index & 0xff, 1, 2]),
            })),
        ],
    })),
    fc.integer({ min: 5, max: 80 }).map((depth) => {
        let body: Part = { kind: 'leaf', contentType: 'text/plain', encoding: '7bit', brokenEncoding: false, content: 'deep down @all' };
        for (let level = 0; level < depth; level++) {
            body =
                level % 3 === 2
                    ? { kind: 'rfc822', headers: ['From: inner@x.example', 'Subject: inner'], body }
                    : {
                          kind: 'multipart',
                          subtype: level % 2 ? 'alternative' : 'mixed',
                          boundary: `d${level}`,
                          declareBoundary: true,
                          closing: 'yes',
                          preamble: false,
                          children: [body],
                      };
        }
        return body;
    }),
);

export const mailModel: Arbitrary<MailModel> = fc.record({
    headers: headerBlock,
    body: fc.oneof({ weight: 8, arbitrary: part }, { weight: 1, arbitrary: extremeBody }),
    lineEnding: fc.constantFrom('\r\n' as const, '\r\n' as const, '\n' as const, 'mixed' as const),
    cutAt: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, fc.double({ min: 0, max: 1, noNaN: true })),
    noBlankLine: fc.constantFrom(false, false, false, false, true),
});

function base64Lines(bytes: Buffer, broken: boolean): string {
    const encoded = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    // Broken: stray characters and blanks inside, and the last quantum cut.
    return broken ? `${encoded.slice(0, Math.max(0, encoded.length - 3)).replace(/(.{20})/g, '$1 !\t')}` : encoded;
}

function quotedPrintable(bytes: Buffer, broken: boolean): string {
    let out = '';
    let line = 0;
    for (const byte of bytes) {
        const char =
            (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32
                ? String.fromCharCode(byte)
                : byte === 10
                  ? '\r\n'
                  : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (char === '\r\n') line = 0;
        else if (line + char.length > 73) {
            out += '=\r\n';
            line = 0;
        }
        out += char;
        line += char.length;
    }
    // Broken: a lone `=`, invalid hex, soft breaks in a row, and a dangling `=` at the end.
    return broken ? `${out}= =ZZ=\r\n=\r\n=\r\n=` : out;
}

function encodeContent(leaf: Leaf): string {
    const bytes =
        typeof leaf.content === 'string'
            ? Buffer.from(leaf.content, leaf.charset === 'iso-8859-1' || leaf.charset === 'windows-1252' ? 'latin1' : 'utf8')
            : Buffer.from(leaf.content);
    if (leaf.encoding === 'base64') return base64Lines(bytes, leaf.brokenEncoding);
    if (leaf.encoding === 'quoted-printable') return quotedPrintable(bytes, leaf.brokenEncoding);
    return bytes.toString('latin1');
}

function dispositionHeader(disposition: NonNullable<Leaf['disposition']>): string {
    const { type, filename, rfc2231 } = disposition;
    if (rfc2231) return `Content-Disposition: ${type}; filename*=UTF-8''${encodeURIComponent(filename)}`;
    return `Content-Disposition: ${type}; filename="${filename.replace(/"/g, '')}"`;
}

/** The part as MIME text; its bytes are Latin-1 characters (so a Buffer of it has exactly those bytes). */
function serializePart(part: Part, parentBoundary?: string): string {
    if (part.kind === 'leaf') {
        const type = part.contentType ? `Content-Type: ${part.contentType}${part.charset ? `; charset=${part.charset}` : ''}` : '';
        const lines = [
            ...(type ? [type] : []),
            ...(part.encoding ? [`Content-Transfer-Encoding: ${part.encoding}`] : []),
            ...(part.disposition ? [dispositionHeader(part.disposition)] : []),
        ].map((line) => Buffer.from(line, 'utf8').toString('latin1'));
        return `${lines.join('\r\n')}\r\n\r\n${encodeContent(part)}`;
    }
    if (part.kind === 'rfc822') {
        return `Content-Type: message/rfc822\r\n\r\n${part.headers.map((line) => Buffer.from(line, 'utf8').toString('latin1')).join('\r\n')}\r\n${serializePart(part.body)}`;
    }
    // `same` reuses the parent's boundary: parts that close their parent early.
    const boundary = part.boundary === 'same' && parentBoundary ? parentBoundary : part.boundary;
    const declared = part.declareBoundary ? `; boundary="${boundary.replace(/"/g, '')}"` : '';
    const delimiter = boundary.replace(/"/g, '');
    const children = part.children.map((child) => `--${delimiter}\r\n${serializePart(child, delimiter)}\r\n`).join('');
    const closing = part.closing === 'missing' ? '' : part.closing === 'twice' ? `--${delimiter}--\r\n--${delimiter}--\r\n` : `--${delimiter}--\r\n`;
    return `Content-Type: multipart/${part.subtype}${declared}\r\n\r\n${part.preamble ? 'This is a multi-part message in MIME format.\r\n' : ''}${children}${closing}${part.preamble ? 'epilogue\r\n' : ''}`;
}

/** The model as the bytes a mail server would hand over. */
export function serializeMail(model: MailModel): Buffer {
    const headers = model.headers.map((line) => Buffer.from(line, 'utf8').toString('latin1'));
    let text = `${headers.join('\r\n')}\r\nMIME-Version: 1.0\r\n${serializePart(model.body)}`;
    if (model.noBlankLine) text = text.replace('\r\n\r\n', '\r\n');
    if (model.lineEnding === '\n') text = text.replace(/\r\n/g, '\n');
    if (model.lineEnding === 'mixed') text = text.replace(/\r\n/g, (_, offset: number) => (offset % 3 === 0 ? '\n' : '\r\n'));
    const bytes = Buffer.from(text, 'latin1');
    return model.cutAt === undefined ? bytes : bytes.subarray(0, Math.floor(bytes.length * model.cutAt));
}

export const rawMail: Arbitrary<Buffer> = mailModel.map(serializeMail);

/** Settings a workspace may have: the message limit (Rocket.Chat's default and short ones), the attachment limit, quote trimming. */
export const importSettings = fc.record({
    maxMessageLength: fc.constantFrom(5_000, 5_000, 2_000, 1_000),
    maxAttachmentBytes: fc.constantFrom(20 * 1_048_576, 100),
    stripQuotedReplies: fc.boolean(),
});
