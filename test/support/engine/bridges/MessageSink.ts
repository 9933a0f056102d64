import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';

import type { CoreState } from '../CoreState';

/**
 * Where every message lands, whoever sent it (app, agent, visitor, core itself): stored, counted
 * on the room, then announced as core's sendMessage does (lib/server/functions/sendMessage.ts):
 * a message with a type (a system message) as IPostSystemMessageSent, any other as
 * IPostMessageSent, to every app including the one that sent it. Announcements are not awaited
 * by the sender, as in core; the host tracks them so tests can wait until the app has reacted.
 */
export class MessageSink {
    private readonly pending = new Set<Promise<void>>();
    onSaved: (message: IMessage) => Promise<void> = async () => undefined;
    onSystemSaved: (message: IMessage) => Promise<void> = async () => undefined;
    /** Runs after a message is stored and before its sender gets the answer (tests use it to kill the app's process at that moment). */
    afterStore: (message: IMessage) => Promise<void> = async () => undefined;

    constructor(private readonly state: CoreState) {}

    async save(message: IMessage): Promise<string> {
        const room = this.state.rooms.get(message.room.id);
        if (!room) throw new Error(`room ${message.room.id} not found`);
        const stored: IMessage = { ...message, id: message.id ?? this.state.newId(), room, createdAt: message.createdAt ?? new Date() };
        this.state.messages.push(stored);
        room.messageCount = (room.messageCount ?? 0) + 1;
        room.lastModifiedAt = new Date();
        const converted = this.converted(stored.id as string) as IMessage;
        this.announce(converted, converted.type ? this.onSystemSaved : this.onSaved);
        await this.afterStore(converted);
        return stored.id as string;
    }

    /**
     * A stored message as the apps converter hands it over (converters/messages.ts convertMessage):
     * a visitor's message (one with a token) has as sender the stored author converted without a
     * user record, so of type 'unknown'; the room as converted now.
     */
    converted(messageId: string): IMessage | undefined {
        const stored = this.state.messages.find((message) => message.id === messageId);
        if (!stored) return undefined;
        const copy = { ...structuredClone({ ...stored, room: undefined }), room: this.state.convertedRoom(stored.room.id) } as IMessage;
        if ((stored as { token?: string }).token && stored.sender) {
            copy.sender = {
                id: stored.sender.id,
                username: stored.sender.username,
                name: stored.sender.name,
                type: UserType.UNKNOWN,
                statusConnection: UserStatusConnection.UNDEFINED,
                settings: { preferences: {} },
            } as unknown as IMessage['sender'];
        }
        return copy;
    }

    /** Runs a post-save hook for a message and remembers it until it settles. */
    private announce(message: IMessage, listener: (message: IMessage) => Promise<void>): Promise<void> {
        const run = listener(message).catch((error: unknown) => {
            this.state.otherRecords.push({ listenerError: String(error) });
        });
        this.pending.add(run);
        void run.finally(() => this.pending.delete(run));
        return run;
    }

    /**
     * Stops waiting for the announcements made so far: they went to an app process that was killed,
     * and end only at the engine's timeout. Core never waits for them either.
     */
    abandonPending(): void {
        this.pending.clear();
    }

    /** Resolves once every announcement made so far (and those they caused) has settled. */
    async idle(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }
}
