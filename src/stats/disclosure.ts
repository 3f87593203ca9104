/**
 * Disclosure control of aggregate figures for the researcher role: small-count (primary)
 * suppression and complementary suppression along the lines (rows, columns, totals) that add up.
 */

/** The disclosure threshold when none is configured. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 10;
/** No configuration may lower the threshold below this. */
export const MINIMUM_DISCLOSURE_THRESHOLD = 3;

/** Why a figure is withheld. */
export type SuppressionReason =
  /** It rests on fewer cases than the threshold. */
  | 'below_disclosure_threshold'
  /** It would let a suppressed figure be recovered (a total minus the other figures). */
  | 'complementary_suppression';

/** A figure withheld from the researcher. */
export interface Suppressed {
  value: null;
  suppressed: true;
  reason: SuppressionReason;
}

/** Build a {@link Suppressed}. */
export function suppressed(reason: SuppressionReason): Suppressed {
  return { value: null, suppressed: true, reason };
}

/** A count as reported: its value, or null when suppressed. */
export interface CountFigure {
  value: number | null;
  suppressed: boolean;
  reason?: SuppressionReason;
}

/**
 * The threshold actually applied: the configured one (default 10), rounded up to a whole number of
 * cases and never below 3.
 */
export function effectiveThreshold(requested: number | undefined): number {
  const t = requested === undefined || !Number.isFinite(requested) ? DEFAULT_DISCLOSURE_THRESHOLD : Math.ceil(requested);
  return Math.max(MINIMUM_DISCLOSURE_THRESHOLD, t);
}

/** One count taking part in disclosure control. */
export interface CountEntry {
  id: string;
  count: number;
  /** Never chosen as a complementary suppression (e.g. the cohort size already published). */
  fixed?: boolean;
}

/**
 * Which counts to withhold, so that no withheld count can be narrowed to a single value from the
 * released counts, the additions in `lines` and the knowledge that counts are whole numbers >= 0.
 * Each line lists a total first, then the counts that add up to it (a row and its total, a column
 * and its total, the margins and the grand total).
 *
 * 1. Primary: every count from 1 to threshold - 1.
 * 2. Zeros: in a line with a withheld count, the zeros are withheld too, so that a withheld count
 *    reads "anything from 0 up" rather than "at least 1".
 * 3. Audit: a withheld count is *pinned* when no other assignment of the withheld counts satisfies
 *    every line with it changed (see {@link isPinned}); for the first pinned count, the smallest
 *    released count that is not `fixed` in one of its lines (the first listed among equals; any
 *    line with a withheld count when its own lines have none left) is withheld too, then 2 and 3
 *    run again until no count is pinned.
 *
 * Every withheld count carries the same reason, `below_disclosure_threshold`, whether it is small
 * or protects one that is: a distinct label would tell which are the small ones.
 * The lines must form a network (each withheld count in at most two lines, the lines signable so
 * that it is added in one and subtracted in the other), as every one- or two-way table with its
 * margins does; otherwise this throws. The result is deterministic. Does not mutate its input.
 */
export function suppressCounts(
  entries: readonly CountEntry[],
  lines: readonly (readonly string[])[],
  threshold: number,
): Map<string, SuppressionReason> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const valueOf = (id: string): number => {
    const e = byId.get(id);
    if (e === undefined) throw new Error(`suppressCounts: line names unknown entry ${id}`);
    return e.count;
  };
  const hidden = new Set<string>();
  for (const e of entries) if (e.count > 0 && e.count < threshold) hidden.add(e.id);
  if (hidden.size === 0) return new Map();
  const free = (id: string): boolean => !hidden.has(id) && byId.get(id)?.fixed !== true;
  for (;;) {
    // Zeros of every line touched (repeated: a withheld zero may touch another line, with no effect
    // on the counts withheld there but its own zeros).
    let grown = true;
    while (grown) {
      grown = false;
      for (const line of lines) {
        if (!line.some((id) => hidden.has(id))) continue;
        for (const id of line) {
          if (free(id) && valueOf(id) === 0) {
            hidden.add(id);
            grown = true;
          }
        }
      }
    }
    const network = buildNetwork(lines, hidden, valueOf);
    const pinned = [...hidden].find((id) => isPinned(network, id));
    if (pinned === undefined) break;
    const own = lines.filter((line) => line.includes(pinned));
    const touched = lines.filter((line) => line.some((id) => hidden.has(id)));
    const choice = smallestFree(own, free, valueOf) ?? smallestFree(touched, free, valueOf);
    // Nothing left to withhold: the fixed (already public) counts alone determine it.
    if (choice === undefined) break;
    hidden.add(choice);
  }
  return new Map([...hidden].map((id) => [id, 'below_disclosure_threshold' as const]));
}

