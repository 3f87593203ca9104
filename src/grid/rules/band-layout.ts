import type { Band, Score } from '../types.ts';

/** A non-empty band of a score with its position in `score.bands`. */
export interface PlacedBand {
  band: Band;
  index: number;
}

/** The score's non-empty bands (min < max) ordered by min, then max: the order they tile the range in. */
export function orderedBands(score: Score): PlacedBand[] {
  return (score.bands ?? [])
    .map((band, index) => ({ band, index }))
    .filter(({ band }) => band.min < band.max)
    .sort((a, b) => a.band.min - b.band.min || a.band.max - b.band.max);
}
