/** Ordering of `MAJOR.MINOR.PATCH` versions (grid versions carry no pre-release tags). */

/** Negative when `a` is lower than `b`, positive when higher, 0 when equal. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
