/**
 * Where the quoted history or signature of a plain-text reply starts: "On ... wrote:" in
 * several languages, Outlook's header blocks, "-- " signatures, "Sent from my ..." footers,
 * or a run of ">" lines at the end. Returns the new part and the rest; never an empty new
 * part (if everything looks quoted, everything is kept).
 */
const CUT_LINES: RegExp[] = [
    /^On .{1,200}wrote:\s*$/i,
    /^Am .{1,200}schrieb .{1,200}:\s*$/i,
    /^El .{1,200}escribió:\s*$/i,
    /^Em .{1,200}escreveu:\s*$/i,
    /^Le .{1,200}a écrit\s*:\s*$/i,
    /^Op .{1,200}schreef .{1,200}:\s*$/i,
    /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Mensaje original|Mensagem original|Message d'origine)\s*-{2,}\s*$/i,
    /^_{10,}\s*$/,
    /^(From|Von|De|Van):\s.+$/,
    /^-- $/,
    /^Sent from my .+$/i,
    /^Von meinem .+ gesendet$/i,
    /^Enviado desde mi .+$/i,
    /^Enviado do meu .+$/i,
];

export function trimQuotedReply(text: string): { visible: string; trimmed?: string } {
    const lines = text.split(/\r?\n/);
    let cut = lines.findIndex((line) => CUT_LINES.some((pattern) => pattern.test(line)));
    if (cut < 0) {
        let start = lines.length;
        while (start > 0 && (/^>/.test(lines[start - 1]) || lines[start - 1].trim() === '')) start--;
        if (start < lines.length && lines.slice(start).some((line) => line.startsWith('>'))) cut = start;
    }
    if (cut <= 0) return { visible: text };
    const visible = lines.slice(0, cut).join('\n').trimEnd();
    if (!visible.trim()) return { visible: text };
    return { visible, trimmed: lines.slice(cut).join('\n').trim() };
}
