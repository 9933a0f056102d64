import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { emptyInboxInput } from '../../../src/configuration/domain/InboxInput';
import { translatorFor } from '../../../src/i18n/translate';
import { repeatedActionIds, submittedValues } from '../../../src/ui/blocks/submittedValues';
import { formShape, reshape } from '../../../src/ui/inboxForm/formShape';
import { inboxFormModal } from '../../../src/ui/inboxForm/inboxFormModal';
import { emailPanelRefusal, emailPanelView, emailPanelViewId } from '../../../src/ui/emailPanel/emailPanelView';
import type { EmailPanelData } from '../../../src/ui/emailPanel/emailPanelView';
import { inboxPanelModal } from '../../../src/ui/inboxPanel/inboxPanelModal';
import { removeInboxModal } from '../../../src/ui/removeInbox/removeInboxModal';
import { newEmailModal, noInboxModal } from '../../../src/ui/newEmail/newEmailModal';
import { selftestModal } from '../../../src/ui/selftest/selftestModal';
import { renderProblems } from '../../support/client/ClientView';

const t = translatorFor('en');
const form = (method: string, security = 'ssl', inboxId?: string) =>
    inboxFormModal({
        appId: 'app',
        roomId: 'room',
        inboxId,
        inboxName: inboxId && 'support',
        values: { ...emptyInboxInput(), 'signIn.method': method, 'smtp.security': security, 'imap.security': security },
        departments: [
            { id: 'd1', name: 'Sales' },
            { id: 'd2', name: 'Old', unavailable: 'disabled' },
        ],
        redirectUri: 'https://chat.example.com/api/apps/public/app/oauth/callback',
        t,
    });

/** Every view the app builds, in every shape. */
const VIEWS = {
    ...Object.fromEntries(
        ['password', 'microsoft', 'google', 'oauth2'].flatMap((method) =>
            ['ssl', 'none'].map((security) => [`inbox form ${method} ${security}`, form(method, security)]),
        ),
    ),
    'inbox form edit': form('password', 'ssl', 'inbox-1'),
    selftest: selftestModal('app', 'room', t, 'imaps://a%40b.c@imap.b.c:993', ''),
    'remove inbox': removeInboxModal('app', 'room', t, { id: 'inbox-1', name: 'support', email: 'support@example.com' }),
    'new email': newEmailModal({
        appId: 'app',
        roomId: 'room',
        nonce: 'n1',
        inboxes: [
            { id: 'i1', name: 'support', email: 'support@example.com', senderInfo: 'ACME Support', department: 'Sales' },
            { id: 'i2', name: 'billing', email: 'billing@example.com', senderInfo: '' },
        ],
        message: 'typed in the composer',
        t,
    }),
    'new email, no inbox': noInboxModal({ appId: 'app', roomId: 'room', reason: 'none_allowed', t }),
};

const inputIds = (view: { blocks: unknown[] }) =>
    (view.blocks as Array<{ type: string; element?: { actionId: string } }>).filter((block) => block.type === 'input').map((block) => block.element!.actionId);

