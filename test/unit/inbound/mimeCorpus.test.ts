// The corpus in test/fixtures/mime: mail as real mailers write it, including their mistakes.
// Each one must give the agents what a person reading it would get, and never throw.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { detectAutomatedMail } from '../../../src/inbound/domain/detectAutomatedMail';
import type { InboundEmail } from '../../../src/mail/domain/InboundEmail';
import { parseInboundEmail } from '../../../src/inbound/parseInboundEmail';
import { CORPUS_DIR } from '../../support/mimeCorpus';

interface Expectation {
    from?: string;
    name?: string;
    subject?: string | RegExp;
    text: RegExp | 'none';
    notText?: RegExp;
    files?: Array<string | RegExp>;
    warning?: RegExp;
    automated?: string;
    synthesizedId?: boolean;
}

const CORPUS: Record<string, Expectation> = {
    'outlook-windows-1252-alternative.eml': {
        from: 'anna.schmidt@contoso.example',
        name: 'Schmidt, Anna',
        subject: 'Invoice “November” – € 120',
        text: /the invoice “November” shows € 120 instead of € 102 – could you check\?\n\nMit freundlichen Grüßen/,
        files: [],
    },
    'gmail-inline-image.eml': { from: 'bruno.costa@gmail.example', text: /Here is what I see:/, files: ['erro.png'] },
    'iso-2022-jp.eml': { name: '山田太郎', subject: 'お問い合わせ：注文番号１２３', text: /注文がまだ届いていません。/ },
    'koi8-r-base64.eml': { name: 'Иван Петров', subject: 'Не работает вход', text: /Не могу войти в личный кабинет\./ },
    'gb2312-8bit.eml': { name: '王小明', subject: '订单查询', text: /我的订单还没有发货/ },
    'raw-utf8-headers.eml': { name: 'Zoë Ångström', subject: 'Ärger mit der Lieferung – bitte prüfen', text: /beschädigt/ },
    'raw-latin1-undeclared.eml': {
        name: 'Renée Dubois',
        subject: 'Problème de connexion',
        text: /je n'arrive pas à me connecter depuis hier\. Merci d'avance, Renée/,
    },
    'boundary-never-used.eml': { text: /^The sender's mailer promised parts but wrote plain text only\.$/, warning: /without any of its parts/ },
    'multipart-without-boundary.eml': { text: /Can you read this at all\?/, warning: /without a boundary/ },
    'truncated-base64-attachment.eml': {
        text: /Please find the contract attached\./,
        files: ['contract.pdf'],
        warning: /ends before its last part is complete/,
    },
    'bare-lf-line-endings.eml': { subject: 'Sent from a script', text: /^Line one from a Unix script\.\nLine two\.\n$/ },
    'body-only-no-headers.eml': { text: /Just a body, no headers at all/, warning: /no sender/, synthesizedId: true },
    'undisclosed-no-message-id.eml': { from: 'tina@example.net', text: /enterprise plan/, synthesizedId: true },
    'rfc2231-filenames.eml': { text: /Anbei die Rechnungen\./, files: ['Rechnung März.pdf', 'Sehr lange Übersicht der Bestellungen 2026.pdf'] },
    'outlook-tnef-winmail.eml': { text: /See the attached report\./, files: ['winmail.dat'] },
    'calendar-invite.eml': { text: /onboarding call on 1 December/, files: [/^attachment-[0-9a-f]{8}\.ics$/, 'invite.ics'] },
    'smime-signed.eml': { text: /^Please reset my two-factor device\.$/, files: [] },
    'forwarded-as-attachment.eml': { text: /See the bank's message below\./, files: ['Payment failed.eml'] },
    'delivery-status-notification.eml': { text: /could not be delivered/, automated: 'bounce' },
    'delivery-status-for-a-reply.eml': {
        text: /could not\nbe delivered to one or more recipients/,
        automated: 'bounce',
        files: [/^attachment-[0-9a-f]{8}\.txt$/],
    },
    'exchange-out-of-office.eml': { text: /out of the office/, automated: 'auto_submitted' },
    'empty-body.eml': { subject: 'Call me back please', text: 'none' },
    'huge-plain-text-log.eml': { text: /job 599 failed: connection reset by peer\nEND OF LOG/ },
    'unknown-charset.eml': { text: /Plain words in an unknown charset still read fine\./ },
    'nul-and-control-bytes.eml': { text: /^Before junk\nred\nAfter junk\n$/ },
    'invalid-date.eml': { text: /nonsense/ },
    'long-references-folded-subject.eml': { subject: 'A subject folded over three lines', text: /deep inside/ },
    'deeply-nested-multipart.eml': { text: /Deep down the text survives\./ },
    'apple-mail-inline-attachment.eml': { text: /Here is the signed form:\n\nThanks, Hugo/, files: ['form.pdf'] },
    'broken-quoted-printable.eml': { text: /100 € and this line ends with a lone equals and continues/ },
    'broken-encoded-words.eml': { name: 'Jörg', subject: /and Grüße$/, text: /split in the middle/, warning: /could not be decoded/ },
    'html-only-base64-table-layout.eml': {
        text: /Hi support,\n\nI ordered \*two\* items:\n\n {1,2}1\. Kettle\n {1,2}2\. Toaster\n\nTrack it \[here\]\(https:\/\/track\.example\.com\/4711\) or click me\./,
        notText: /javascript|alert|pixel|color:red/,
    },
    'multiple-from-addresses.eml': { from: 'kai@example.net', text: /We both need access\./ },
};

async function parse(file: string): Promise<InboundEmail> {
    return parseInboundEmail(readFileSync(join(CORPUS_DIR, file)));
}

describe('the real-world MIME corpus', () => {
    it('has an expectation for every file, and a file for every expectation', () => {
        const files = readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.eml'));
        assert.deepEqual(files.sort(), Object.keys(CORPUS).sort());
    });

    for (const [file, expected] of Object.entries(CORPUS)) {
        it(`reads ${file}`, async () => {
            const email = await parse(file);
            if (expected.from) assert.equal(email.from?.address, expected.from);
            if (expected.name) assert.equal(email.from?.name, expected.name);
            if (typeof expected.subject === 'string') assert.equal(email.subject, expected.subject);
            if (expected.subject instanceof RegExp) assert.match(email.subject, expected.subject);
            if (expected.text === 'none') assert.equal((email.text ?? '').trim(), '');
            else assert.match(email.text ?? '', expected.text);
            if (expected.notText) assert.doesNotMatch(email.text ?? '', expected.notText);
            // eslint-disable-next-line no-control-regex -- no control character reaches a room
            assert.doesNotMatch(`${email.subject}${email.text ?? ''}`, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
            if (!expected.warning) assert.doesNotMatch(`${email.subject}${email.text ?? ''}`, /\ufffd/, 'undecodable characters are announced');
            if (expected.files) {
                const names = email.attachments.map((attachment) => attachment.filename);
                assert.equal(names.length, expected.files.length, names.join(', '));
                expected.files.forEach((name, index) => (typeof name === 'string' ? assert.equal(names[index], name) : assert.match(names[index], name)));
            }
            if (expected.warning) assert.match(email.parseWarnings.join('; '), expected.warning);
            else if (email.from) assert.deepEqual(email.parseWarnings, []);
            assert.equal(email.synthesizedMessageId, expected.synthesizedId ?? false);
            const verdict = detectAutomatedMail(email, { inboxAddresses: ['support@example.test'] });
            assert.equal(verdict.automated ? verdict.reason : undefined, expected.automated);
        });
    }
});