function smallestFree(lines: readonly (readonly string[])[], free: (id: string) => boolean, valueOf: (id: string) => number): string | undefined {
  let choice: string | undefined;
  for (const line of lines) {
    for (const id of line) if (free(id) && (choice === undefined || valueOf(id) < valueOf(choice))) choice = id;
  }
  return choice;
}

/** A withheld count as an arc of the flow network the lines form. */
interface Arc {
  from: number;
  to: number;
  value: number;
}

interface Network {
  arcs: Map<string, Arc>;
  /** Arcs leaving / entering each node. */
  out: Map<number, string[]>;
  into: Map<number, string[]>;
}

/** Node 0 stands for "outside": the other end of a count that lies on one line only. */
const OUTSIDE = 0;

/**
 * The withheld counts as arcs between lines (nodes 1..). A line's equation, total - parts = 0, is
 * conservation at its node once the line is given a sign: a count in two lines must enter one and
 * leave the other. The released counts are constants and take no part.
 */
function buildNetwork(lines: readonly (readonly string[])[], hidden: ReadonlySet<string>, valueOf: (id: string) => number): Network {
  // Each withheld count: the lines it lies on, with its coefficient there (+1 total, -1 part).
  const on = new Map<string, { line: number; coef: 1 | -1 }[]>();
  lines.forEach((line, l) => {
    line.forEach((id, position) => {
      if (!hidden.has(id)) return;
      const list = on.get(id) ?? [];
      list.push({ line: l, coef: position === 0 ? 1 : -1 });
      on.set(id, list);
    });
  });
  // Sign the lines (2-colouring): a count on lines a and b needs sign(a)*coef(a) = -sign(b)*coef(b).
  const sign = new Map<number, 1 | -1>();
  const neighbours = new Map<number, { line: number; flip: boolean }[]>();
  for (const [id, list] of on) {
    if (list.length > 2) throw new Error(`suppressCounts: ${id} lies on more than two lines; the lines do not form a network`);
    if (list.length === 2) {
      const [a, b] = list as [{ line: number; coef: 1 | -1 }, { line: number; coef: 1 | -1 }];
      // sign(b) = -sign(a) * coef(a) * coef(b)
      const flip = a.coef * b.coef === 1;
      (neighbours.get(a.line) ?? neighbours.set(a.line, []).get(a.line)!).push({ line: b.line, flip });
      (neighbours.get(b.line) ?? neighbours.set(b.line, []).get(b.line)!).push({ line: a.line, flip });
    }
  }
  for (let l = 0; l < lines.length; l++) {
    if (sign.has(l)) continue;
    sign.set(l, 1);
    const queue = [l];
    while (queue.length > 0) {
      const at = queue.pop() as number;
      const s = sign.get(at) as 1 | -1;
      for (const { line, flip } of neighbours.get(at) ?? []) {
        const want: 1 | -1 = flip ? (s === 1 ? -1 : 1) : s;
        const had = sign.get(line);
        if (had === undefined) {
          sign.set(line, want);
          queue.push(line);
        } else if (had !== want) throw new Error('suppressCounts: the lines cannot be signed as a network');
      }
    }
  }
  const network: Network = { arcs: new Map(), out: new Map(), into: new Map() };
  for (const [id, list] of on) {
    // Signed coefficient +1: the arc enters that line's node; -1: it leaves it.
    let from = OUTSIDE;
    let to = OUTSIDE;
    for (const { line, coef } of list) {
      if ((sign.get(line) as number) * coef === 1) to = line + 1;
      else from = line + 1;
    }
    network.arcs.set(id, { from, to, value: valueOf(id) });
    (network.out.get(from) ?? network.out.set(from, []).get(from)!).push(id);
    (network.into.get(to) ?? network.into.set(to, []).get(to)!).push(id);
  }
  return network;
}

/**
 * Whether the withheld count `id` has a single possible value. It can change by one (and so has two
 * values) exactly when a cycle through its arc exists in the residual network: other withheld
 * counts that can all rise, or fall without going below 0, keeping every line's sum. Raising `id`
 * needs a path back from its head to its tail; lowering it (when it is at least 1) a path from its
 * tail to its head. Any other solution differs from the true one by a circulation, which splits
 * into such cycles (conformal decomposition), so the test is exact.
 */
function isPinned(network: Network, id: string): boolean {
  const arc = network.arcs.get(id) as Arc;
  if (reaches(network, id, arc.to, arc.from)) return false;
  return !(arc.value >= 1 && reaches(network, id, arc.from, arc.to));
}

/** A residual path from `start` to `goal` avoiding arc `skip`: arcs forward always, backward when >= 1. */
function reaches(network: Network, skip: string, start: number, goal: number): boolean {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (node === goal) return true;
    const next: number[] = [];
    for (const a of network.out.get(node) ?? []) if (a !== skip) next.push((network.arcs.get(a) as Arc).to);
    for (const a of network.into.get(node) ?? []) {
      const back = network.arcs.get(a) as Arc;
      if (a !== skip && back.value >= 1) next.push(back.from);
    }
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}
