import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parse } from '@rocket.chat/message-parser';

import { headerBlock, MAX_HEADERS_KEPT } from '../../../src/inbound/domain/headerBlock';
import { translatorFor } from '../../../src/i18n/translate';
import { mayViewLivechatRoom } from '../../../src/platform/domain/mayViewLivechatRoom';
import { HEADERS_PER_BLOCK, originalHeadersModal } from '../../../src/ui/originalHeaders/originalHeadersModal';
import { renderProblems } from '../../support/client/ClientView';
import { markupProblems } from '../../support/roomMarkup';

const t = translatorFor('en');

/** What the client shows of a mrkdwn text's code blocks: their lines (message-parser CODE, as MarkdownTextElement renders it). */
function codeLines(text: string): string[] {
    return (parse(text) as Array<{ type: string; value: Array<{ value: { value: string } }> }>)
        .filter((node) => node.type === 'CODE')
        .flatMap((node) => node.value.map((line) => line.value.value));
}

const texts = (view: { blocks?: unknown }) =>
    (view.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>).flatMap((block) =>
        block.text ? [block.text.text] : (block.elements ?? []).map((element) => element.text),
    );

describe('original headers', () => {
    it('keeps the header block up to the empty line, whole lines within the limit, LF line ends, controls out', () => {
        const raw = Buffer.from('Received: from a\r\n\tby b\r\nSubject: Hi\u0007 there\r\nFrom: c@d.example\r\n\r\nBody: not a header\r\n');
        assert.deepEqual(headerBlock(raw), { text: 'Received: from a\n\tby b\nSubject: Hi there\nFrom: c@d.example', size: 62, cut: false });
        const long = Buffer.from(`${Array.from({ length: 2000 }, (_, index) => `X-Line-${index}: ${'é'.repeat(10)}`).join('\r\n')}\r\n\r\nbody`);
        const block = headerBlock(long)!;
        assert.equal(block.cut, true);
        assert.ok(Buffer.byteLength(block.text) <= MAX_HEADERS_KEPT);
        assert.match(block.text.split('\n').at(-1)!, /^X-Line-\d+: (é){10}$/, 'no line cut in half');
        assert.equal(headerBlock(Buffer.from('just some text\r\nwithout headers')), undefined);
    });

    it('shows the verdict, the warning and the headers verbatim in code blocks, which a fence cannot end', () => {
        const headers = [
            'Authentication-Results: mx.google.com; dmarc=fail header.from=bank.example',
            'X-Note: ```',
            ...Array.from({ length: 200 }, (_, i) => `X-${i}: ${'v'.repeat(40)}`),
        ].join('\n');
        const view = originalHeadersModal('app', t, 'msg-1', {
            kind: 'headers',
            entry: {
                inboxId: 'i',
                roomId: 'r',
                roomMessageId: 'msg-1',
                messageId: 'spoof@x.example',
                from: 'security@bank.example',
                date: '2026-03-02T10:15:00.000Z',
                headers,
                size: 40_000,
                cut: true,
                authentication: { server: 'mx.google.com', dmarc: 'fail', suspicious: { domain: 'bank.example', reason: 'dmarc' } },
            },
        }) as { id: string; blocks: Array<{ type: string; variant?: string }>; submit?: unknown };
        assert.deepEqual(renderProblems(view, 'modal'), []);
        assert.equal(view.id, 'email-inboxes:original-headers:msg-1');
        assert.equal(view.submit, undefined, 'only a Close button');
        const shown = texts(view);
        assert.equal(shown[0], 'From security@bank.example · sent 2026-03-02 10:15 UTC · Message-ID spoof@x.example');
        assert.equal(view.blocks[1].variant, 'danger');
        assert.match(shown[1], /^⚠️ \*This email may not be from security@bank\.example\*: the receiving mail server's DMARC check failed for bank\.example\./);
        assert.equal(shown[2], '*Receiving server* mx.google.com: SPF — · DKIM — · DMARC fail');
        const code = shown.slice(3, -1);
        assert.ok(code.length > 1 && code.every((text) => text.length <= HEADERS_PER_BLOCK + 10));
        assert.deepEqual(
            code.flatMap(codeLines).map((line) => line.replace(/\u200b/g, '')),
            headers.split('\n'),
        );
        assert.match(shown.at(-1)!, /^Only the first [\d.]+ KB of the 39 KB of headers are kept\.$/);
    });

    it('shows a verdict the sender wrote (no receiving server added one) without its links or mentions acting', () => {
        const view = originalHeadersModal('app', t, 'msg-2', {
            kind: 'headers',
            entry: {
                inboxId: 'i',
                roomId: 'r',
                roomMessageId: 'msg-2',
                messageId: 'x@x.example',
                headers: 'From: a@b.example',
                size: 17,
                cut: false,
                authentication: { server: '[bank.example](https://evil.example/login)', spf: '@all', dkim: 'pass', dmarc: 'pass' },
            },
        });
        const verdict = texts(view)[1];
        assert.match(verdict, /SPF .*all · DKIM pass · DMARC pass$/);
        assert.deepEqual(markupProblems(verdict), []);
    });

    it('says when there are none, and refuses without showing any', () => {
        assert.match(texts(originalHeadersModal('app', t, 'x', { kind: 'none' }))[0], /^There are no email headers for this message/);
        assert.deepEqual(texts(originalHeadersModal('app', t, 'x', { kind: 'not_allowed' })), [t('headers_not_allowed')]);
    });

    it("lets the room's agent and those core lets open any omnichannel room see it, no one else", () => {
        assert.equal(mayViewLivechatRoom({ id: 'jane', roles: ['user', 'livechat-agent'] }, { servedById: 'jane' }), true);
        assert.equal(mayViewLivechatRoom({ id: 'bob', roles: ['user', 'livechat-agent'] }, { servedById: 'jane' }), false);
        assert.equal(mayViewLivechatRoom({ id: 'bob', roles: ['livechat-agent'] }, {}), false, 'a queued room: not an agent of the app’s choosing');
        for (const role of ['admin', 'livechat-manager', 'livechat-monitor'])
            assert.equal(mayViewLivechatRoom({ id: 'm', roles: [role] }, { servedById: 'jane' }), true);
    });
});
