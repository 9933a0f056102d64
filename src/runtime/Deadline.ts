/**
 * A point in time a piece of work must end by. Every call into the app ends after the engine's
 * 30 s (see budgets.ts), so every step that waits on a server is bounded by one of these.
 */
export class Deadline {
    private constructor(private readonly at: number) {}

    /** `ms` from `from` (now by default). */
    public static after(ms: number, from = Date.now()): Deadline {
        return new Deadline(from + ms);
    }

    public remaining(): number {
        return Math.max(0, this.at - Date.now());
    }

    public passed(): boolean {
        return Date.now() >= this.at;
    }

    /** This deadline, or `ms` from now if that comes first. */
    public atMost(ms: number): Deadline {
        return new Deadline(Math.min(this.at, Date.now() + ms));
    }

    /** `ms` past this deadline: for the one step started just before it, which must still end. */
    public plus(ms: number): Deadline {
        return new Deadline(this.at + ms);
    }

    /** Whichever of the two comes first. */
    public earlierOf(other: Deadline): Deadline {
        return other.at < this.at ? other : this;
    }

    /**
     * The work's result, or the error `late()` makes when the deadline passes first. The work is
     * not cancelled (a promise cannot be); its late failure is kept from ending the process.
     */
    public async race<T>(work: Promise<T>, late: () => Error): Promise<T> {
        work.catch(() => undefined);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(late()), this.remaining());
        });
        try {
            return await Promise.race([work, timeout]);
        } finally {
            clearTimeout(timer);
        }
    }
}
