/**
 * `text` cut to at most `max` characters with "…", never splitting a surrogate pair and with no
 * blank before the "…"; `keepEnd` (a file's extension, say) stays after it. Text within `max`
 * is returned as it is.
 */
export function shorten(text: string, max: number, keepEnd = ''): string {
    if (text.length <= max) return text;
    return `${text
        .slice(0, max - keepEnd.length - 1)
        .replace(/[\uD800-\uDBFF]$/, '')
        .trimEnd()}…${keepEnd}`;
}
