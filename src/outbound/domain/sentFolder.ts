/** Names servers without SPECIAL-USE give their Sent folder, most common first. */
const SENT_NAMES = [
    'sent',
    'sent items',
    'sent messages',
    'sent mail',
    'inbox.sent',
    'inbox/sent',
    'gesendet',
    'gesendete elemente',
    'enviados',
    'elementos enviados',
    'itens enviados',
];

/**
 * The folder to file copies of replies in: the one the server marks `\Sent` (RFC 6154), else
 * the first with a usual name; undefined when there is none (the app never creates one).
 */
export function pickSentFolder(folders: Array<{ path: string; specialUse?: string }>): string | undefined {
    const marked = folders.find((folder) => folder.specialUse?.toLowerCase() === '\\sent');
    if (marked) return marked.path;
    for (const name of SENT_NAMES) {
        const found = folders.find((folder) => folder.path.toLowerCase() === name);
        if (found) return found.path;
    }
    return undefined;
}
