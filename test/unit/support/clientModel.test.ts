// The test host's model of Rocket.Chat's client (test/support/client/ClientView.ts, CoreState's
// trigger ids): each rule as the client file it names has it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { MessageActionContext, RoomTypeFilter, UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import type { IUIActionButton } from '@rocket.chat/apps-engine/definition/ui';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { ClientView, renderProblems, unsendableState } from '../../support/client/ClientView';
import { HostUiInteractionBridge } from '../../support/engine/bridges/HostUiInteractionBridge';
import { shownTo } from '../../support/engine/buttonFilters';
import { CoreState, TRIGGER_LIFE_MS } from '../../support/engine/CoreState';

const input = (id: string, element: Record<string, unknown> = {}) => ({
    type: 'input',
    blockId: id,
    label: { type: 'plain_text', text: id },
    element: { type: 'plain_text_input', actionId: id, ...element },
});
const select = (id: string, values: string[], element: Record<string, unknown> = {}) => ({
    type: 'input',
    blockId: id,
    label: { type: 'plain_text', text: id },
    element: { type: 'static_select', actionId: id, options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })), ...element },
});

describe('the client model', () => {
    it('seeds values once from initial values and options, and sends them grouped by blockId', () => {
        const view = new ClientView(
            {
                id: 'v',
                blocks: [input('name', { initialValue: 'support' }), input('port'), select('sec', ['ssl', 'none'], { initialOption: { value: 'ssl' } })],
            },
            'modal',
        );
        view.type('port', '993');
        assert.deepEqual(view.submission().state, { name: { name: 'support' }, port: { port: '993' }, sec: { sec: 'ssl' } });
    });

    it('keeps values across an update: a field gone still sends, a field new shows its initial value without sending it', () => {
        const view = new ClientView({ id: 'v', blocks: [input('a'), input('b')] }, 'modal');
        view.type('b', 'typed');
        view.update({ id: 'v', blocks: [input('a'), input('c', { initialValue: 'shown only' })] });
        assert.equal(view.shown('c'), 'shown only');
        assert.deepEqual(view.submission().state, { a: {}, b: { b: 'typed' } });
        assert.throws(() => view.update({ id: 'other', blocks: [] }), /cannot reach the shown view/);
    });

    it('lets a select take only its options, and says which changes send a block action', () => {
        const view = new ClientView(
            { id: 'v', blocks: [select('m', ['a', 'b'], { dispatchActionConfig: ['on_item_selected'] }), select('n', ['x'])] },
            'modal',
        );
        assert.throws(() => view.choose('m', 'z'), /no option "z"/);
        assert.equal(view.choose('m', 'b').dispatches, true);
        assert.equal(view.choose('n', 'x').dispatches, false);
        assert.throws(() => view.type('missing', 'x'), /no element with actionId missing/);
    });

    it('sends typed text as a block action only with on_character_entered, and then debounced', () => {
        const view = new ClientView({ id: 'v', blocks: [input('plain'), input('live', { dispatchActionConfig: ['on_character_entered'] })] }, 'contextualBar');
        assert.deepEqual([view.type('plain', 'x').dispatches, view.type('plain', 'x').debounced], [false, false]);
        assert.deepEqual([view.type('live', 'x').dispatches, view.type('live', 'x').debounced], [true, true]);
    });

    it('shows an error only under the element whose actionId is its key', () => {
        const view = new ClientView({ id: 'v', blocks: [input('email')] }, 'modal');
        assert.deepEqual(view.showErrors({ email: 'bad', value: 'nowhere' }), ['value']);
        assert.equal(view.errorUnder('email'), 'bad');
    });

    it('refuses a view it would not show as built: a block the surface drops, a repeated actionId', () => {
        assert.throws(() => new ClientView({ id: 'v', blocks: [input('x'), input('x')] }, 'modal'), /actionId x is used by two elements/);
        assert.deepEqual(renderProblems({ blocks: [{ type: 'tab_navigation' }] }, 'modal'), ['a tab_navigation block is not rendered in a modal']);
        assert.deepEqual(renderProblems({ blocks: [{ type: 'tab_navigation' }] }, 'contextualBar'), []);
    });

    it('knows a state no client could send', () => {
        const versions = [{ blocks: [input('a'), select('s', ['1'])] }];
        assert.deepEqual(unsendableState({ a: { a: 'x' }, s: { s: '1' } }, versions), []);
        assert.deepEqual(unsendableState({ a: { value: 'x' }, s: { s: '2' } }, versions), [
            'a/value: no element of the view',
            's/s: "2" is not one of its options',
        ]);
    });
});

