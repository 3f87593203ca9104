/** The three levels of a semantic version change, from the smallest to the largest. */
export type ChangeLevel = 'patch' | 'minor' | 'major';

/** Levels in increasing order, so that `LEVELS.indexOf` ranks them. */
export const LEVELS: readonly ChangeLevel[] = ['patch', 'minor', 'major'];

/** A parsed semantic version (https://semver.org): numbers, then optional pre-release identifiers. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parse `1.2.3`, `1.2.3-rc.1` or `1.2.3+build`; undefined when the text is not a semantic version.
 * @example parseVersion('1.10.0') // { major: 1, minor: 10, patch: 0, prerelease: [] }
 */
export function parseVersion(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

/** The text of a version, without build metadata: `1.2.0`, `2.0.0-rc.1`. */
export function formatVersion(version: SemVer): string {
  const core = `${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease.length === 0 ? core : `${core}-${version.prerelease.join('.')}`;
}

/**
 * Order two versions by number (`1.10.0` > `1.9.0`), a pre-release below its release; build
 * metadata is ignored. Negative when `a < b`, 0 when equal, positive when `a > b`.
 */
export function compareVersions(a: SemVer, b: SemVer): number {
  const byNumber = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (byNumber !== 0) return Math.sign(byNumber);
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length);
  }
  const length = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i++) {
    const x = a.prerelease[i] ?? '';
    const y = b.prerelease[i] ?? '';
    if (x === y) continue;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
    // Numeric identifiers rank below alphanumeric ones (semver 11.4.3).
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

/**
 * The level of the step from `from` to a greater `to`: `major` when the major number grew,
 * `minor` when the minor did, `patch` otherwise (including a step between pre-releases).
 */
export function bumpLevel(from: SemVer, to: SemVer): ChangeLevel {
  if (to.major !== from.major) return 'major';
  if (to.minor !== from.minor) return 'minor';
  return 'patch';
}

/** The larger of two levels. */
export function maxLevel(a: ChangeLevel, b: ChangeLevel): ChangeLevel {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

/** True when `level` is `than` or larger. */
export function levelAtLeast(level: ChangeLevel, than: ChangeLevel): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(than);
}

/**
 * Order two version texts (`1.10.0` after `1.9.0`); text that is not a version sorts by code unit
 * after the real ones compare, so a sort never throws on a stray file name.
 */
export function compareVersionText(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa === undefined || pb === undefined) return a < b ? -1 : a > b ? 1 : 0;
  return compareVersions(pa, pb);
}
