import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PLACEHOLDER_HOMEPAGE, listingAuthor, listingProblems } from '../../../scripts/listingAuthor.mjs';

const app = { name: 'Email Inboxes for Rocket.Chat', homepage: PLACEHOLDER_HOMEPAGE, support: PLACEHOLDER_HOMEPAGE };

describe('the marketplace listing author', () => {
    it('comes from package.json: author, homepage, bugs', () => {
        const author = listingAuthor(
            { author: 'ACME Ltd <dev@acme.example> (https://acme.example)', homepage: 'https://acme.example/inboxes', bugs: { email: 'help@acme.example' } },
            app,
        );
        assert.deepEqual(author, { name: 'ACME Ltd', homepage: 'https://acme.example/inboxes', support: 'mailto:help@acme.example' });
        assert.deepEqual(listingProblems(author), []);
        assert.equal(listingAuthor({ author: { name: 'X', url: 'https://x.example' }, bugs: 'https://x.example/issues' }, app).homepage, 'https://x.example');
    });

    it("is refused for the marketplace while it is app.json's placeholder", () => {
        assert.equal(listingProblems(listingAuthor({}, app)).length, 2);
    });
});
