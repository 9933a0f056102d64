/** Bundles the app and writes dist/<nameSlug>_<version>.zip (see package.mjs). */
export function packageApp(options?: { quiet?: boolean; marketplace?: boolean }): Promise<{ zipPath: string; bundleBytes: number }>;
