import { createHash } from 'crypto';

import type { Inbox } from '../configuration/domain/Inbox';
import { PUSH_LIMITS } from './domain/pushPlan';
import type { ImapMailbox } from './ImapMailbox';

interface Kept {
    mailbox: ImapMailbox;
    timer: ReturnType<typeof setTimeout>;
}

/**
 * IMAP connections kept open in the app's process from one push run to the next, so that a run
 * does not log in to every inbox again: a login per inbox every 20 s is what mail providers
 * throttle. An optimisation only, never a path mail depends on: a run that finds no connection
 * here (a new process, the chain now on another Rocket.Chat instance, a connection that died)
 * logs in, and every run catches up by UID from the cursor whatever connection it reads through.
 * Rocket.Chat may kill the app's process at any moment: its connections die with it.
 *
 * A connection is kept under a key made of the inbox and everything it logs in with (server,
 * credentials, folder, read-only or not), so that an edited inbox never reads through its old
 * settings; it is logged out when no run took it within PUSH_LIMITS.keptUnusedMs, and is not
 * handed out once older than PUSH_LIMITS.keptAtMostMs.
 */
export class KeptConnections {
    private readonly kept = new Map<string, Kept>();

    /** The connection kept under `key`, taken out (one user at a time); none when absent, closed or too old. */
    public take(key: string): ImapMailbox | undefined {
        const entry = this.kept.get(key);
        if (!entry) return undefined;
        this.kept.delete(key);
        clearTimeout(entry.timer);
        if (entry.mailbox.usable && Date.now() - entry.mailbox.openedAt < PUSH_LIMITS.keptAtMostMs) return entry.mailbox;
        void entry.mailbox.close();
        return undefined;
    }

    /** Keeps an open connection for the next run; a closed one, or one past its age, is closed instead. */
    public keep(key: string, mailbox: ImapMailbox): void {
        const previous = this.kept.get(key);
        if (previous && previous.mailbox !== mailbox) {
            clearTimeout(previous.timer);
            void previous.mailbox.close();
        }
        if (!mailbox.usable || Date.now() - mailbox.openedAt >= PUSH_LIMITS.keptAtMostMs) {
            this.kept.delete(key);
            void mailbox.close();
            return;
        }
        const timer = setTimeout(() => {
            if (this.kept.get(key)?.mailbox !== mailbox) return;
            this.kept.delete(key);
            void mailbox.close();
        }, PUSH_LIMITS.keptUnusedMs);
        this.kept.set(key, { mailbox, timer });
    }

    /** How many connections are kept now. */
    public get size(): number {
        return this.kept.size;
    }

    /** Logs every kept connection out (push turned off). */
    public async closeAll(): Promise<void> {
        const entries = [...this.kept.values()];
        this.kept.clear();
        for (const entry of entries) clearTimeout(entry.timer);
        await Promise.all(entries.map((entry) => entry.mailbox.close()));
    }

    /** The key of an inbox's connection: a digest of what it logs in with (no secret is kept in the clear). */
    public static keyOf(inbox: Inbox, writable: boolean): string {
        return createHash('sha256')
            .update(JSON.stringify([inbox.id, inbox.imap, writable]))
            .digest('hex');
    }
}

/** The app process's kept connections (module state: one per process, gone with it). */
export const keptConnections = new KeptConnections();