describe('views', () => {
    for (const [name, view] of Object.entries(VIEWS)) {
        it(`${name}: every element has its own actionId, and the client renders every block`, () => {
            assert.deepEqual(repeatedActionIds(view.blocks as unknown[]), []);
            assert.deepEqual(renderProblems(view as { blocks: unknown[] }, 'modal'), []);
            for (const block of view.blocks as Array<{ type: string; blockId?: string; element?: { blockId?: string; actionId?: string } }>) {
                if (block.type === 'input') assert.equal(block.element?.blockId, block.blockId, 'an input keeps its value under its own block');
            }
        });
    }

    it('the New email form: each field its own actionId named after it, the composer text kept, one inbox chosen for the agent', () => {
        const view = VIEWS['new email'] as { id: string; blocks: unknown[] };
        assert.deepEqual(inputIds(view), ['inbox', 'to', 'cc', 'subject', 'message']);
        assert.equal(submittedValues({ blocks: view.blocks, state: {} }).message, 'typed in the composer');
        assert.match(view.id, /^email-inboxes:new-email:room\/n1$/);
        const one = newEmailModal({ appId: 'app', roomId: 'room', nonce: 'n2', inboxes: [{ id: 'i1', name: 'support', email: 's@e.com', senderInfo: '' }], t });
        assert.equal(submittedValues(one as { blocks: unknown[] }).inbox, 'i1');
        assert.equal(submittedValues(VIEWS['new email'] as { blocks: unknown[] }).inbox, '', 'two inboxes: the agent chooses');
        assert.equal((VIEWS['new email, no inbox'] as { submit?: unknown }).submit, undefined, 'nothing to send from: no Send button');
    });

    it('the repeated-actionId check catches a repeat', () => {
        const input = { type: 'input', blockId: 'a', element: { type: 'plain_text_input', actionId: 'value' } };
        assert.deepEqual(repeatedActionIds([input, { ...input, blockId: 'b' }]), ['value']);
        assert.match(
            renderProblems({ blocks: [input, { ...input, blockId: 'b' }, { type: 'tab_navigation' }] }, 'modal').join('\n'),
            /tab_navigation block is not rendered[\s\S]*value is used by two/,
        );
    });

    it('the inbox form shows what the sign-in method needs, Active first, required fields marked', () => {
        const password = inputIds(form('password'));
        assert.equal(password[0], 'active');
        assert.ok(password.includes('smtp.password') && !password.includes('signIn.clientId'));
        const microsoft = inputIds(form('microsoft'));
        assert.ok(microsoft.includes('signIn.tenant') && !microsoft.some((id) => id.endsWith('.password')));
        assert.ok(!inputIds(form('google')).includes('signIn.tenant') && !inputIds(form('google')).includes('signIn.flow'));
        assert.ok(!inputIds(form('password', 'none')).includes('imap.trustedCertificate'));
        const labels = (form('password').blocks as Array<{ type: string; label?: { text: string }; element?: { actionId: string } }>).filter(
            (block) => block.type === 'input',
        );
        const label = (id: string) => labels.find((block) => block.element?.actionId === id)?.label?.text;
        assert.equal(label('name'), 'Name *');
        assert.equal(label('description'), 'Description (optional)');
        assert.equal(label('smtp.password'), 'Password *', 'required for password sign-in when adding');
        assert.equal(inputIds(form('password', 'ssl', 'inbox-1')).length, password.length);
        assert.match(JSON.stringify(form('password', 'ssl', 'inbox-1').title), /Edit inbox support/);
        assert.doesNotMatch(JSON.stringify(VIEWS), /README/, 'hints say what to do, not where to read');
    });

    it('the inbox form asks for a signature (several lines, after the sender info) and whether replies quote the last email (No unless chosen)', () => {
        const ids = inputIds(form('password'));
        assert.deepEqual(ids.slice(ids.indexOf('senderInfo'), ids.indexOf('senderInfo') + 3), ['senderInfo', 'signature', 'quoteLastEmail']);
        const blocks = form('password').blocks as Array<{ label?: { text: string }; hint?: { text: string }; element?: Record<string, unknown> }>;
        const signature = blocks.find((block) => block.element?.actionId === 'signature');
        assert.equal(signature?.label?.text, 'Signature (optional)');
        assert.equal(signature?.element?.multiline, true);
        assert.match(signature?.hint?.text ?? '', /\{agent\}.*\{inbox\}.*\{department\}/);
        const quote = blocks.find((block) => block.element?.actionId === 'quoteLastEmail');
        assert.equal(quote?.element?.initialValue, 'false');
    });

    it('offers "none" for the department and the current department when core would not route to it', () => {
        const department = (
            form('password').blocks as Array<{ element?: { actionId: string; options?: Array<{ value: string; text: { text: string } }> } }>
        ).find((block) => block.element?.actionId === 'department');
        assert.deepEqual(
            department?.element?.options?.map((option) => option.text.text),
            ['None', 'Sales', 'Old (disabled)'],
        );
    });

    it('reshapes on the choices that shape it only', () => {
        const shape = formShape({ 'signIn.method': 'password' });
        assert.deepEqual(reshape(shape, 'signIn.method', 'google'), { ...shape, method: 'google' });
        assert.deepEqual(reshape(shape, 'imap.security', 'none'), { ...shape, imapSecurity: 'none' });
        assert.equal(reshape(shape, 'name', 'x'), undefined);
        assert.equal(formShape({ 'signIn.method': 'bogus' }).method, 'password');
    });
});

