const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/**
 * The small page the browser shows after the provider sent the admin back: what happened and
 * what to do, nothing else (no script, no secret; the provider's words are escaped).
 */
export function resultPage(page: { ok: boolean; title: string; text: string }): string {
    const mark = page.ok ? '✅' : '⚠️';
    return [
        '<!doctype html>',
        '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(page.title)}</title>`,
        '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2329}h1{font-size:1.4rem}</style>',
        '</head><body>',
        `<h1 id="result" data-ok="${page.ok ? 'true' : 'false'}">${mark} ${escapeHtml(page.title)}</h1>`,
        `<p id="detail">${escapeHtml(page.text)}</p>`,
        '</body></html>',
    ].join('\n');
}
