/**
 * How mail is fetched so that the app's process stays small whatever arrives: few mails per
 * FETCH, few bytes per FETCH, and a mail too large to hold (some servers accept 150 MB) is read
 * only in part: its text, which comes first, and the note that its files stay in the mailbox.
 */
export const FETCH_LIMITS = {
    /** Mails per FETCH. */
    mails: 10,
    /** Bytes per FETCH (one larger mail still goes alone). */
    bytes: 16 * 1_048_576,
    /** A mail larger than this is read only in part. */
    wholeMailBytes: 64 * 1_048_576,
    /** How much of such a mail is read. */
    partBytes: 1_048_576,
};

export interface FetchBatch {
    uids: number[];
    /** Set for a mail read only in part: how many bytes of it are read. */
    partBytes?: number;
}

/** Groups UIDs (in order, with their sizes) into FETCH batches within the limits. */
export function planFetchBatches(mails: Array<{ uid: number; size: number }>, limits = FETCH_LIMITS): FetchBatch[] {
    const batches: FetchBatch[] = [];
    let current: FetchBatch = { uids: [] };
    let bytes = 0;
    const flush = () => {
        if (current.uids.length > 0) batches.push(current);
        current = { uids: [] };
        bytes = 0;
    };
    for (const { uid, size } of mails) {
        if (size > limits.wholeMailBytes) {
            flush();
            batches.push({ uids: [uid], partBytes: limits.partBytes });
            continue;
        }
        if (current.uids.length >= limits.mails || (current.uids.length > 0 && bytes + size > limits.bytes)) flush();
        current.uids.push(uid);
        bytes += size;
    }
    flush();
    return batches;
}