describe('submittedValues', () => {
    const blocks = [
        { type: 'input', blockId: 'name', element: { type: 'plain_text_input', actionId: 'name', blockId: 'name', initialValue: 'support' } },
        { type: 'input', blockId: 'port', element: { type: 'plain_text_input', actionId: 'port', blockId: 'port' } },
        { type: 'input', blockId: 'active', element: { type: 'static_select', actionId: 'active', blockId: 'active', initialValue: 'true' } },
    ];

    it('reads what the person saw: sent values, else initial values, and only the elements shown', () => {
        const values = submittedValues({ blocks, state: { port: { port: ' 993 ' }, hidden: { hidden: 'stale' } } });
        assert.deepEqual(values, { name: 'support', port: ' 993 ', active: 'true' });
    });

    it('without blocks (the mobile app sends only id and state), reads the state', () => {
        assert.deepEqual(submittedValues({ state: { a: { a: 'x' }, b: { b: 'y' } } }), { a: 'x', b: 'y' });
    });
});

describe('the Email inboxes panel', () => {
    const inbox = (n: number) => ({
        id: `id-${n}`,
        name: `inbox${String(n).padStart(2, '0')}`,
        email: `inbox${n}@example.com`,
        active: n % 2 === 0,
        oauth: n === 3,
        report: { title: '', lines: ['Last check …'], problems: n === 5 ? ['⚠️ Paused'] : [] },
    });
    const panel = (count: number, page: number) =>
        inboxPanelModal({ appId: 'app', roomId: 'room', inboxes: Array.from({ length: count }, (_, n) => inbox(n)), page, t });
    const names = (view: { blocks: unknown[] }) =>
        (view.blocks as Array<{ type: string; text?: { text: string } }>)
            .flatMap((block) => (block.type === 'section' ? [/\*(inbox\d+)\*/.exec(block.text?.text ?? '')?.[1]] : []))
            .filter(Boolean);

    it('shows pages of 10 with previous and next, and every block once', () => {
        assert.equal(names(panel(23, 0)).length, 10);
        assert.deepEqual(names(panel(23, 2)), ['inbox20', 'inbox21', 'inbox22']);
        assert.deepEqual(names(panel(23, 9)), ['inbox20', 'inbox21', 'inbox22'], 'a page past the end shows the last');
        const buttons = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks).match(/panel-(previous|next)/g) ?? [];
        assert.deepEqual(buttons(panel(23, 0)), ['panel-next']);
        assert.deepEqual(buttons(panel(23, 1)), ['panel-previous', 'panel-next']);
        assert.deepEqual(buttons(panel(5, 0)), []);
        for (const view of [panel(0, 0), panel(23, 1)]) {
            assert.deepEqual(repeatedActionIds(view.blocks as unknown[]), []);
            assert.deepEqual(renderProblems(view as { blocks: unknown[] }, 'modal'), []);
        }
    });

    it("offers each inbox's menu by its state: enable or disable, sign in again only for OAuth2; a problem as a callout", () => {
        const view = panel(6, 0);
        const menus = (view.blocks as Array<{ accessory?: { type: string; actionId: string; options: Array<{ value: string }> } }>)
            .filter((block) => block.accessory?.type === 'overflow')
            .map((block) => block.accessory!.options.map((option) => option.value));
        assert.deepEqual(menus[0], ['edit', 'test', 'status', 'disable', 'import', 'remove']);
        assert.deepEqual(menus[3], ['edit', 'test', 'status', 'enable', 'signin', 'import', 'remove']);
        assert.equal((view.blocks as Array<{ type: string }>).filter((block) => block.type === 'callout').length, 1);
    });
});

