/** A file size as people read it: "512 B", "4 KB", "1.5 MB", "20 MB" (binary units, one decimal below ten). */
export function formatSize(bytes: number): string {
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = Math.max(0, bytes);
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
    return `${shown} ${units[unit]}`;
}
