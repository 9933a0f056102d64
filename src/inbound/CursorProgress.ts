import type { HeldMail } from './domain/setAsidePolicy';
import { afterAnotherFailure } from './domain/setAsidePolicy';
import type { MailboxCursor, MailboxCursorStore } from './MailboxCursorStore';

/**
 * The cursor as the import advances it, written once per batch rather than per mail: a run that
 * dies within a batch reads at most that batch again, and the Message-ID index makes every mail
 * of it that was handled a no-op.
 */
export class CursorProgress {
    private dirty = false;
    private advancedSinceSave = 0;

    constructor(
        private readonly store: MailboxCursorStore,
        public current: MailboxCursor,
    ) {}

    /** Call only once the mail with this UID is fully handled (in its room, skipped, or set aside). */
    public advance(uid: number): void {
        const held = this.current.held && this.current.held.uid > uid ? this.current.held : undefined;
        this.current = { ...this.current, lastUid: uid, held, updatedAt: new Date().toISOString() };
        this.dirty = true;
        this.advancedSinceSave++;
    }

    /** The import stops at this mail: remembered so that repeated failures can be told from a hiccup. */
    public holdAt(mail: Omit<HeldMail, 'failures' | 'since'>): void {
        this.current = { ...this.current, held: afterAnotherFailure(this.current.held, mail, new Date()) };
        this.dirty = true;
    }

    public async save(): Promise<void> {
        if (!this.dirty) return;
        await this.store.save(this.current);
        this.dirty = false;
        this.advancedSinceSave = 0;
    }

    /** Saves once the cursor is this many mails ahead of what is stored. */
    public async saveWhenBehind(mails: number): Promise<void> {
        if (this.advancedSinceSave >= mails) await this.save();
    }
}
