/**
 * The receiving server's verdict on who sent a mail, read from its Authentication-Results
 * header (RFC 8601). Only the topmost header counts: each server adds its own above the others,
 * so the topmost is the one the inbox's own provider added when it received the mail, and any
 * lower one may have been written by the sender. The parser's caller passes that header (the
 * import's header map keeps a header's first occurrence, mailparser's `headerLines` being in
 * the mail's order). Pure: no mail library, no network.
 *
 * Servers write it in two shapes: with an authserv-id first (`mx.google.com; spf=pass ...`,
 * Fastmail, Postfix's OpenDMARC), or without one (Microsoft 365 starts with `spf=...`). A mail
 * whose server adds none (Dovecot with Pigeonhole and no milter, many small hosts) has no verdict.
 */

/** One method's result: `dkim=pass header.d=example.com` → method dkim, result pass, props header.d. */
export interface AuthResult {
    method: string;
    result: string;
    /** `ptype.property` (lower-cased) → value, and the `reason` and Microsoft's `action`. */
    props: Record<string, string>;
}

export interface AuthenticationResults {
    /** The server that wrote it (`mx.google.com`); absent when it gave none (Microsoft 365). */
    authservId?: string;
    results: AuthResult[];
}

/** What the receiving server said, for people: the first result of each method that bears on the sender. */
export interface AuthSummary {
    authservId?: string;
    spf?: string;
    dkim?: string;
    dmarc?: string;
}

export type SpoofingVerdict =
    | { suspicious: false; summary?: AuthSummary }
    /** `dmarc`: the server's DMARC check failed; `spf_dkim`: no DMARC result, and SPF or DKIM of the From domain failed with nothing of it passing. */
    | { suspicious: true; domain: string; reason: 'dmarc' | 'spf_dkim'; summary: AuthSummary };

/** A header longer than this is not a server's verdict (Gmail's are under 1 kB): only its start is read. */
const MAX_READ = 8_192;

/** The header without folding and comments (nested; a parenthesis inside a quoted string is text). */
function withoutComments(value: string): string {
    const text = value.slice(0, MAX_READ).replace(/\r?\n[ \t]+/g, ' ');
    let out = '';
    let depth = 0;
    let quoted = false;
    for (let index = 0; index < text.length; index++) {
        const char = text[index];
        if (depth > 0) {
            if (char === '\\') index++;
            else if (char === '(') depth++;
            else if (char === ')') depth--;
        } else if (quoted) {
            out += char;
            if (char === '\\') out += text[++index] ?? '';
            else if (char === '"') quoted = false;
        } else if (char === '(') depth = 1;
        else {
            if (char === '"') quoted = true;
            out += char;
        }
    }
    return out;
}

/** Splits at semicolons outside quoted strings. */
function statements(text: string): string[] {
    const parts: string[] = [];
    let current = '';
    let quoted = false;
    for (let index = 0; index < text.length; index++) {
        const char = text[index];
        if (char === '\\' && quoted) {
            current += char + (text[index + 1] ?? '');
            index++;
            continue;
        }
        if (char === '"') quoted = !quoted;
        if (char === ';' && !quoted) {
            parts.push(current);
            current = '';
        } else current += char;
    }
    parts.push(current);
    return parts.map((part) => part.trim());
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);

/** `key = value` pairs in order; a value is a quoted string or a run without blanks. */
const PAIR = /([A-Za-z0-9_.-]+(?:\s*\/\s*\d+)?)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";]+)/g;

/** A statement that is a result (`method=result ...`), as opposed to the authserv-id. */
const RESULT_START = /^[A-Za-z0-9_-]+(?:\s*\/\s*\d+)?\s*=/;

