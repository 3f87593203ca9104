import { createHash } from 'node:crypto';

/**
 * A seeded source of randomness for the demo data: the same seed gives the same numbers on every
 * machine and Node version (sfc32 over a SHA-256 of the seed; `Math.random` is neither seedable
 * nor stable across engines).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Normal deviate (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One value, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /**
   * An independent stream named `label`, derived from the seed alone: what one case draws does not
   * shift what another case draws, so that changing one part of the generator leaves the rest.
   */
  fork(label: string): Random;
}

/**
 * @example
 * const random = createRandom('griglie');
 * random.int(1, 6); // always the same first roll for this seed
 */
export function createRandom(seed: string): Random {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);

  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit arithmetic.
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up, as sfc32's author recommends, so that similar seeds diverge.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  const random: Random = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    normal(mean = 0, sd = 1) {
      const u = 1 - next(); // (0, 1]: log(0) is never taken
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let left = next() * total;
      for (const [value, weight] of entries) {
        left -= weight;
        if (left < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (last === undefined) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    fork(label) {
      return createRandom(`${seed}\u0000${label}`);
    },
  };
  return random;
}
