import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { CoreState } from '../CoreState';

/**
 * Where every message lands, whoever sent it (app, agent, visitor): stored, counted on the
 * room, then announced like core's afterSaveMessage, which fires IPostMessageSent for all
 * apps, including the one that sent it. Announcements are not awaited by the sender, as in
 * core; the host tracks them so tests can wait until the app has reacted.
 */
export class MessageSink {
    private readonly pending = new Set<Promise<void>>();
    onSaved: (message: IMessage) => Promise<void> = async () => undefined;

    constructor(private readonly state: CoreState) {}

    async save(message: IMessage): Promise<string> {
        const room = this.state.rooms.get(message.room.id);
        if (!room) throw new Error(`room ${message.room.id} not found`);
        const stored: IMessage = { ...message, id: message.id ?? this.state.newId(), room, createdAt: message.createdAt ?? new Date() };
        this.state.messages.push(stored);
        room.messageCount = (room.messageCount ?? 0) + 1;
        room.lastModifiedAt = new Date();
        this.announce(stored);
        return stored.id as string;
    }

    /** Runs the post-save hook for a message and remembers it until it settles. */
    announce(message: IMessage): Promise<void> {
        const run = this.onSaved(message).catch((error: unknown) => {
            this.state.otherRecords.push({ listenerError: String(error) });
        });
        this.pending.add(run);
        void run.finally(() => this.pending.delete(run));
        return run;
    }

    /** Resolves once every announcement made so far (and those they caused) has settled. */
    async idle(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }
}
