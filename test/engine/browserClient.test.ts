// The browser client (test/support/client) against Rocket.Chat 8.x's client rules, with small
// views of its own and no engine: what a person does in the page, what the page sends, and how it
// shows the app's answer. Rules and their Rocket.Chat files: test/support/client/page/clientRules.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { BrowserClient, ClientInteraction } from '../support/client/BrowserClient';
import { withBrowserClient } from '../support/client/BrowserClient';

const text = (value: string) => ({ type: 'plain_text', text: value });
const option = (label: string, value: string) => ({ text: text(label), value });
const input = (blockId: string, label: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'input',
    blockId,
    label: text(label),
    element,
    ...extra,
});

/** Every block type of a modal, one of each kind of field, and a hint (which 0.31.23 alone would crash on). */
const form = {
    id: 'view-form',
    appId: 'app-under-test',
    type: 'modal',
    title: text('Add an inbox'),
    submit: { type: 'button', text: text('Save'), actionId: 'submit' },
    close: { type: 'button', text: text('Cancel'), actionId: 'close' },
    blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*General*' } },
        input('blockA', 'Name', { type: 'plain_text_input', actionId: 'actionA', placeholder: text('support') }),
        input('blockB', 'Email', { type: 'plain_text_input', actionId: 'actionB' }, { hint: text('The address customers write to') }),
        { type: 'divider' },
        input('blockC', 'Security', {
            type: 'static_select',
            actionId: 'actionC',
            initialValue: 'ssl',
            placeholder: text('Choose'),
            options: [option('SSL/TLS', 'ssl'), option('STARTTLS', 'starttls'), option('None', 'none')],
        }),
        input('blockD', 'Active', {
            type: 'static_select',
            actionId: 'actionD',
            initialOption: option('Yes', 'yes'),
            options: [option('Yes', 'yes'), option('No', 'no')],
        }),
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Passwords are never shown again.' }] },
    ],
};