/** Reads one Authentication-Results header value (after `Authentication-Results:`); undefined when it holds nothing readable. */
export function parseAuthenticationResults(value: string | undefined): AuthenticationResults | undefined {
    if (!value?.trim()) return undefined;
    const parts = statements(withoutComments(value));
    let authservId: string | undefined;
    if (parts.length > 0 && !RESULT_START.test(parts[0])) {
        // authserv-id [version]: a value, then perhaps a number (RFC 8601 2.2).
        const id = /^("(?:[^"\\]|\\.)*"|\S+)/.exec(parts.shift()!)?.[1];
        authservId = id ? unquote(id).toLowerCase() : undefined;
    }
    const results: AuthResult[] = [];
    for (const part of parts) {
        const pairs = [...part.matchAll(PAIR)];
        if (pairs.length === 0 || !RESULT_START.test(part)) continue; // `none`, or nothing a server writes
        const [first, ...rest] = pairs;
        const method = first[1].replace(/\s*\/.*$/, '').toLowerCase();
        const props: Record<string, string> = {};
        for (const pair of rest) {
            const key = pair[1].toLowerCase();
            if (!(key in props)) props[key] = unquote(pair[2]);
        }
        results.push({ method, result: unquote(first[2]).toLowerCase(), props });
    }
    if (!authservId && results.length === 0) return undefined;
    return { ...(authservId && { authservId }), results };
}

function domainOf(value: string | undefined): string | undefined {
    if (!value) return undefined;
    const domain = value
        .slice(value.lastIndexOf('@') + 1)
        .trim()
        .toLowerCase()
        .replace(/\.$/, '');
    return /^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(domain) ? domain : undefined;
}

/**
 * Relaxed alignment (RFC 7489 3.1) without the Public Suffix List: the same domain, or one a
 * subdomain of the other. It never aligns two domains that DMARC would not; it misses only
 * siblings (mail.example.com and news.example.com), which then count neither as pass nor fail.
 */
function aligned(domain: string | undefined, fromDomain: string): boolean {
    return Boolean(domain) && (domain === fromDomain || domain!.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${domain}`));
}

/** Results that pass. Microsoft 365's `bestguesspass` is its DMARC guess for a domain that publishes no policy. */
const PASS = new Set(['pass', 'bestguesspass']);

/**
 * Whether the mail may not be from the domain of its From address, by the receiving server's
 * own checks. The rule:
 * - a DMARC result for the From domain decides: `fail` warns, `pass` does not;
 * - without one (the header has no DMARC, or `none`, `temperror`, `permerror`), the mail warns
 *   when SPF (for the envelope sender) or DKIM (for a signature's domain) of the From domain
 *   failed and neither of them passed: what DMARC would have concluded, had the domain a policy.
 *   `softfail`, `neutral`, `none` and errors are not failures: they say nothing about forgery;
 * - no header, or one without a result (`; none`): no warning, since there is no verdict.
 * Microsoft's `compauth` (its own spoofing score) is not read: its reasons are not published.
 */
export function spoofingVerdict(header: string | undefined, fromAddress: string | undefined): SpoofingVerdict {
    const parsed = parseAuthenticationResults(header);
    const fromDomain = domainOf(fromAddress);
    if (!parsed || !fromDomain) return { suspicious: false };
    const { results } = parsed;
    const first = (method: string) => results.find((entry) => entry.method === method)?.result;
    const dkimPassed = results.some((entry) => entry.method === 'dkim' && entry.result === 'pass');
    const summary: AuthSummary = {
        ...(parsed.authservId && { authservId: parsed.authservId }),
        ...(first('spf') && { spf: first('spf') }),
        ...(first('dkim') && { dkim: dkimPassed ? 'pass' : first('dkim') }),
        ...(first('dmarc') && { dmarc: first('dmarc') }),
    };
    const dmarc = results.filter((entry) => entry.method === 'dmarc' && (!entry.props['header.from'] || domainOf(entry.props['header.from']) === fromDomain));
    if (dmarc.some((entry) => entry.result === 'fail')) return { suspicious: true, domain: fromDomain, reason: 'dmarc', summary };
    if (dmarc.some((entry) => PASS.has(entry.result))) return { suspicious: false, summary };
    const domainChecked = (entry: AuthResult) =>
        entry.method === 'spf'
            ? domainOf(entry.props['smtp.mailfrom'])
            : entry.method === 'dkim'
              ? (domainOf(entry.props['header.d']) ?? domainOf(entry.props['header.i']))
              : undefined;
    const ofFromDomain = results.filter((entry) => aligned(domainChecked(entry), fromDomain));
    const passed = ofFromDomain.some((entry) => entry.result === 'pass');
    const failed = ofFromDomain.some((entry) => entry.result === 'fail' || (entry.method === 'spf' && entry.result === 'hardfail'));
    return failed && !passed ? { suspicious: true, domain: fromDomain, reason: 'spf_dkim', summary } : { suspicious: false, summary };
}
