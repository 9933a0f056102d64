import type * as tls from 'tls';

import { tlsHappyEyeballsWorksHere } from './appRuntime';

type LookupCallback = (error: Error | null, address: string | Array<{ address: string; family: number }>, family?: number) => void;
type Lookup = (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => void;

/**
 * The runtime's real tls module, with one repair where the runtime needs it: when a caller
 * asks for happy eyeballs (`autoSelectFamily` with its own `lookup`) and the runtime cannot
 * do it, connect to a single address instead, IPv4 first, since servers without working
 * IPv6 are the common case. Certificate checks are untouched.
 */
export function tlsForRuntime(real: typeof tls): typeof tls {
    if (tlsHappyEyeballsWorksHere()) return real;
    const patched: typeof tls = Object.create(real);
    const connect = (...args: unknown[]) => {
        const options = args[0];
        if (
            typeof options === 'object' &&
            options !== null &&
            'autoSelectFamily' in options &&
            typeof (options as { lookup?: unknown }).lookup === 'function'
        ) {
            const { autoSelectFamily: _ignored, lookup, ...rest } = options as unknown as Record<string, unknown> & { lookup: Lookup };
            void _ignored;
            return (real.connect as (...a: unknown[]) => tls.TLSSocket)({ ...rest, lookup: preferIpv4(lookup) }, ...args.slice(1));
        }
        return (real.connect as (...a: unknown[]) => tls.TLSSocket)(...args);
    };
    Object.defineProperty(patched, 'connect', { value: connect, enumerable: true });
    return patched;
}

function preferIpv4(lookup: Lookup): Lookup {
    return (hostname, options, callback) => {
        lookup(hostname, { ...options, all: true }, (error, addresses) => {
            if (error || !Array.isArray(addresses) || addresses.length === 0) return callback(error ?? new Error(`no address for ${hostname}`), '');
            const chosen = addresses.find((entry) => entry.family === 4) ?? addresses[0];
            if (options?.all) return callback(null, [chosen]);
            callback(null, chosen.address, chosen.family);
        });
    };
}