// It needs no engine: run once, on the first runtime npm test runs the engine layer on.
const ONCE = (process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3') === 'deno-2.3';

describe(
    'the browser client renders views with fuselage-ui-kit and keeps the form as Rocket.Chat 8.x does',
    { skip: !ONCE && 'runs once, with the deno-2.3 engine run' },
    () => {
        let client: BrowserClient;
        let release: () => void;
        let closed: Promise<void>;
        let sent: ClientInteraction[] = [];
        /** What the test answers to the page's next interaction. */
        let answer: unknown = { success: true };

        before(async () => {
            // One Chromium for the file: each test shows its own view (a new mount, as a new modal is).
            client = await new Promise<BrowserClient>((opened, failed) => {
                closed = withBrowserClient((shared) => {
                    opened(shared);
                    return new Promise<void>((done) => (release = done));
                });
                closed.catch(failed);
            });
            client.onInteraction(async (interaction) => {
                sent.push(interaction);
                return answer;
            });
        });
        after(async () => {
            release?.();
            await closed;
        });

        const open = async (view: object, surface: 'modal' | 'contextualBar' = 'modal') => {
            sent = [];
            answer = { success: true };
            const problemsBefore = client.problems().length;
            await client.show(view, surface);
            return { newProblems: () => client.problems().slice(problemsBefore) };
        };
        const lastSubmit = () => {
            const submit = sent.filter((interaction) => interaction.type === 'viewSubmit').at(-1);
            assert.ok(submit, `no viewSubmit was sent; sent: ${JSON.stringify(sent)}`);
            return submit.view.state as Record<string, unknown>;
        };

        it('submits the values grouped by blockId, keyed by actionId, with the initial values; closes on success', async () => {
            const { newProblems } = await open(form);
            assert.deepEqual(newProblems(), [], 'every block shown, no React warning');
            const shown = await client.text();
            assert.match(shown, /The address customers write to/, 'the hint shows as text');
            assert.match(shown, /General/);
            assert.doesNotMatch(shown, /\*General\*/, "mrkdwn drawn as markup, as 8.x's MarkdownTextElement draws it");
            await client.screenshot('browser-client-form');

            await client.type('Name', 'typed');
            await client.choose('Security', 'STARTTLS');
            assert.equal(await client.shownValue('Name'), 'typed');
            assert.equal(await client.shownValue('Security'), 'STARTTLS');
            assert.equal(await client.shownValue('Active'), 'Yes');
            await client.click('Save');

            // Over the wire as JSON: the untouched Email (undefined) leaves an empty block.
            assert.deepEqual(lastSubmit(), { blockA: { actionA: 'typed' }, blockB: {}, blockC: { actionC: 'starttls' }, blockD: { actionD: 'yes' } });
            assert.equal(sent[0].type === 'viewSubmit' && sent[0].viewId, 'view-form');
            assert.equal(await client.isOpen(), false, 'a success answer closes the modal');
        });

        it('shows errors under the field whose actionId is the key, and keyed otherwise nowhere', async () => {
            await open(form);
            await client.type('Name', 'support');
            answer = {
                success: false,
                type: 'errors',
                viewId: 'view-form',
                errors: { actionA: 'That name is taken', blockB: 'keyed by blockId', nobody: 'no such field' },
            };
            await client.click('Save');

            assert.equal(await client.isOpen(), true, 'errors keep the modal open');
            assert.equal(await client.errorUnder('Name'), 'That name is taken');
            assert.equal(await client.errorUnder('Email'), undefined);
            const shown = await client.text();
            assert.doesNotMatch(shown, /keyed by blockId|no such field/);

            // An array of error objects, as 8.x also reads them; errors for another view id are not this view's.
            answer = { success: false, type: 'errors', viewId: 'view-form', errors: [{ actionB: 'Not an address' }] };
            await client.click('Save');
            assert.equal(await client.errorUnder('Email'), 'Not an address');
            answer = { success: false, type: 'errors', viewId: 'another-view', errors: { actionA: 'elsewhere' } };
            await client.click('Save');
            assert.equal(await client.errorUnder('Email'), 'Not an address');
            assert.equal(await client.errorUnder('Name'), undefined);
        });

        it('keeps typed values through modal.update: new fields only show their initialValue, vanished fields are still submitted', async () => {
            await open(form);
            await client.type('Name', 'typed');
            const port = input('blockE', 'Port', { type: 'plain_text_input', actionId: 'actionE', initialValue: '993' });
            await client.update({ ...form, blocks: [...form.blocks, port] });
            assert.equal(await client.shownValue('Name'), 'typed');
            assert.equal(await client.shownValue('Port'), '993');

            await client.update({ id: 'view-form', blocks: [...form.blocks.filter((block) => !('blockId' in block) || block.blockId !== 'blockA'), port] });
            assert.doesNotMatch(await client.text(), /Name/);
            await client.click('Save');
            const state = lastSubmit();
            assert.deepEqual(state.blockA, { actionA: 'typed' }, 'the removed field is still in the values');
            assert.equal(state.blockE, undefined, 'a field that appeared is not in the values until touched');
            await assert.rejects(client.update({ id: 'some-other-view', blocks: [] }), /no view with that id is shown/);
        });

        it('reveals elements that share an actionId: both fields look filled, one value is submitted, React warns about the duplicate key', async () => {
            const { newProblems } = await open({
                id: 'view-duplicates',
                appId: 'app-under-test',
                title: text('Two passwords'),
                submit: { type: 'button', text: text('Save'), actionId: 'submit' },
                blocks: [
                    input('smtp.password', 'SMTP password', { type: 'plain_text_input', actionId: 'value' }),
                    input('imap.password', 'IMAP password', { type: 'plain_text_input', actionId: 'value' }),
                ],
            });
            assert.ok(
                newProblems().some((problem) => problem.includes('Encountered two children with the same key')),
                `React's duplicate-key warning: ${newProblems().join('\n')}`,
            );
            await client.type('SMTP password', 'smtp-secret');
            await client.type('IMAP password', 'imap-secret');
            // Each field keeps showing what was typed into it (8.x's useUiKitState holds a value per
            // element, seeded once), while the form holds one value per actionId: the last one typed.
            assert.equal(await client.shownValue('SMTP password'), 'smtp-secret');
            assert.equal(await client.shownValue('IMAP password'), 'imap-secret');
            assert.deepEqual(await client.values(), { value: { value: 'imap-secret', blockId: 'imap.password' } });
            await client.click('Save');
            assert.deepEqual(lastSubmit(), { 'imap.password': { value: 'imap-secret' } }, 'the SMTP password is lost');
        });

        it('reports blocks the surface does not show', async () => {
            const { newProblems } = await open({
                id: 'view-blocks',
                appId: 'app-under-test',
                title: text('Blocks'),
                blocks: [
                    { type: 'section', text: text('shown') },
                    { type: 'preview', blockId: 'preview', title: [text('a preview')], description: [text('not in a modal')] },
                    { type: 'callout', blockId: 'callout', text: text('8.x shows callouts') },
                    { type: 'header', blockId: 'header', text: text('not a UIKit block') },
                ],
            });
            const problems = newProblems().join('\n');
            assert.match(problems, /block 1 \(preview preview\) of view view-blocks is not shown on the modal: Rocket.Chat 8.x does not render preview blocks/);
            // 0.31.23 has no callout; the page draws it as 8.x's CalloutBlock does (page/SurfaceRenderer.tsx).
            assert.doesNotMatch(problems, /block 2/);
            assert.match(problems, /block 3 \(header header\) .* does not render header blocks/);
            assert.doesNotMatch(problems, /block 0/);
        });

        it('sends block actions, cancel and close as 8.x does', async () => {
            await open({
                id: 'view-actions',
                appId: 'app-under-test',
                title: text('Actions'),
                close: { type: 'button', text: text('Cancel'), actionId: 'close' },
                blocks: [
                    {
                        type: 'actions',
                        blockId: 'buttons',
                        elements: [{ type: 'button', actionId: 'test-connection', text: text('Test connection'), value: 'imap' }],
                    },
                    input('signIn', 'Sign-in', {
                        type: 'static_select',
                        actionId: 'method',
                        dispatchActionConfig: ['on_item_selected'],
                        placeholder: text('Choose'),
                        options: [option('Password', 'password'), option('OAuth2', 'oauth2')],
                    }),
                    input('name', 'Name', { type: 'plain_text_input', actionId: 'name', dispatchActionConfig: ['on_character_entered'] }),
                ],
            });
            await client.click('Test connection');
            await client.choose('Sign-in', 'OAuth2');
            await client.type('Name', 'sup');
            assert.deepEqual(
                sent.map(
                    (interaction) =>
                        interaction.type === 'blockAction' && [interaction.actionId, interaction.blockId, interaction.value, interaction.container.id],
                ),
                [
                    ['test-connection', 'buttons', 'imap', 'view-actions'],
                    ['method', 'signIn', 'oauth2', 'view-actions'],
                    ['name', 'name', 'sup', 'view-actions'],
                ],
            );

            answer = { success: true };
            await client.click('Cancel');
            const cancel = sent.at(-1);
            assert.ok(cancel?.type === 'viewClosed' && cancel.isCleared === false && cancel.viewId === 'view-actions');
            // A clicked button's value is in the state too: 8.x updates the state before each block action.
            assert.deepEqual(cancel.view.state, { buttons: { 'test-connection': 'imap' }, signIn: { method: 'oauth2' }, name: { name: 'sup' } });
            assert.equal(await client.isOpen(), false);
        });

        it('closes a contextual bar as soon as it is submitted, and shows no errors there', async () => {
            await open(
                {
                    id: 'view-bar',
                    appId: 'app-under-test',
                    type: 'contextualBar',
                    title: text('Inbox'),
                    submit: { type: 'button', text: text('Save'), actionId: 'submit' },
                    blocks: [input('blockA', 'Name', { type: 'plain_text_input', actionId: 'actionA', initialValue: 'support' })],
                },
                'contextualBar',
            );
            await client.screenshot('browser-client-contextual-bar');
            answer = { success: false, type: 'errors', viewId: 'view-bar', errors: { actionA: 'never shown' } };
            await client.click('Save');
            assert.deepEqual(lastSubmit(), { blockA: { actionA: 'support' } });
            assert.equal(await client.isOpen(), false);
        });
    },
);
