import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { notifyUserPrivately } from '../platform/notifyUserPrivately';
import type { ConnectionError } from '../connection/domain/ConnectionError';
import { errorHintKey } from '../errors/errorHintKey';
import { translatorFor } from '../i18n/translate';
import { postAppNote } from '../platform/postAppNote';
import type { Translator } from '../i18n/translate';
import { readWorkspaceLanguage } from '../settings/readSettings';
import { SILENT_LOG } from '../runtime/AppLog';
import type { AppLog } from '../runtime/AppLog';
import type { OutgoingEmail } from './domain/OutgoingEmail';

/**
 * What the agent learns about their email: a private notice when it is delayed, delivered
 * late or failed, and for a failure also a note in the room that every agent of the room
 * sees. Best effort: a notice that cannot be shown never changes what happens to the email.
 */
export class AgentNotices {
    constructor(
        private readonly read: IRead,
        private readonly modify: IModify,
        private readonly log: AppLog = SILENT_LOG,
    ) {}

    public async delayed(email: OutgoingEmail, failure: ConnectionError, inboxName: string, until: Date): Promise<void> {
        await this.tellAgent(email, (t) =>
            t('outbound_delayed', { to: email.headers.to, reason: reason(t, failure, inboxName), until: until.toISOString(), inbox: inboxName }),
        );
    }

    /**
     * A reply that had to wait went out (at `at`, with this attempt): one note in the room, for
     * every agent of it, as its delay or failure was told; the agent is told privately only
     * when the note cannot be posted. Never for a reply sent at its first attempt (the caller).
     */
    public async deliveredLate(email: OutgoingEmail, at: Date): Promise<void> {
        const attempts = (email.earlierAttempts ?? 0) + email.attempts + 1;
        try {
            const room = await this.read.getRoomReader().getById(email.roomId);
            if (room) {
                const agent = email.agent ? await this.read.getUserReader().getById(email.agent.id) : undefined;
                const t = translatorFor(await readWorkspaceLanguage(this.read));
                const text = t('outbound_delivered_room_note', {
                    agent: agent?.name ?? agent?.username ?? t('outbound_someone'),
                    to: email.headers.to,
                    subject: email.headers.subject,
                    at: `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
                    attempts,
                });
                await postAppNote(this.read, this.modify, room, text);
                return;
            }
        } catch (error) {
            this.log.warn(`the note about a reply delivered late could not be posted in room ${email.roomId}: ${words(error)}`);
        }
        await this.tellAgent(email, (t) => t('outbound_delivered_late', { to: email.headers.to, attempts }));
    }

    /** The acknowledgement of a new conversation went out: a note in the room, for its agents. Best effort. */
    public async acknowledged(email: OutgoingEmail): Promise<void> {
        try {
            const room = await this.read.getRoomReader().getById(email.roomId);
            if (!room) return;
            const t = translatorFor(await readWorkspaceLanguage(this.read));
            await postAppNote(this.read, this.modify, room, t('outbound_acknowledged_room_note', { to: email.headers.to, subject: email.headers.subject }));
        } catch (error) {
            // `/email-inbox status` still counts it.
            this.log.warn(`the note about an acknowledgement sent could not be posted in room ${email.roomId}: ${words(error)}`);
        }
    }

    public async failed(email: OutgoingEmail, failure: ConnectionError, inboxName: string): Promise<void> {
        await this.tellAgent(email, (t) => t('outbound_failed', { to: email.headers.to, reason: reason(t, failure, inboxName), inbox: inboxName }));
        try {
            const room = await this.read.getRoomReader().getById(email.roomId);
            if (!room) return;
            const agent = email.agent ? await this.read.getUserReader().getById(email.agent.id) : undefined;
            const t = translatorFor(await readWorkspaceLanguage(this.read));
            const values = { to: email.headers.to, subject: email.headers.subject, reason: reason(t, failure, inboxName), inbox: inboxName };
            const text =
                email.kind === 'acknowledgement'
                    ? t('outbound_acknowledgement_failed_room_note', values)
                    : t('outbound_failed_room_note', { ...values, agent: agent?.name ?? agent?.username ?? t('outbound_someone') });
            await postAppNote(this.read, this.modify, room, text);
        } catch (error) {
            // The private notice and `/email-inbox status` still tell.
            this.log.warn(`the note about a failed reply could not be posted in room ${email.roomId}: ${words(error)}`);
        }
    }

    /** Tells the agent of the email privately, in their language, in the conversation's room. */
    public async tellAgent(email: Pick<OutgoingEmail, 'agent' | 'roomId'>, text: (t: Translator) => string): Promise<void> {
        if (!email.agent) return;
        try {
            const [user, room] = await Promise.all([this.read.getUserReader().getById(email.agent.id), this.read.getRoomReader().getById(email.roomId)]);
            if (!user || !room) return;
            await notifyUserPrivately(this.read, this.modify, user, room, text(translatorFor(user.settings?.preferences?.language)));
        } catch (error) {
            // The outbox keeps the email whatever happens to the notice.
            this.log.warn(`agent ${email.agent.username} could not be told about a reply in room ${email.roomId}: ${words(error)}`);
        }
    }
}

function words(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The server's words and what to do about them, for a person. */
function reason(t: Translator, failure: ConnectionError, inboxName: string): string {
    return `${failure.detail} — ${t(errorHintKey(failure.code, 'smtp'), { folder: '', name: inboxName })}`;
}