describe("a conversation's Email panel", () => {
    const data: EmailPanelData = {
        roomId: 'room-1',
        inbox: { name: 'support', email: 'support@acme.example' },
        customer: { name: 'Carla *Customer*', email: 'carla@example.net' },
        subject: 'Printer on fire',
        recipients: { to: ['carla@example.net'], cc: ['boss@example.net'], bcc: [], replyAll: true },
        emails: [
            { direction: 'in', at: '2026-03-02T10:00:00.000Z', from: 'Carla <carla@example.net>', cc: ['boss@example.net'], files: ['a.pdf'] },
            ...Array.from({ length: 11 }, (_, n) => ({
                direction: 'out' as const,
                outboxId: `o${n}`,
                at: `2026-03-02T10:${String(n + 10)}:00.000Z`,
                agent: 'Jane',
                to: ['carla@example.net'],
                cc: [],
                bcc: n === 10 ? ['audit@acme.example'] : [],
                state:
                    n === 10
                        ? { kind: 'failed' as const, attempts: 1, error: { code: 'recipient_rejected', detail: '550 no such user' } }
                        : { kind: 'sent' as const },
            })),
        ],
    };
    const view = (state: Parameters<typeof emailPanelView>[3]) => emailPanelView('app', t, data, state);
    const sections = (shown: { blocks: unknown[] }) =>
        (shown.blocks as Array<{ type: string; text?: { type: string; text: string } }>).flatMap((block) => (block.type === 'section' ? [block.text!] : []));

    it('renders on a contextual bar, every element its own actionId, no submit (the bar would close before the answer)', () => {
        for (const shown of [view({ generation: 1 }), view({ generation: 2, pending: ['eve@example.net'], notice: { text: 'x', tone: 'error' } })]) {
            assert.deepEqual(repeatedActionIds(shown.blocks as unknown[]), []);
            assert.deepEqual(renderProblems(shown as { blocks: unknown[] }, 'contextualBar'), []);
            assert.equal((shown as { submit?: unknown }).submit, undefined);
        }
        assert.equal(emailPanelViewId('room-1'), 'email-inboxes:email-panel:room-1');
    });

    it('shows data from mail as plain text, the last 10 emails, "Send again" only for the failed one', () => {
        const shown = view({ generation: 1 });
        const customer = sections(shown).find((text) => text.text.includes('Carla *Customer*'));
        assert.equal(customer?.type, 'plain_text');
        assert.match(JSON.stringify(shown.blocks), /2 earlier emails are not shown/);
        assert.equal((JSON.stringify(shown.blocks).match(/"text":"Send again"/g) ?? []).length, 1);
        assert.match(JSON.stringify(shown.blocks), /❌ Not delivered \(attempts: 1\)\. The server said: 550 no such user/);
        assert.match(JSON.stringify(shown.blocks), /BCC: audit@acme\.example/);
    });

    it('sends typed addresses as they are typed, from a multi-line field (Enter in a lone text field submits, which closes the bar); a new generation empties it', () => {
        const field = (shown: { blocks: unknown[] }) =>
            (shown.blocks as Array<{ type: string; element?: Record<string, unknown> }>).find((block) => block.type === 'input')?.element;
        assert.deepEqual(field(view({ generation: 3 }))?.dispatchActionConfig, ['on_character_entered']);
        assert.equal(field(view({ generation: 3 }))?.multiline, true);
        assert.equal(field(view({ generation: 3 }))?.actionId, 'email-panel-addresses:3');
        const offered = JSON.stringify(view({ generation: 3, pending: ['eve@example.net'] }).blocks);
        assert.match(offered, /"actionId":"email-panel-add-cc","value":"eve@example.net"/);
    });

    it('shows only the reason to someone who may not see the conversation', () => {
        const refused = emailPanelRefusal('room-1', t, 'denied');
        assert.equal(refused.blocks.length, 1);
        assert.doesNotMatch(JSON.stringify(refused), /carla|support@/);
    });
});
