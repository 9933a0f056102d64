import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defuseLinks } from '../../../src/mail/domain/defuseLinks';
import { neutralizeMentions } from '../../../src/mail/domain/neutralizeMentions';

describe('defuseLinks', () => {
    it('drops script, data and other targets, whatever brackets the text holds or parentheses the target nests', () => {
        assert.equal(defuseLinks('[Invoice [PDF]](javascript:steal(document.cookie))'), 'Invoice [PDF]');
        assert.equal(defuseLinks('[x](javascript:a((b)(c)))!'), 'x!');
        assert.equal(defuseLinks('[x](JaVaScRiPt:alert(1))'), 'x');
        assert.equal(defuseLinks('[x](java\tscript:alert(1))'), 'x');
        assert.equal(defuseLinks('[x]( vbscript:msgbox)'), 'x');
        assert.equal(defuseLinks('[pic](data:text/html;base64,PHNjcmlwdD4=)'), 'pic');
        assert.equal(defuseLinks('[share](file:///etc/passwd)'), 'share');
    });

    it('keeps honest web and mail links as they are', () => {
        assert.equal(defuseLinks('See [the guide](https://help.example.com/a_(b)) now'), 'See [the guide](https://help.example.com/a_(b)) now');
        assert.equal(defuseLinks('[write us](mailto:help@example.com)'), '[write us](mailto:help@example.com)');
        assert.equal(defuseLinks('[https://example.com](https://example.com)'), '[https://example.com](https://example.com)');
    });

    it('shows the real target of a link whose text pretends to be another address', () => {
        assert.equal(defuseLinks('[https://bank.example](https://evil.example/login)'), 'https://bank.example (https://evil.example/login)');
        assert.equal(defuseLinks('[boss@company.example](mailto:thief@evil.example)'), 'boss@company.example (thief@evil.example)');
        assert.equal(defuseLinks('[www.bank.example](http://evil.example)'), 'www.bank.example (http://evil.example)');
    });

    it('leaves brackets that are not links alone, and is idempotent through neutralizeMentions', () => {
        assert.equal(defuseLinks('[WARNING] disk (90%) full [see log]'), '[WARNING] disk (90%) full [see log]');
        assert.equal(defuseLinks('unclosed [link](https://a.example'), 'unclosed [link](https://a.example');
        const once = neutralizeMentions('[Invoice [PDF]](JAVASCRIPT:x()) [https://a.example](https://b.example) @all');
        assert.equal(neutralizeMentions(once), once);
        assert.doesNotMatch(once, /javascript/i);
    });
});
