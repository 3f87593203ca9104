/**
 * Effectiveness across a cohort: every case with a value at both occasions, compared as a paired
 * sample, with disclosure control for the researcher role.
 */
import type { Direction } from '../grid/index.ts';
import { mean, sampleSd } from './descriptive.ts';
import {
  effectiveThreshold,
  suppressCounts,
  suppressed,
  type CountEntry,
  type CountFigure,
  type Suppressed,
  type SuppressionReason,
} from './disclosure.ts';
import { pairedDz, pairedGav, pairedTTest, type CohenDz, type HedgesGav, type PairedTTest } from './effect-size.ts';
import { mcnemarTest, type SymmetryTestResult } from './mcnemar.ts';
import { isComputed, notComputed, type NotComputed } from './not-computed.ts';
import { reliableChange, type ChangeClassification } from './reliable-change.ts';
import type { ScoreMeta } from './trajectory.ts';
import { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon.ts';

/** One case's value and band at the two occasions compared. */
export interface CohortPair {
  from: { value: number; band: string | null };
  to: { value: number; band: string | null };
}

export interface CohortInput {
  pairs: readonly CohortPair[];
  score: ScoreMeta;
  /** Disclosure threshold (default 10; raised to 3 when lower). */
  threshold?: number;
  /** The requester's role; only `researcher` is subject to disclosure control. */
  role: string;
}

/** A number as reported: null with a reason when not computed or suppressed. */
export interface Scalar {
  value: number | null;
  suppressed: boolean;
  reason?: SuppressionReason | NotComputed['reason'];
}

export interface CohortWilcoxon extends Omit<WilcoxonResult, 'n' | 'zerosDropped'> {
  n: CountFigure;
  zerosDropped: CountFigure;
}

export interface CohortReliableChange {
  counts: Record<ChangeClassification, CountFigure>;
  shares: Record<ChangeClassification, Scalar>;
  options: { method: 'jacobson_truax_1991'; criterion: number; sd: number; reliability: number; direction: Direction };
}

export interface CohortTransitions {
  /** Band ids in the score's order: rows are the first occasion, columns the second. */
  bands: string[];
  cells: CountFigure[][];
  rowTotals: CountFigure[];
  columnTotals: CountFigure[];
  total: CountFigure;
  /** McNemar (2 bands) or Bowker (more). */
  test: SymmetryTestResult | NotComputed | Suppressed;
}

export interface CohortEffectiveness {
  score: string;
  direction: Direction;
  n: CountFigure;
  occasions: { from: { mean: Scalar; sd: Scalar }; to: { mean: Scalar; sd: Scalar } };
  /** Of to - from. */
  change: { mean: Scalar; sd: Scalar };
  tTest: PairedTTest | NotComputed | Suppressed;
  dz: CohenDz | NotComputed | Suppressed;
  gav: HedgesGav | NotComputed | Suppressed;
  wilcoxon: CohortWilcoxon | NotComputed | Suppressed;
  reliableChange: CohortReliableChange | NotComputed | Suppressed;
  transitions: CohortTransitions | NotComputed | Suppressed;
  disclosure: {
    applied: boolean;
    threshold: number;
    rule: 'primary_counts_1_to_threshold_minus_1_and_complementary_by_line';
    /** JSON Pointers (into this object) of every suppressed figure. */
    suppressed: string[];
  };
}

const CLASSES: readonly ChangeClassification[] = ['reliable_improvement', 'no_reliable_change', 'reliable_deterioration'];

function scalar(value: number | null): Scalar {
  return value === null ? { value: null, suppressed: false, reason: 'too_few_values' } : { value, suppressed: false };
}

function count(value: number, reason: SuppressionReason | undefined): CountFigure {
  return reason === undefined ? { value, suppressed: false } : { value: null, suppressed: true, reason };
}

/**
 * Cohort effectiveness of one score between two occasions. Every statistic carries its options.
 * For the `researcher` role, figures resting on fewer cases than the threshold are suppressed, and
 * so is any figure that would let one be recovered (see docs/statistics.md, "Disclosure control"):
 * - with n below the threshold, every figure (n included) is suppressed;
 * - counts (reliable-change classes, transition cells and margins, zero differences and the n the
 *   Wilcoxon test ranked) go through {@link suppressCounts} along every line that adds up (classes
 *   and n; each row, each column with its total; the margins and the total; ranked n, zeros and n),
 *   so that no withheld count has a single possible value; a share is suppressed with its count;
 * - the Wilcoxon test is suppressed when it ranked fewer cases than the threshold;
 * - the McNemar/Bowker test is suppressed when its discordant cases are fewer than the threshold
 *   or any cell of the table is suppressed (its statistic and the margins could give cells back).
 * Does not mutate its input.
 */
export function cohortEffectiveness(input: CohortInput): CohortEffectiveness {
  const { pairs, score } = input;
  const threshold = effectiveThreshold(input.threshold);
  const applied = input.role === 'researcher';
  const n = pairs.length;
  const x1 = pairs.map((p) => p.from.value);
  const x2 = pairs.map((p) => p.to.value);
  const diff = pairs.map((p) => p.to.value - p.from.value);
  const hidden: string[] = [];
  const tooSmall = applied && n > 0 && n < threshold;
  const withhold = (pointer: string, reason: SuppressionReason): Suppressed => {
    hidden.push(pointer);
    return suppressed(reason);
  };
  const scalarFigure = (pointer: string, value: number | null): Scalar => {
    if (tooSmall) {
      hidden.push(pointer);
      return { value: null, suppressed: true, reason: 'below_disclosure_threshold' };
    }
    return scalar(value);
  };
  const block = <T>(pointer: string, value: T): T | Suppressed =>
    tooSmall ? withhold(pointer, 'below_disclosure_threshold') : value;

  // Counts tied by additions, collected for one pass of disclosure control.
  const entries: CountEntry[] = [{ id: '/n', count: n, fixed: true }];
  const lines: string[][] = [];

  // Wilcoxon on to - from (x = to, y = from), two-sided, continuity correction on.
  const w = wilcoxonSignedRank({ x: x2, y: x1 });
  if (isComputed(w)) {
    entries.push({ id: '/wilcoxon/n', count: w.n }, { id: '/wilcoxon/zerosDropped', count: w.zerosDropped });
    lines.push(['/n', '/wilcoxon/n', '/wilcoxon/zerosDropped']);
  }

  // Reliable change per case, from the score's declared reference values.
  const reliability = score.reference?.reliability;
  const norm = score.reference?.norm;
  let rcCounts: Record<ChangeClassification, number> | NotComputed;
  if (reliability === undefined) rcCounts = notComputed('reliability_not_declared');
  else if (norm === undefined) rcCounts = notComputed('sd_not_declared');
  else if (n === 0) rcCounts = notComputed('too_few_values');
  else {
    const counts = { reliable_improvement: 0, no_reliable_change: 0, reliable_deterioration: 0 };
    let invalid = false;
    for (const p of pairs) {
      const rc = reliableChange({ x1: p.from.value, x2: p.to.value, sd: norm.sd, reliability: reliability.value, direction: score.direction });
      if (isComputed(rc)) counts[rc.classification]++;
      else invalid = true;
    }
    rcCounts = invalid ? notComputed('invalid_reference') : counts;
    if (!invalid) {
      for (const c of CLASSES) entries.push({ id: `/reliableChange/counts/${c}`, count: counts[c] });
      lines.push(['/n', ...CLASSES.map((c) => `/reliableChange/counts/${c}`)]);
    }
  }

  // Band transition table.
  const bandIds = score.bands?.map((b) => b.id);
  let table: number[][] | NotComputed;
  if (bandIds === undefined || bandIds.length === 0) table = notComputed('bands_not_declared');
  else if (n === 0) table = notComputed('too_few_values');
  else {
    const index = new Map(bandIds.map((id, i) => [id, i]));
    const t = bandIds.map(() => bandIds.map(() => 0));
    let incomplete = false;
    for (const p of pairs) {
      const i = p.from.band === null ? undefined : index.get(p.from.band);
      const j = p.to.band === null ? undefined : index.get(p.to.band);
      if (i === undefined || j === undefined) incomplete = true;
      else (t[i] as number[])[j] = ((t[i] as number[])[j] as number) + 1;
    }
    table = incomplete ? notComputed('bands_incomplete') : t;
    if (!incomplete) {
      const k = bandIds.length;
      for (let i = 0; i < k; i++) {
        const row = t[i] as number[];
        entries.push({ id: `/transitions/rowTotals/${i}`, count: row.reduce((a, b) => a + b, 0) });
        entries.push({ id: `/transitions/columnTotals/${i}`, count: t.reduce((a, r) => a + (r[i] as number), 0) });
        for (let j = 0; j < k; j++) entries.push({ id: `/transitions/cells/${i}/${j}`, count: row[j] as number });
        lines.push([`/transitions/rowTotals/${i}`, ...bandIds.map((_, j) => `/transitions/cells/${i}/${j}`)]);
        lines.push([`/transitions/columnTotals/${i}`, ...bandIds.map((_, j) => `/transitions/cells/${j}/${i}`)]);
      }
      entries.push({ id: '/transitions/total', count: n, fixed: true });
      lines.push(['/transitions/total', ...bandIds.map((_, i) => `/transitions/rowTotals/${i}`)]);
      lines.push(['/transitions/total', ...bandIds.map((_, i) => `/transitions/columnTotals/${i}`)]);
    }
  }

  // Disclosure control of the counts (none below the threshold when the whole cohort is too small:
  // then everything is withheld anyway).
  const withheld = applied ? suppressCounts(entries, lines, threshold) : new Map<string, SuppressionReason>();
  const countAt = (id: string, value: number): CountFigure => {
    const reason = tooSmall ? 'below_disclosure_threshold' : withheld.get(id);
    if (reason !== undefined) hidden.push(id);
    return count(value, reason);
  };

  const nFigure = countAt('/n', n);

  let wilcoxon: CohortWilcoxon | NotComputed | Suppressed;
  if (!isComputed(w)) wilcoxon = w;
  else if (tooSmall || (applied && w.n < threshold)) wilcoxon = withhold('/wilcoxon', 'below_disclosure_threshold');
  else {
    wilcoxon = { ...w, n: countAt('/wilcoxon/n', w.n), zerosDropped: countAt('/wilcoxon/zerosDropped', w.zerosDropped) };
  }

  let reliable: CohortReliableChange | NotComputed | Suppressed;
  if (!isComputed(rcCounts) || reliability === undefined || norm === undefined) reliable = rcCounts as NotComputed;
  else if (tooSmall) reliable = withhold('/reliableChange', 'below_disclosure_threshold');
  else {
    const counts = {} as Record<ChangeClassification, CountFigure>;
    const shares = {} as Record<ChangeClassification, Scalar>;
    for (const c of CLASSES) {
      counts[c] = countAt(`/reliableChange/counts/${c}`, rcCounts[c]);
      const reason = counts[c].reason;
      if (reason === undefined) shares[c] = { value: rcCounts[c] / n, suppressed: false };
      else {
        hidden.push(`/reliableChange/shares/${c}`);
        shares[c] = { value: null, suppressed: true, reason };
      }
    }
    reliable = {
      counts,
      shares,
      options: {
        method: 'jacobson_truax_1991',
        criterion: 1.96,
        sd: norm.sd,
        reliability: reliability.value,
        direction: score.direction,
      },
    };
  }

  let transitions: CohortTransitions | NotComputed | Suppressed;
  if (!isComputed(table) || bandIds === undefined) transitions = table as NotComputed;
  else if (tooSmall) transitions = withhold('/transitions', 'below_disclosure_threshold');
  else {
    const k = bandIds.length;
    const cells = table.map((row, i) => row.map((v, j) => countAt(`/transitions/cells/${i}/${j}`, v)));
    const rowTotals = table.map((row, i) => countAt(`/transitions/rowTotals/${i}`, row.reduce((a, b) => a + b, 0)));
    const columnTotals = bandIds.map((_, j) => countAt(`/transitions/columnTotals/${j}`, table.reduce((a, r) => a + (r[j] as number), 0)));
    let discordant = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) discordant += (table[i] as number[])[j] as number;
    const anyCellHidden = cells.some((row) => row.some((c) => c.suppressed));
    let test: SymmetryTestResult | NotComputed | Suppressed =
      k >= 2 ? mcnemarTest({ table }) : notComputed('too_few_values');
    if (applied && isComputed(test) && (discordant < threshold || anyCellHidden)) {
      test = withhold('/transitions/test', discordant < threshold ? 'below_disclosure_threshold' : 'complementary_suppression');
    }
    transitions = { bands: bandIds, cells, rowTotals, columnTotals, total: countAt('/transitions/total', n), test };
  }

  return {
    score: score.id,
    direction: score.direction,
    n: nFigure,
    occasions: {
      from: { mean: scalarFigure('/occasions/from/mean', mean(x1)), sd: scalarFigure('/occasions/from/sd', sampleSd(x1)) },
      to: { mean: scalarFigure('/occasions/to/mean', mean(x2)), sd: scalarFigure('/occasions/to/sd', sampleSd(x2)) },
    },
    change: { mean: scalarFigure('/change/mean', mean(diff)), sd: scalarFigure('/change/sd', sampleSd(diff)) },
    tTest: block('/tTest', pairedTTest({ x1, x2 })),
    dz: block('/dz', pairedDz({ x1, x2 })),
    gav: block('/gav', pairedGav({ x1, x2 })),
    wilcoxon,
    reliableChange: reliable,
    transitions,
    disclosure: {
      applied,
      threshold,
      rule: 'primary_counts_1_to_threshold_minus_1_and_complementary_by_line',
      suppressed: [...new Set(hidden)].sort(),
    },
  };
}
