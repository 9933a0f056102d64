/** Rocket.Chat's room type for livechat (Omnichannel) rooms. */
const LIVECHAT_ROOM_TYPE = 'l';

/** The parts of a posted message that decide whether it may become an email. */
export interface PostedMessageFacts {
    roomType: string;
    /** Visitors' messages carry their livechat token. */
    hasVisitorToken: boolean;
    senderType?: string;
    /** Set on messages the app itself (or another app) posted. */
    appId?: string;
    /** Messages inside a thread are internal notes. */
    threadId?: string;
    isEdit: boolean;
    /** System messages (room closed, agent joined...) carry a type; people's messages do not. */
    systemType?: string;
}

/** Only an agent's own, top-level, unedited message in a livechat room is ever emailed. */
export function isAgentReplyCandidate(facts: PostedMessageFacts): boolean {
    return (
        facts.roomType === LIVECHAT_ROOM_TYPE &&
        !facts.hasVisitorToken &&
        facts.senderType === 'user' &&
        !facts.appId &&
        !facts.threadId &&
        !facts.isEdit &&
        !facts.systemType
    );
}
