/**
 * Where the quoted history or signature of a plain-text reply starts: "On ... wrote:" in
 * several languages (also as Gmail wraps a long one over two lines), Outlook's header blocks,
 * "-- " signatures, "Sent from my ..." footers, or a run of ">" lines at the end. A quoted
 * signature ("> -- " and the quoted lines under it: an agent's reply signed by the inbox) goes
 * wherever it is, also in a reply written under the quote. Returns the new part and the rest;
 * never an empty new part (if everything looks quoted, everything is kept).
 */
const ATTRIBUTION_LINES: RegExp[] = [
    /^On .{1,200}wrote:\s*$/i,
    /^Am .{1,200}schrieb .{1,200}:\s*$/i,
    /^El .{1,200}escribió:\s*$/i,
    /^Em .{1,200}escreveu:\s*$/i,
    /^Le .{1,200}a écrit\s*:\s*$/i,
    /^Op .{1,200}schreef .{1,200}:\s*$/i,
];

const CUT_LINES: RegExp[] = [
    ...ATTRIBUTION_LINES,
    /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Mensaje original|Mensagem original|Message d'origine)\s*-{2,}\s*$/i,
    /^_{10,}\s*$/,
    // Outlook's header block; in a mail that had only HTML, its labels come bold.
    /^\**(From|Von|De|Van):\**\s.+$/,
    /^-- $/,
    /^Sent from my .+$/i,
    /^Von meinem .+ gesendet$/i,
    /^Enviado desde mi .+$/i,
    /^Enviado do meu .+$/i,
];

/** A quoted signature separator: "> -- ", also without its space (Gmail drops trailing spaces) or quoted deeper. */
const QUOTED_SIGNATURE = /^(>[ \t]?)+--[ \t]*$/;

function isCutLine(lines: string[], index: number): boolean {
    const line = lines[index];
    if (CUT_LINES.some((pattern) => pattern.test(line))) return true;
    // Gmail wraps an attribution longer than its line: "On ..., Name <" / "address> wrote:".
    const next = lines[index + 1];
    return next !== undefined && /^(On|Am|El|Em|Le|Op) /.test(line) && ATTRIBUTION_LINES.some((pattern) => pattern.test(`${line} ${next}`));
}

/** The lines without quoted signatures: the separator and the quoted lines under it, up to the first line that is not quoted. */
function withoutQuotedSignatures(lines: string[]): { kept: string[]; removed: string[] } {
    const kept: string[] = [];
    const removed: string[] = [];
    for (let index = 0; index < lines.length; index++) {
        if (!QUOTED_SIGNATURE.test(lines[index])) {
            kept.push(lines[index]);
            continue;
        }
        removed.push(lines[index]);
        while (index + 1 < lines.length && lines[index + 1].startsWith('>')) removed.push(lines[++index]);
    }
    return { kept, removed };
}

export function trimQuotedReply(text: string): { visible: string; trimmed?: string } {
    const { kept: lines, removed } = withoutQuotedSignatures(text.split(/\r?\n/));
    let cut = lines.findIndex((_line, index) => isCutLine(lines, index));
    if (cut < 0) {
        let start = lines.length;
        while (start > 0 && (/^>/.test(lines[start - 1]) || lines[start - 1].trim() === '')) start--;
        if (start < lines.length && lines.slice(start).some((line) => line.startsWith('>'))) cut = start;
    }
    if (cut < 0 && removed.length === 0) return { visible: text };
    const visible = (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trimEnd();
    if (!visible.trim()) return { visible: text };
    // What was taken out: the quoted signatures, then everything from the cut on.
    return { visible, trimmed: [...removed, ...(cut < 0 ? [] : lines.slice(cut))].join('\n').trim() };
}
