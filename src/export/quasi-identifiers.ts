import type { ZoneHierarchy } from './tuscan-zones.ts';

/**
 * The quasi-identifiers of a case in an export (SPEC 8): its zone, its sex and its age at its
 * first occasion. Each generalizes along a hierarchy of levels, the last of which (`any`) leaves the
 * attribute empty for every case.
 */
export type QuasiIdentifier = 'zone' | 'age' | 'sex';

/** The order ties are broken in when two attributes have as many distinct values (see k-anonymity.ts). */
export const QUASI_IDENTIFIERS: readonly QuasiIdentifier[] = ['zone', 'age', 'sex'];

/** A case's quasi-identifiers at their finest level: zone slug, sex, age in whole years at the first occasion. */
export type QuasiIdentifierValues = Record<QuasiIdentifier, string>;

/** One attribute's hierarchy: level names, finest first, and the value of a finest value at a level. */
export interface Hierarchy {
  levels: readonly string[];
  /** The value at `level`; null at the last level (`any`). */
  generalize(value: string, level: number): string | null;
}

export type Hierarchies = Record<QuasiIdentifier, Hierarchy>;

/** What `zone_level` says of a case whose quasi-identifiers were suppressed (record-level suppression). */
export const SUPPRESSED_LEVEL = 'suppressed';
/** The last level of every hierarchy: the attribute generalized to "any value" (left empty for everyone). */
export const ANY_LEVEL = 'any';

/** Age bands of the export: the fine bands, then three broad ones, then minors. */
export const AGE_BANDS: readonly { from: number; to: number; label: string }[] = [
  { from: 0, to: 2, label: '0-2' },
  { from: 3, to: 5, label: '3-5' },
  { from: 6, to: 10, label: '6-10' },
  { from: 11, to: 13, label: '11-13' },
  { from: 14, to: 17, label: '14-17' },
];
const BROAD_AGE_BANDS: readonly { from: number; to: number; label: string }[] = [
  { from: 0, to: 5, label: '0-5' },
  { from: 6, to: 10, label: '6-10' },
  { from: 11, to: 17, label: '11-17' },
];

/** Ages outside 0..17 (a young adult still followed, or a date error) keep a band of their own. */
function bandOf(age: number, bands: readonly { from: number; to: number; label: string }[]): string {
  if (!Number.isInteger(age) || age < 0) return 'unknown';
  if (age >= 18) return '18+';
  return bands.find((band) => age >= band.from && age <= band.to)!.label;
}

/** The fine age band (0-2, 3-5, 6-10, 11-13, 14-17) of an age in whole years. */
export function ageBandOf(age: number): string {
  return bandOf(age, AGE_BANDS);
}

/**
 * The hierarchies of the three quasi-identifiers:
 * - age: whole years -> 0-2/3-5/6-10/11-13/14-17 -> 0-5/6-10/11-17 -> 0-17 -> any;
 * - zone: zone -> AUSL -> region -> any;
 * - sex: F/M/X -> any.
 */
export function createHierarchies(zones: ZoneHierarchy): Hierarchies {
  return {
    age: {
      levels: ['years', 'band', 'broad_band', 'minor', ANY_LEVEL],
      generalize(value, level) {
        const age = Number(value);
        switch (level) {
          case 0:
            return value;
          case 1:
            return bandOf(age, AGE_BANDS);
          case 2:
            return bandOf(age, BROAD_AGE_BANDS);
          case 3: {
            const band = bandOf(age, AGE_BANDS);
            return band === 'unknown' || band === '18+' ? band : '0-17';
          }
          default:
            return null;
        }
      },
    },
    zone: {
      levels: ['zone', 'ausl', 'region', ANY_LEVEL],
      generalize(value, level) {
        switch (level) {
          case 0:
            return value;
          case 1:
            return zones.auslOf(value);
          case 2:
            return zones.regionOf(zones.auslOf(value));
          default:
            return null;
        }
      },
    },
    sex: {
      levels: ['sex', ANY_LEVEL],
      generalize: (value, level) => (level === 0 ? value : null),
    },
  };
}
