import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { mayUseInbox, maySeeEmailRoom, needsDepartments } from '../../../src/omnichannel/domain/agentAccess';

const agent = (departmentIds: string[] = [], roles = ['user', 'livechat-agent']) => ({ id: 'u1', roles, departmentIds });

describe('mayUseInbox', () => {
    it('lets managers and admins use every inbox', () => {
        assert.equal(mayUseInbox(agent([], ['livechat-manager']), { departmentId: 'sales' }), true);
        assert.equal(mayUseInbox(agent([], ['user', 'admin']), { departmentId: 'sales' }), true);
    });

    it("lets an agent use an inbox without department and their own department's", () => {
        assert.equal(mayUseInbox(agent(), {}), true);
        assert.equal(mayUseInbox(agent(['sales']), { departmentId: 'sales' }), true);
        assert.equal(mayUseInbox(agent(['support']), { departmentId: 'sales' }), false);
    });

    it('refuses users who are not livechat agents, even for an inbox without department', () => {
        assert.equal(mayUseInbox(agent(['sales'], ['user']), {}), false);
        assert.equal(mayUseInbox(agent([], []), { departmentId: 'sales' }), false);
    });
});

describe('maySeeEmailRoom', () => {
    it("shows the room to its serving agent whatever the department, and to agents of the inbox's or the room's department", () => {
        assert.equal(maySeeEmailRoom(agent(), { servedById: 'u1', departmentId: 'sales' }, { departmentId: 'sales' }), true);
        assert.equal(maySeeEmailRoom(agent(['sales']), { servedById: 'u2', departmentId: 'fallback' }, { departmentId: 'sales' }), true);
        assert.equal(maySeeEmailRoom(agent(['fallback']), { servedById: 'u2', departmentId: 'fallback' }, { departmentId: 'sales' }), true);
        assert.equal(maySeeEmailRoom(agent(['support']), { servedById: 'u2', departmentId: 'sales' }, { departmentId: 'sales' }), false);
    });

    it('shows a room of an inbox without department to any agent, and a room whose inbox is gone by its department', () => {
        assert.equal(maySeeEmailRoom(agent(), { servedById: 'u2' }, {}), true);
        assert.equal(maySeeEmailRoom(agent(['sales']), { departmentId: 'sales' }, undefined), true);
        assert.equal(maySeeEmailRoom(agent(), {}, undefined), false);
    });

    it('refuses users who are neither agents nor managers', () => {
        assert.equal(maySeeEmailRoom(agent(['sales'], ['user']), { departmentId: 'sales' }, {}), false);
        assert.equal(maySeeEmailRoom(agent([], ['livechat-manager']), { servedById: 'u2' }, { departmentId: 'x' }), true);
    });
});

describe('needsDepartments', () => {
    it('reads departments only for agents who do not serve the room', () => {
        assert.equal(needsDepartments(agent([], ['admin'])), false);
        assert.equal(needsDepartments(agent([], ['user'])), false);
        assert.equal(needsDepartments(agent(), { servedById: 'u1' }), false);
        assert.equal(needsDepartments(agent(), { servedById: 'u2' }), true);
    });
});