describe('trigger ids', () => {
    const user = { id: 'u1', username: 'admin' } as IUser;
    const open = (triggerId: string) => ({ type: 'modal.open', triggerId, appId: 'app', view: { id: 'v', blocks: [] } }) as unknown as IUIKitInteraction;
    const notify = (bridge: HostUiInteractionBridge, interaction: IUIKitInteraction) =>
        (bridge as unknown as { notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> }).notifyUser(user, interaction);

    it('shows a view once per trigger id, within 5 s of the interaction, and drops the rest', async () => {
        const state = new CoreState();
        const bridge = new HostUiInteractionBridge(state);
        const fresh = state.issueTrigger();
        await notify(bridge, open(fresh));
        await notify(bridge, open(fresh));
        const old = state.issueTrigger();
        state.triggers.get(old)!.issuedAt -= TRIGGER_LIFE_MS + 1;
        await notify(bridge, open(old));
        await notify(bridge, open('made-up'));
        assert.equal(state.uiInteractions.length, 1);
        assert.deepEqual(
            state.droppedUiInteractions.map((dropped) => dropped.reason),
            ['trigger id already used', `trigger id older than ${TRIGGER_LIFE_MS} ms`, 'unknown trigger id'],
        );
    });
});

describe("the client's filters of app buttons", () => {
    const state = new CoreState();
    const admin = { id: 'a', username: 'admin', roles: ['admin'] } as unknown as IUser;
    const agent = { id: 'b', username: 'agent', roles: ['livechat-agent'] } as unknown as IUser;
    const button = (context: UIActionButtonContext, when: IUIActionButton['when'] = {}) =>
        ({ appId: 'app', actionId: 'x', labelI18n: 'x', context, when }) as IUIActionButton;
    const room = (type: string) => ({ id: 'r', type }) as unknown as IRoom;

    it('shows a button by permission and role, the user dropdown without a room, a room action in the rooms it names', () => {
        const menu = button(UIActionButtonContext.USER_DROPDOWN_ACTION, { hasOnePermission: ['manage-email-inbox'] });
        assert.equal(shownTo(state, admin, menu), true);
        assert.equal(shownTo(state, agent, menu), false);
        assert.equal(shownTo(state, admin, menu, room('c')), false, 'the Marketplace menu is not a room menu');
        const livechatOnly = button(UIActionButtonContext.ROOM_ACTION, { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOneRole: ['livechat-agent'] });
        assert.equal(shownTo(state, agent, livechatOnly, room('l')), true);
        assert.equal(shownTo(state, agent, livechatOnly, room('c')), false);
        assert.equal(shownTo(state, admin, livechatOnly, room('l')), false, 'not one of the roles');
        assert.equal(shownTo(state, agent, livechatOnly), false, 'a room action needs a room');
        const composer = button(UIActionButtonContext.MESSAGE_BOX_ACTION, { hasOneRole: ['livechat-agent'] });
        assert.equal(shownTo(state, agent, composer, room('c')), true, "the composer's menu, in any room");
        assert.equal(shownTo(state, agent, composer), false, 'no composer without a room');
    });

    it("shows a message action in the menus of the rooms it names, for the message contexts it names (the desktop's 'message')", () => {
        const headers = button(UIActionButtonContext.MESSAGE_ACTION, { roomTypes: [RoomTypeFilter.LIVE_CHAT], hasOnePermission: ['view-l-room'] });
        assert.equal(shownTo(state, agent, headers, room('l')), true);
        assert.equal(shownTo(state, agent, headers, room('d')), false);
        assert.equal(shownTo(state, { ...agent, roles: ['user'] } as IUser, headers, room('l')), false, 'view-l-room: omnichannel roles only');
        const threadsOnly = button(UIActionButtonContext.MESSAGE_ACTION, { messageActionContext: [MessageActionContext.THREADS] });
        assert.equal(shownTo(state, agent, threadsOnly, room('l')), false);
    });
});
