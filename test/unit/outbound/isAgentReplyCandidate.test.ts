import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isAgentReplyCandidate } from '../../../src/outbound/domain/isAgentReplyCandidate';
import type { PostedMessageFacts } from '../../../src/outbound/domain/isAgentReplyCandidate';

const agentMessage: PostedMessageFacts = { roomType: 'l', hasVisitorToken: false, senderType: 'user', isEdit: false };

describe('isAgentReplyCandidate', () => {
    it("accepts an agent's top-level message in a livechat room", () => {
        assert.equal(isAgentReplyCandidate(agentMessage), true);
    });

    it('refuses visitor messages, thread notes, edits, system, app and bot messages and other rooms', () => {
        assert.equal(isAgentReplyCandidate({ ...agentMessage, hasVisitorToken: true }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, threadId: 'abc' }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, isEdit: true }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, appId: 'some-app' }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, senderType: 'bot' }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, roomType: 'c' }), false);
        assert.equal(isAgentReplyCandidate({ ...agentMessage, systemType: 'livechat-close' }), false);
    });
});
