/** A stored time (ISO) as people read it, without leaving them to guess the zone: "2026-11-30 14:05 UTC". */
export function readableTime(iso: string | undefined): string {
    const time = iso ? new Date(iso) : undefined;
    if (!time || Number.isNaN(time.getTime())) return iso ?? '';
    return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
