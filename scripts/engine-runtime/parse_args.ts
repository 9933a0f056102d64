// Stand-in for jsr:@std/cli/parse-args, limited to what the Apps-Engine Deno runtime uses:
// `--key value`, `--key=value` and bare `--flag`; numeric values become numbers.
export function parseArgs(args: string[]): Record<string, unknown> & { _: string[] } {
    const parsed: Record<string, unknown> & { _: string[] } = { _: [] };
    const convert = (value: string): string | number => (value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value);
    for (let index = 0; index < args.length; index++) {
        const arg = args[index];
        if (!arg.startsWith('--')) {
            parsed._.push(arg);
            continue;
        }
        const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (inline !== undefined) {
            parsed[key] = convert(inline);
        } else if (index + 1 < args.length && !args[index + 1].startsWith('--')) {
            parsed[key] = convert(args[++index]);
        } else {
            parsed[key] = true;
        }
    }
    return parsed;
}
