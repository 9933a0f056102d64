/** An address as the app accepts one from a person: local part, @, a domain with a dot and a top-level name of two or more letters. */
export const EMAIL_ADDRESS = /^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:.]{2,}$/u;

export interface TypedAddress {
    /** Lower-cased, as Rocket.Chat stores a visitor's address. */
    address: string;
    /** The display name typed before it ("Carla Customer <carla@example.net>"), '' without one. */
    name: string;
}

/**
 * One address as a person types it in a form: `carla@example.net` or `Carla Customer
 * <carla@example.net>` (the name may be quoted). Undefined when it is not one valid address.
 */
export function parseTypedAddress(typed: string): TypedAddress | undefined {
    const text = typed.trim();
    const angle = /^(.*?)\s*<([^<>]+)>$/u.exec(text);
    const address = (angle ? angle[2] : text).trim();
    const name = angle
        ? angle[1]
              .trim()
              .replace(/^"(.*)"$/u, '$1')
              .trim()
        : '';
    if (!EMAIL_ADDRESS.test(address) || /[\r\n]/u.test(name)) return undefined;
    return { address: address.toLowerCase(), name };
}

/**
 * A list of addresses as typed into one field: separated by commas, semicolons or line breaks
 * (what mail clients accept when pasting). Each entry is parsed alone: `bad` lists what is not
 * an address, as typed; duplicates are kept once.
 */
export function parseAddressList(typed: string): { addresses: TypedAddress[]; bad: string[] } {
    const addresses: TypedAddress[] = [];
    const bad: string[] = [];
    for (const entry of typed
        .split(/[,;\n]/u)
        .map((part) => part.trim())
        .filter(Boolean)) {
        const parsed = parseTypedAddress(entry);
        if (!parsed) bad.push(entry);
        else if (!addresses.some((known) => known.address === parsed.address)) addresses.push(parsed);
    }
    return { addresses, bad };
}
