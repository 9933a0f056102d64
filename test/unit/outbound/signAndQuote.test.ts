import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { quotableMail, QUOTE_LIMIT } from '../../../src/mail/domain/quotedMail';
import { renderReplyContent } from '../../../src/outbound/domain/renderReplyBody';
import { quoteDate, signAndQuote } from '../../../src/outbound/domain/signAndQuote';

const SIGNATURE = 'Jane Doe\nACME Support <Billing>';

describe('signAndQuote', () => {
    it('signs the text part after "-- " and the HTML as its own block, once', () => {
        const body = signAndQuote(renderReplyContent('Hi *Carla*'), { typed: 'Hi *Carla*', signature: SIGNATURE });
        assert.equal(body.text, 'Hi *Carla*\n\n-- \nJane Doe\nACME Support <Billing>\n');
        assert.match(
            body.html,
            /<strong>Carla<\/strong><\/p><div class="email-inboxes-signature"[^>]*>-- <br>Jane Doe<br>ACME Support &lt;Billing&gt;<\/div><\/div><\/body><\/html>$/,
        );
        assert.equal(body.html.split('Jane Doe').length, 2);
    });

    it('adds no second signature when the agent typed or pasted it, in other spacing or bold', () => {
        for (const typed of ['Done.\n\nJane Doe\nACME Support <Billing>', 'Done. *Jane Doe*  ACME support <billing>']) {
            const body = signAndQuote(renderReplyContent(typed), { typed, signature: SIGNATURE });
            assert.doesNotMatch(body.text, /^-- $/m, typed);
            assert.equal(body.text.split('Jane Doe').length, 2, typed);
        }
        assert.match(signAndQuote(renderReplyContent('Jane'), { typed: 'Jane', signature: SIGNATURE }).text, /\n-- \nJane Doe/);
    });

    it('quotes the mail under the signature: "On <date>, <name> wrote:" and "> " lines, a blockquote escaped in HTML', () => {
        const mail = quotableMail(
            { messageId: 'm1@example.net', from: { name: 'Carla', address: 'carla@example.net' }, date: new Date('2026-03-02T09:30:00Z') },
            'It <b>still</b> smokes.\r\n\r\n> my own quote',
            new Date(),
        );
        const header = `On ${quoteDate(mail.date)}, ${mail.from} wrote:`;
        const body = signAndQuote(renderReplyContent('Unplug it.'), { typed: 'Unplug it.', signature: 'Jane', quote: { mail, header, cutNote: '[cut]' } });
        assert.equal(
            body.text,
            'Unplug it.\n\n-- \nJane\n\nOn Mon, 02 Mar 2026 09:30:00 UTC, Carla <carla@example.net> wrote:\n> It <b>still</b> smokes.\n>\n>> my own quote\n',
        );
        assert.match(
            body.html,
            /<div>On Mon, 02 Mar 2026 09:30:00 UTC, Carla &lt;carla@example\.net&gt; wrote:<\/div><blockquote type="cite"[^>]*>It &lt;b&gt;still&lt;\/b&gt; smokes\.<br><br>&gt; my own quote<\/blockquote>/,
        );
        assert.doesNotMatch(body.html, /<b>still/);
        assert.ok(body.html.indexOf('email-inboxes-signature') < body.html.indexOf('blockquote'));
    });

    it('quotes at most QUOTE_LIMIT characters, then says the rest is left out', () => {
        const mail = quotableMail(
            { messageId: 'm2', from: { name: '', address: 'carla@example.net' }, date: undefined },
            'a'.repeat(QUOTE_LIMIT + 10),
            new Date(0),
        );
        assert.equal(mail.text.length, QUOTE_LIMIT);
        assert.equal(mail.from, 'carla@example.net');
        assert.equal(mail.date, '1970-01-01T00:00:00.000Z', 'no Date header: when it was read');
        const body = signAndQuote(renderReplyContent('Ok.'), { typed: 'Ok.', quote: { mail, header: 'h', cutNote: '[The rest is not quoted.]' } });
        assert.match(body.text, /a\n\n\[The rest is not quoted\.\]\n$/);
        assert.match(body.html, /<\/blockquote><div>\[The rest is not quoted\.\]<\/div>/);
        assert.doesNotMatch(body.text, /^-- $/m, 'no signature: none added');
    });
});
