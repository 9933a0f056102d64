const REPLY_PREFIX = /^\s*((re|fwd?|aw|wg|sv|vs|antw|enc|res|tr|rif|odp)(\[\d+\])?\s*:\s*)+/i;

/** The subject without any chain of reply/forward prefixes (Re:, Fwd:, AW:, WG:, SV:, Enc:...). */
export function normalizeSubject(subject: string): string {
    return subject.replace(REPLY_PREFIX, '').trim();
}

/** `Re: <subject>`, never `Re: Re:`. */
export function replySubject(subject: string): string {
    const base = normalizeSubject(subject);
    return base ? `Re: ${base}` : 'Re:';
}
