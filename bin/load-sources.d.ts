/** Every file dist/ is built from, with size and modification time, one per line, sorted. */
export function sourceManifest(root?: string): string;
/** True when `root`/dist/BUILT records exactly the source files there are now. */
export function buildIsCurrent(root?: string): boolean;
/** Which form this process runs (`GRIGLIE_RUN` forces one), decided once. */
export function sourceForm(): 'compiled' | 'sources';
/** Imports `src/<path>` (no extension) in this process's form. */
export function importSource(path: string): Promise<Record<string, unknown>>;
