/**
 * A copy of `value` without the object fields whose value is undefined: what the receiving side of
 * the Node IPC channel reads for them (undefined, as for a missing field), where msgpack turns them
 * into null. Objects and arrays are copied as msgpack sends them (own enumerable fields); binary
 * data, dates, maps, sets and whatever `keep` names (the App instance, which msgpack's extension
 * drops) are passed on as they are.
 */
export function withoutUndefinedFields<T>(value: T, keep: (value: object) => boolean = () => false): T {
    return strip(value, keep, new WeakMap()) as T;
}

function passedAsIs(value: object): boolean {
    return (
        ArrayBuffer.isView(value) ||
        value instanceof ArrayBuffer ||
        value instanceof Date ||
        value instanceof Map ||
        value instanceof Set ||
        value instanceof RegExp
    );
}

function strip(value: unknown, keep: (value: object) => boolean, seen: WeakMap<object, unknown>): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (passedAsIs(value) || keep(value)) return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        seen.set(value, copy);
        for (const item of value) copy.push(strip(item, keep, seen));
        return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) copy[key] = strip(item, keep, seen);
    }
    return copy;
}
