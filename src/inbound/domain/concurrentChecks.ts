/**
 * How one mail-check run checks several inboxes at once: in which order, how many at a time, how
 * they share the run's message cap, and how work that must not overlap across inboxes (creating
 * one customer's visitor) is put in line. Pure: PollRunner applies it to inboxes and the engine.
 */

/** An inbox as the run's order sees it. */
export interface CheckCandidate {
    id: string;
    /** When its last check started (InboxStatus.lastPollAt); none when it was never checked. */
    lastCheckedAt?: string;
    /** Whether it is to be checked now (not paused, not backing off after failures). */
    due: boolean;
}

/**
 * The ids in the order a run checks them: the least recently checked first (never checked before
 * all), so an inbox a run did not reach comes early in the next; inboxes not due last. Ties keep
 * a rotation that moves with the run's start (second), so that no inbox is always behind the same
 * others.
 */
export function checkOrder(candidates: readonly CheckCandidate[], startedAt: number): string[] {
    if (candidates.length === 0) return [];
    const offset = Math.floor(startedAt / 1000) % candidates.length;
    const rotated = [...candidates.slice(offset), ...candidates.slice(0, offset)];
    const checkedAt = (candidate: CheckCandidate) => {
        const at = candidate.lastCheckedAt ? Date.parse(candidate.lastCheckedAt) : NaN;
        return Number.isNaN(at) ? -Infinity : at;
    };
    // Array.prototype.sort is stable: equal times keep the rotation.
    return rotated
        .map((candidate) => ({ candidate, due: candidate.due ? 0 : 1, at: checkedAt(candidate) }))
        .sort((a, b) => a.due - b.due || (a.at === b.at ? 0 : a.at < b.at ? -1 : 1))
        .map(({ candidate }) => candidate.id);
}

/**
 * Runs `work` on each item in order, at most `limit` at a time: each item is taken by exactly one
 * worker, once, and a worker takes the next one only while `mayStart(index)` allows it. Resolves
 * only when every work started has ended, also when one failed (so that whoever waits, a run
 * holding a claim, never lets go while work is still going); after a failure no new item is
 * started, and the first error is thrown once all have ended.
 */
export async function forEachAtMost<T>(
    items: readonly T[],
    limit: number,
    work: (item: T, index: number) => Promise<void>,
    mayStart: (index: number) => boolean = () => true,
): Promise<void> {
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
        // Taking an item is synchronous (no await between the test and the increment): two workers never take the same one.
        while (!failure && next < items.length && mayStart(next)) {
            const index = next++;
            try {
                await work(items[index], index);
            } catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure) throw failure.error;
}

/** One check's side of the shared cap: what it may still take, read and spent like a plain number. */
export interface Allowance {
    /**
     * Messages this check may still take: what the run has not taken yet, or 0 when none of it is
     * left for this check. Reading it reserves one message for this check when it holds none, so
     * that a check that read a positive value and then takes one message never takes one another
     * check counted on. Spending (`remaining--`) uses the reservation first.
     */
    remaining: number;
    /** The check ended: what it reserved and did not spend goes back to the others. */
    release(): void;
}

/**
 * A run's message cap shared by the checks going on at once. A plain counter would let two checks
 * that both read "1 left" each take a message (the read and the spending are apart by a whole
 * import), so each check reads it through its own Allowance, which holds a reservation of one
 * message from its read until it spends it or ends. A check holding one sees all the run has not
 * taken (so it asks its server for as many mails as a check alone would); one that cannot get one
 * sees 0 and stops. Never more than the cap goes in; fewer only when the cap runs out while other
 * checks hold a reservation they will not use (a check that found no more mail holds it until it
 * ends): at most one message per other check under way, which the next run takes.
 */
export class SharedAllowance {
    /** Messages not taken and not reserved. */
    private free: number;
    /** Messages reserved by the checks under way (one at most each). */
    private reserved = 0;

    constructor(total: number) {
        this.free = total;
    }

    /** Messages no check has taken or reserved: whether another check may start. */
    public get left(): number {
        return this.free;
    }

    /** A check's view of the cap; `release()` it when the check ends. */
    public forCheck(): Allowance {
        let held = 0;
        const value = (): number => (held > 0 ? this.free + this.reserved : Math.min(this.free, 0));
        const read = (): number => {
            if (held === 0 && this.free > 0) {
                held = 1;
                this.free--;
                this.reserved++;
            }
            return value();
        };
        const spend = (next: number): void => {
            const spent = value() - next;
            if (spent <= 0) {
                this.free -= spent;
                return;
            }
            const fromHeld = Math.min(held, spent);
            held -= fromHeld;
            this.reserved -= fromHeld;
            // Spent beyond what was left (only code that spends without looking first does): the others see it as used.
            this.free -= spent - fromHeld;
        };
        return {
            get remaining(): number {
                return read();
            },
            set remaining(next: number) {
                spend(next);
            },
            release: () => {
                this.free += held;
                this.reserved -= held;
                held = 0;
            },
        };
    }
}

/**
 * Puts work on the same key in line (each starts after the previous one on its key ended, failed
 * or not); work on different keys runs at once.
 */
export class KeyedQueue {
    private readonly tails = new Map<string, Promise<void>>();

    public run<T>(key: string, work: () => Promise<T>): Promise<T> {
        const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
        const tail = result.then(
            () => undefined,
            () => undefined,
        );
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        return result;
    }
}

/**
 * At most `limit` pieces of work at a time, in the order they asked (a semaphore): what a push
 * run's checks and the imports its listening starts share, so that together they never import
 * more mail at once than CHECKS_AT_ONCE checks do.
 */
export class Slots {
    private busy = 0;
    private readonly waiting: Array<() => void> = [];

    constructor(private readonly limit: number) {}

    public async run<T>(work: () => Promise<T>): Promise<T> {
        if (this.busy >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
        else this.busy++;
        try {
            return await work();
        } finally {
            // The slot passes straight to the next in line (busy stays the same), or is freed.
            const next = this.waiting.shift();
            if (next) next();
            else this.busy--;
        }
    }
}
