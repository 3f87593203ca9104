/** True when `root`/dist/BUILT exists and no source file (src/, schema/, tsconfig, package.json) is newer. */
export function buildIsCurrent(root?: string): boolean;
/** Imports `src/<path>` (no extension): compiled when the build is current, else the TypeScript source through tsx. */
export function importSource(path: string): Promise<Record<string, unknown>>;
