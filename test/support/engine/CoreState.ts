import { randomUUID } from 'node:crypto';

import type { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { coreSettings } from './coreDefaults';

/** One app-persistence document, as Rocket.Chat's apps_persistence collection holds it. */
export interface PersistenceRecord {
    id: string;
    appId: string;
    associations: Array<{ model: string; id: string }>;
    data: object;
}

export interface Notification {
    userId: string;
    username: string;
    roomId?: string;
    text: string;
    message: IMessage;
    at: Date;
}

/** ActionManager.ts TRIGGER_TIMEOUT: a trigger id's life, and how long the client waits for an interaction's answer. */
export const TRIGGER_LIFE_MS = 5000;

export interface UiInteraction {
    userId: string;
    type: string;
    /** The view (modal) or error payload the app sent. */
    payload: Record<string, unknown>;
    at: Date;
}

export interface LogRecord {
    appId: string;
    method: string;
    entries: Array<{ severity: string; args: unknown[] }>;
    at: Date;
}

/**
 * What Rocket.Chat core would hold in its database for one test run, in the Apps-Engine's
 * own shapes (core's converters are not needed when nothing is stored in Mongo).
 * Everything the bridges receive from the app is kept here so tests can read it back.
 */
export class CoreState {
    readonly users = new Map<string, IUser>();
    readonly rooms = new Map<string, IRoom>();
    readonly messages: IMessage[] = [];
    readonly visitors = new Map<string, IVisitor>();
    readonly departments = new Map<string, IDepartment>();
    readonly uploads = new Map<string, { upload: IUpload; buffer: Buffer }>();
    readonly notifications: Notification[] = [];
    /** What the app sent the client and the client showed (a live trigger id: see consumeTrigger). */
    readonly uiInteractions: UiInteraction[] = [];
    /** What the app sent and the client dropped, with why. */
    readonly droppedUiInteractions: Array<UiInteraction & { reason: string }> = [];
    /** The client's trigger ids: when each was made, whether a server interaction used it. */
    readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
    readonly persistence: PersistenceRecord[] = [];
    /** Rocket.Chat's settings, starting from a new workspace's defaults (coreDefaults.ts). */
    readonly serverSettings = coreSettings();
    /**
     * Core's registerGuest check of a visitor's address. Current core (omni-core visitor/create.ts)
     * calls validateEmail and ignores its answer, so every address is taken; earlier versions threw
     * error-invalid-email for what `apps/meteor/lib/emailValidator.ts` refused. A test may swap it
     * to play such a version.
     */
    acceptsVisitorEmail: (address: string) => boolean = () => true;
    /** The visitor token each livechat room was opened with (core's room.v.token): it stays when the visitor's own token changes. */
    readonly roomVisitorTokens = new Map<string, string>();
    /** Moments a test makes something happen at (an agent closing a room just as the app posts into it...). */
    readonly faults: { beforeVisitorMessage?: (roomId: string) => Promise<void> } = {};
    /** Department id → the agents (user ids) in it. */
    readonly departmentAgents = new Map<string, Set<string>>();
    /** User id → core's `statusLivechat` (an agent's Omnichannel availability); absent: 'available'. */
    readonly statusLivechat = new Map<string, 'available' | 'not-available'>();
    /**
     * Room id → its livechat inquiry (core's LivechatInquiry): queued (waiting to be taken: with
     * Manual Selection, or routed to nobody), ready (routed to nobody under an auto-assigning
     * method) or taken; `defaultAgentId` the agent it waits for (only they see it in their queue).
     */
    readonly inquiries = new Map<string, { status: 'queued' | 'ready' | 'taken'; defaultAgentId?: string; departmentId?: string }>();
    /** Addresses of contacts blocked in the Contact Center: core refuses their rooms and messages. */
    readonly blockedContacts = new Set<string>();
    readonly logs: LogRecord[] = [];
    /** Everything else the app passed to a bridge (commands registered, rooms updated...). */
    readonly otherRecords: unknown[] = [];
    /** Permission → roles, like Rocket.Chat's rocketchat_permissions (defaults from apps/meteor/app/authorization/server/constant/permissions.ts). */
    readonly permissionRoles = new Map<string, string[]>([
        ['manage-email-inbox', ['admin']],
        ['view-l-room', ['livechat-manager', 'livechat-monitor', 'livechat-agent', 'admin']],
    ]);

    /** A setting's value as Rocket.Chat's settings.get would give it. */
    setting<T = unknown>(id: string): T {
        return this.serverSettings.get(id)?.value as T;
    }

    /** Sets a Rocket.Chat setting, as an admin would in Administration → Settings. */
    setSetting(id: string, value: unknown): void {
        const existing = this.serverSettings.get(id);
        this.serverSettings.set(id, { ...(existing ?? { id, packageValue: value, type: 'string' }), value, updatedAt: new Date() } as ISetting);
    }

    /**
     * A trigger id as the client makes one for each interaction (slash command, click, submit):
     * it lives 5 s (apps/meteor/app/ui-message/client/ActionManager.ts TRIGGER_TIMEOUT 5000).
     */
    issueTrigger(): string {
        const id = this.newId();
        this.triggers.set(id, { issuedAt: Date.now(), used: false });
        return id;
    }

    /**
     * Whether the client acts on a server interaction carrying this trigger id: once, within 5 s
     * of its interaction (ActionManager.ts handleServerInteraction invalidates it first and drops
     * an unknown one); undefined when it does, else why not.
     */
    consumeTrigger(triggerId: string | undefined): string | undefined {
        const trigger = triggerId ? this.triggers.get(triggerId) : undefined;
        if (!trigger) return 'unknown trigger id';
        if (trigger.used) return 'trigger id already used';
        if (Date.now() - trigger.issuedAt > TRIGGER_LIFE_MS) return `trigger id older than ${TRIGGER_LIFE_MS} ms`;
        trigger.used = true;
        return undefined;
    }

    newId(): string {
        return randomUUID().replace(/-/g, '').slice(0, 17);
    }

    userByUsername(username: string): IUser {
        const user = [...this.users.values()].find((candidate) => candidate.username === username);
        if (!user) throw new Error(`no user "${username}" in the test host; add it with host.users.add()`);
        return user;
    }

    /**
     * A room as the apps converter hands it over (converters/rooms.ts convertRoom): `isOpen` only
     * while core's `open` is set (closing unsets it), the visitor as stored now (not as when the
     * room was opened), a copy the app cannot change core's record through.
     */
    convertedRoom(roomId: string): IRoom | undefined {
        const room = this.rooms.get(roomId);
        if (!room) return undefined;
        const copy = structuredClone(room) as IRoom & Partial<ILivechatRoom>;
        if (copy.type === 'l') {
            if (copy.isOpen !== true) delete copy.isOpen;
            const visitorId = (room as ILivechatRoom).visitor?.id;
            copy.visitor = (visitorId && structuredClone(this.visitors.get(visitorId))) || undefined;
        }
        return copy;
    }

    livechatRooms(): ILivechatRoom[] {
        return [...this.rooms.values()].filter((room): room is ILivechatRoom => room.type === 'l');
    }

    roomMessages(roomId: string): IMessage[] {
        return this.messages.filter((message) => message.room.id === roomId);
    }

    /** Every string any bridge recorded, serialised: tests assert secrets never appear here. */
    allRecordedText(): string {
        const uploads = [...this.uploads.values()].map(({ upload, buffer }) => ({ upload, content: buffer.toString('utf8') }));
        return JSON.stringify([
            [...this.rooms.values()],
            this.messages,
            [...this.visitors.values()],
            uploads,
            this.notifications,
            this.uiInteractions,
            this.persistence.map((record) => ({ associations: record.associations, data: publicPart(record.data) })),
            this.logs,
            this.otherRecords,
        ]);
    }
}

/**
 * Persistence is where the app keeps inbox passwords (like Rocket.Chat core keeps them in
 * its database); everything else the app stored is scanned for leaks.
 */
function publicPart(data: object): unknown {
    return JSON.parse(JSON.stringify(data, (key, value: unknown) => (key === 'password' ? undefined : value)));
}

/** The fields every room gets on creation, whatever its type. */
export function newRoomFields(
    now: Date,
): Pick<IRoom, 'usernames' | 'isReadOnly' | 'displaySystemMessages' | 'messageCount' | 'createdAt' | 'updatedAt' | 'lastModifiedAt'> {
    return { usernames: [], isReadOnly: false, displaySystemMessages: true, messageCount: 0, createdAt: now, updatedAt: now, lastModifiedAt: now };
}
