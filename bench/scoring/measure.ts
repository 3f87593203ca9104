/**
 * Interleaved throughput measurement of several scorers in one process: after a warm-up that also
 * sizes each sample, every round times each scorer once, in an order that rotates from round to
 * round, so that a slow period of the shared machine falls on all scorers alike.
 */
import type { ScoringOutput } from '../../src/compiler/index.ts';

/** A scorer with the inputs it is timed on (plain responses, or resources shaped before timing). */
export interface Contestant {
  name: string;
  score: (input: never) => ScoringOutput;
  inputs: readonly unknown[];
  /** Time at least one whole pass over the inputs per sample (so that two scorers see the same responses). */
  wholePasses: boolean;
}

/** Types a contestant's scorer against its inputs, then erases the input type. */
export function contestant<T>(name: string, score: (input: T) => ScoringOutput, inputs: readonly T[], wholePasses = false): Contestant {
  return { name, score, inputs, wholePasses };
}

export interface MeasureOptions {
  rounds: number;
  /** Wanted duration of one timed sample, in seconds. */
  sampleSeconds: number;
  /** Score and band read into the checksum of every result, so no result is dead code. */
  checksumScore: string;
  checksumBand: string;
  log?: (line: string) => void;
}

export interface Measurement {
  name: string;
  /** Responses scored per timed sample (`passes` x `limit`). */
  perSample: number;
  passes: number;
  limit: number;
  /** Responses per CPU second of each round, in round order. */
  throughputs: number[];
  median: number;
  /** Sum of the checksums of every timed result, divided by the responses timed. */
  checksumPerResponse: number;
}

type Loop = (score: (input: unknown) => ScoringOutput, inputs: readonly unknown[], passes: number, limit: number) => number;

/**
 * A timing loop of its own for each contestant: a loop shared by all would see every scorer at
 * one call site, turn megamorphic and slow down whichever scorer came second.
 */
function makeLoop(checksumScore: string, checksumBand: string): Loop {
  const body = `
    let acc = 0;
    for (let p = 0; p < passes; p++) {
      for (let i = 0; i < limit; i++) {
        const out = score(inputs[i]);
        const s = out.scores[${JSON.stringify(checksumScore)}];
        const b = out.bands[${JSON.stringify(checksumBand)}];
        acc += (s === null ? -1 : s) + (b === null ? 0 : b.length);
      }
    }
    return acc;`;
  // Closures of one function literal share their type feedback in V8; a Function of its own does not.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('score', 'inputs', 'passes', 'limit', body) as Loop;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * CPU seconds (user + system) of this process since `start`. On a machine shared with other work,
 * wall-clock time counts the moments another process held the CPU; CPU time does not.
 */
function seconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Measures every contestant; see the module comment for the protocol. */
export function measureInterleaved(contestants: readonly Contestant[], options: MeasureOptions): Measurement[] {
  const state = contestants.map((c) => ({
    contestant: c,
    loop: makeLoop(options.checksumScore, options.checksumBand),
    passes: 1,
    limit: 1,
    throughputs: [] as number[],
    checksum: 0,
    timed: 0,
  }));

  // Warm-up: grow the sample until it lasts a fifth of the wanted duration, then size it.
  for (const s of state) {
    const score = s.contestant.score as (input: unknown) => ScoringOutput;
    const size = s.contestant.inputs.length;
    let limit = Math.min(size, 16);
    let passes = 1;
    for (;;) {
      const start = process.cpuUsage();
      s.loop(score, s.contestant.inputs, passes, limit);
      const elapsed = seconds(start);
      const wanted = options.sampleSeconds / 5;
      if (elapsed >= wanted) {
        const perSecond = (passes * limit) / elapsed;
        const target = Math.max(1, Math.round(perSecond * options.sampleSeconds));
        if (target >= size || s.contestant.wholePasses) {
          s.passes = Math.max(1, Math.round(target / size));
          s.limit = size;
        } else {
          s.passes = 1;
          s.limit = target;
        }
        break;
      }
      if (limit < size) limit = Math.min(size, limit * 2);
      else passes *= 2;
    }
    options.log?.(`warm-up ${s.contestant.name}: ${s.passes} x ${s.limit} responses per sample`);
  }

  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < state.length; k++) {
      const s = state[(round + k) % state.length]!;
      const score = s.contestant.score as (input: unknown) => ScoringOutput;
      const start = process.cpuUsage();
      const checksum = s.loop(score, s.contestant.inputs, s.passes, s.limit);
      const elapsed = seconds(start);
      s.throughputs.push((s.passes * s.limit) / elapsed);
      s.checksum += checksum;
      s.timed += s.passes * s.limit;
    }
    options.log?.(`round ${round + 1}/${options.rounds} done`);
  }

  return state.map((s) => ({
    name: s.contestant.name,
    perSample: s.passes * s.limit,
    passes: s.passes,
    limit: s.limit,
    throughputs: s.throughputs,
    median: median(s.throughputs),
    checksumPerResponse: s.checksum / s.timed,
  }));
}
