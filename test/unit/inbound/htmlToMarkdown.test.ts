import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { htmlToMarkdown } from '../../../src/inbound/domain/htmlToMarkdown';

describe('htmlToMarkdown', () => {
    it('keeps paragraphs, lists, emphasis and links', () => {
        const markdown = htmlToMarkdown(
            '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>' +
                '<h2>Order 42</h2><p>Hello <b>team</b>, this is <i>urgent</i>.</p>' +
                '<ul><li>first</li><li>second</li></ul><ol><li>one</li><li>two</li></ol>' +
                '<p>See <a href="https://example.com/orders/42">the order</a>.</p>' +
                '<blockquote>quoted</blockquote></body></html>',
        );
        assert.match(markdown, /^\*Order 42\*/);
        assert.match(markdown, /Hello \*team\*, this is _urgent_\./);
        assert.match(markdown, /- first\n- second/);
        assert.match(markdown, /1\. one\n\s*2\. two/);
        assert.match(markdown, /See \[the order\]\(https:\/\/example\.com\/orders\/42\)\./);
        assert.match(markdown, /> quoted/);
        assert.doesNotMatch(markdown, /color:red|alert/);
    });

    it('drops script links and tracking pixels, and shows the real target of a link pretending to be another', () => {
        const markdown = htmlToMarkdown(
            '<p><a href="javascript:steal()">Click</a> <img src="https://t.example/p.gif" width="1" height="1" alt="pixel"> ' +
                '<a href="https://evil.example/login">https://bank.example.com</a> <img src="logo.png" alt="ACME logo"></p>',
        );
        assert.doesNotMatch(markdown, /javascript|pixel/);
        assert.match(markdown, /Click/);
        assert.match(markdown, /https:\/\/bank\.example\.com \(https:\/\/evil\.example\/login\)/);
        assert.match(markdown, /\[ACME logo\]/);
    });

    it('caps very long mails', () => {
        const markdown = htmlToMarkdown(`<p>${'word '.repeat(10_000)}</p>`, '[cut]');
        assert.ok(markdown.length < 20_100);
        assert.match(markdown, /\[cut\]$/);
    });
});
