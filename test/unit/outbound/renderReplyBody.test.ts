import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { renderReplyBody } from '../../../src/outbound/domain/renderReplyBody';

describe('renderReplyBody', () => {
    it("keeps Rocket.Chat's formatting: single-asterisk bold, italics, lists, code and links", () => {
        const { text, html } = renderReplyBody(
            'Hi *Carla*, _sorry_!\n1. unplug\n2. wait\n`reset` then\n```\nsudo reboot\n```\n[guide](https://help.example/fire)',
        );
        assert.equal(text, 'Hi *Carla*, _sorry_!\n1. unplug\n2. wait\nreset then\n    sudo reboot\n\nguide (https://help.example/fire)\n');
        assert.match(html, /<strong>Carla<\/strong>, <em>sorry<\/em>!/);
        assert.match(html, /<ol start="1"><li>unplug<\/li><li>wait<\/li><\/ol>/);
        assert.match(html, /<code[^>]*>reset<\/code>/);
        assert.match(html, /<pre[^>]*><code>sudo reboot<\/code><\/pre>/);
        assert.match(html, /<a href="https:\/\/help\.example\/fire">guide<\/a>/);
    });

    it('turns emoji short codes into emoji and keeps mentions readable', () => {
        const { text, html } = renderReplyBody('Done :white_check_mark: :thumbsup: @jane.doe');
        assert.equal(text, 'Done ✅ 👍 @jane.doe\n');
        assert.match(html, /Done ✅ 👍 <strong>@jane\.doe<\/strong>/);
    });

    it('escapes HTML the agent typed and links only web, mail and phone addresses', () => {
        const { html } = renderReplyBody('<img src=x onerror=alert(1)> [click](javascript:alert(1)) [mail](mailto:a@b.example)');
        assert.doesNotMatch(html, /<img/);
        assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
        assert.doesNotMatch(html, /href="javascript/);
        assert.match(html, /<a href="mailto:a@b\.example">mail<\/a>/);
    });

    it("drops Rocket.Chat's invisible quote links and renders quotes", () => {
        const { text, html } = renderReplyBody('[ ](https://chat.example/live/r1?msg=m1) As you wrote:\n> it smokes');
        assert.equal(text, 'As you wrote:\n> it smokes\n');
        assert.doesNotMatch(html, /msg=m1/);
        assert.match(html, /<blockquote[^>]*><p[^>]*>it smokes<\/p><\/blockquote>/);
    });

    it('renders task lists as text a mail client shows well', () => {
        const { text } = renderReplyBody('- [x] paid\n- [ ] shipped');
        assert.equal(text, '[x] paid\n[ ] shipped\n');
    });
});
