export interface RoomFacts {
    id: string;
    isOpen: boolean;
}

export type RoomChoice = { kind: 'existing'; roomId: string } | { kind: 'new'; continuesRoomId?: string };

/**
 * Where an incoming mail goes: the room its In-Reply-To/References point to while it is
 * open; else the customer's open room from the same inbox; else a new room, which says
 * which closed conversation it continues when the mail was a reply to one.
 */
export function chooseRoom(facts: { threadedRoom?: RoomFacts; openRoomOfVisitor?: string }): RoomChoice {
    if (facts.threadedRoom?.isOpen) return { kind: 'existing', roomId: facts.threadedRoom.id };
    if (facts.openRoomOfVisitor) return { kind: 'existing', roomId: facts.openRoomOfVisitor };
    return facts.threadedRoom ? { kind: 'new', continuesRoomId: facts.threadedRoom.id } : { kind: 'new' };
}
