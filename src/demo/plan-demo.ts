import type { Grid } from '../grid/index.ts';
import type { AdministrationInput, InterventionInput } from '../service/index.ts';
import { addMonths } from '../service/index.ts';
import { compareVersionText } from '../versions/index.ts';
import type { LivingSituation, Sex } from '../storage/index.ts';
import { addDays, daysBetween, earlier, later } from './dates.ts';
import { buildResponseModel, generateResponses } from './generate-responses.ts';
import type { ResponseModel } from './generate-responses.ts';
import { createRandom } from './random.ts';
import type { Random } from './random.ts';
import type { DemoTeam } from './zones.ts';

/** A grid the demo administers, with its published versions (any order). */
export interface DemoGrid {
  id: string;
  versions: readonly Grid[];
}

export interface DemoPlanOptions {
  seed: string;
  cases: number;
  /** `YYYY-MM-DD`: every date falls on or before it, intakes over the two years before it. */
  today: string;
  teams: readonly DemoTeam[];
  grids: readonly DemoGrid[];
}

/** A case's intake: drawn for every case first (cheaply), so that references follow intake order. */
export interface PlannedIntake {
  /** Which case of the seed this is (its random streams are named after it). */
  n: number;
  team: DemoTeam;
  /** T0 date. */
  t0: string;
  /** Team-chosen reference, never a name: `FI-2025-0042`. */
  reference: string;
}

/** One case to open, with everything recorded for it, in the order it is recorded. */
export interface PlannedCase extends PlannedIntake {
  birthYearMonth: string;
  sex: Sex;
  administrations: AdministrationInput[];
  interventions: InterventionInput[];
}

/**
 * The demo's cases in intake order, each planned in full only when asked for, so that a large
 * `--cases` keeps memory flat.
 */
export interface DemoPlan {
  intakes: readonly PlannedIntake[];
  planCase(intake: PlannedIntake): PlannedCase;
}

/** Days of intakes before `today`: the demo spans two years of a service's work. */
const INTAKE_WINDOW_DAYS = 730;

const INFORMANT_BIAS: Readonly<Record<string, number>> = {
  social_worker: -0.1,
  educator: 0.15,
  psychologist: -0.05,
  team: 0,
};

/**
 * Dispositivi (DOMAIN.md) with how often a case receives each and how much, on average, it adds to
 * the case's improvement (illustrative figures, not findings).
 */
const DISPOSITIVI: readonly { type: string; weight: number; effect: number }[] = [
  { type: '410', weight: 6, effect: 0.12 },
  { type: '420', weight: 2, effect: 0.05 },
  { type: '430', weight: 3, effect: 0.1 },
  { type: '440', weight: 4, effect: 0.08 },
  { type: '450', weight: 3, effect: 0.05 },
  { type: '460', weight: 3, effect: 0.05 },
  { type: '470', weight: 2, effect: 0.03 },
];

const OUT_OF_HOME: readonly (readonly [LivingSituation, number])[] = [
  ['kinship_care', 35],
  ['foster_family', 40],
  ['residential_community', 25],
];

/** The latent course of one case: its level at each occasion held, and how the case is lived. */
interface CaseCourse {
  t0: string;
  ageMonthsAtT0: number;
  occasions: { name: string; date: string; level: number; living: LivingSituation }[];
}

/**
 * Plans the whole demo from a seed: a pure function of its options, so that the same seed, number
 * of cases and day give the same data. Each case draws from its own streams (`intake/<n>`,
 * `case/<n>`), so that planning one case never depends on another.
 *
 * A case has a latent level (SD units, 0 = adequate) that starts below adequate and changes by T2
 * by a normal amount with a positive mean (dispositivi add a little), so that most cases improve
 * and some deteriorate; T1 sits about half-way. Each informant sees the level through a bias of
 * its role and its own noise.
 *
 * @example
 * const plan = planDemo({ seed: 'griglie', cases: 300, today: '2026-03-01', teams: DEMO_TEAMS, grids });
 * for (const intake of plan.intakes) record(plan.planCase(intake));
 */
export function planDemo(options: DemoPlanOptions): DemoPlan {
  const root = createRandom(options.seed);
  const grids = options.grids.map((grid) => planGridVersions(grid, options.today, root));
  const drawn = Array.from({ length: options.cases }, (_, n) => {
    const random = root.fork(`intake/${n}`);
    const team = random.weighted(options.teams.map((t) => [t, t.weight] as const));
    return { n, team, t0: addDays(options.today, -random.int(7, INTAKE_WINDOW_DAYS)) };
  });
  drawn.sort((a, b) => (a.t0 < b.t0 ? -1 : a.t0 > b.t0 ? 1 : a.n - b.n));

  // References count a team's intakes per year, in intake order: FI-2025-0001, FI-2025-0002, ...
  const counters = new Map<string, number>();
  const intakes = drawn.map((intake): PlannedIntake => {
    const year = intake.t0.slice(0, 4);
    const key = `${intake.team.id}/${year}`;
    const next = (counters.get(key) ?? 0) + 1;
    counters.set(key, next);
    return { ...intake, reference: `${intake.team.prefix}-${year}-${String(next).padStart(4, '0')}` };
  });
  return {
    intakes,
    planCase: (intake) => planCase(intake, options.today, grids, root.fork(`case/${intake.n}`)),
  };
}

/** A grid's versions oldest first, each with the day from which new cases use it. */
interface PlannedGrid {
  id: string;
  versions: { model: ResponseModel; from: string }[];
  /** The occasions the grid declares; null when it declares none (then every occasion). */
  occasions: Set<string> | null;
  domains: string[];
}

/**
 * Versions are adopted at even steps over most of the intake window: with two versions of
 * `mondo-del-bambino`, cases taken in during the first ten months or so use 1.0.0 throughout and
 * later ones 1.1.0 (a case keeps its version so that its trajectory compares like with like).
 */
function planGridVersions(grid: DemoGrid, today: string, root: Random): PlannedGrid {
  const sorted = [...grid.versions].sort((a, b) => compareVersionText(a.version, b.version));
  const start = addDays(today, -INTAKE_WINDOW_DAYS);
  // Adoptions end some months before today, so that cases on the newest version also reach T2.
  const step = Math.floor((INTAKE_WINDOW_DAYS * 0.8) / Math.max(1, sorted.length));
  const versions = sorted.map((definition, i) => ({
    model: buildResponseModel(definition, root.fork(`items/${definition.id}@${definition.version}`)),
    from: i === 0 ? '0000-01-01' : addDays(start, i * step),
  }));
  const latest = sorted[sorted.length - 1];
  const declared = latest?.occasions ?? [];
  const domains = latest?.sections.map((section) => section.id) ?? [];
  return { id: grid.id, versions, occasions: declared.length > 0 ? new Set(declared.map((o) => o.id)) : null, domains };
}

function planCase(intake: PlannedIntake, today: string, grids: readonly PlannedGrid[], random: Random): PlannedCase {
  const sex = random.weighted<Sex>([
    ['F', 48],
    ['M', 51],
    ['X', 1],
  ]);
  const interventionTypes = pickDispositivi(random);
  const course = planCourse(intake.t0, today, interventionTypes, random);
  const birthYearMonth = addMonths(course.t0, -course.ageMonthsAtT0).slice(0, 7);

  // Per case: how it fares on each side of each grid, how much potential lies above what is
  // expressed, and how each role tends to see it.
  const domainOffsets = new Map(grids.map((g) => [g.id, Object.fromEntries(g.domains.map((d) => [d, random.normal(0, 0.35)]))]));
  const potentialGap = Math.abs(random.normal(0.5, 0.3));
  const bias = Object.fromEntries(Object.entries(INFORMANT_BIAS).map(([who, b]) => [who, b + random.normal(0, 0.15)]));

  const administrations: AdministrationInput[] = [];
  for (const occasion of course.occasions) {
    const informants = pickInformants(random);
    const ageYears = Math.floor((course.ageMonthsAtT0 + monthsBetween(course.t0, occasion.date)) / 12);
    // The social worker records first, on the occasion's date; colleagues within ten days.
    const dates = informants.map((_, i) => (i === 0 ? occasion.date : earlier(addDays(occasion.date, random.int(0, 10)), today)));
    for (const grid of grids) {
      if (grid.occasions !== null && !grid.occasions.has(occasion.name)) continue;
      const model = versionFor(grid, course.t0);
      informants.forEach((informant, i) => {
        const responses = generateResponses(
          model,
          {
            level: occasion.level + (bias[informant] ?? 0),
            potentialGap,
            domainOffsets: domainOffsets.get(grid.id) ?? {},
            noise: informant === 'team' ? 0.35 : 0.55,
            ageYears,
            missingRate: 0.03,
            skipRate: 0.02,
          },
          random,
        );
        administrations.push({
          grid: grid.id,
          version: model.version,
          occasion: occasion.name,
          date: dates[i] ?? occasion.date,
          informant,
          livingSituation: occasion.living,
          responses,
          notes: null,
          status: 'submitted',
        });
      });
    }
  }

  const t2 = course.occasions.find((o) => o.name === 'T2');
  const interventions = interventionTypes.map((type): InterventionInput => {
    const start = earlier(addDays(course.t0, random.int(0, 45)), today);
    let end: string | null = null;
    if (t2 !== undefined && random.chance(0.6)) {
      end = later(start, earlier(addDays(t2.date, random.int(-20, 10)), today));
    } else if (random.chance(0.25)) {
      const early = addDays(start, random.int(120, 270));
      if (early <= today) end = early;
    }
    return { type, start, end, notes: null };
  });

  return { ...intake, birthYearMonth, sex, administrations, interventions };
}

/** One to three distinct dispositivi, the common ones more often. */
function pickDispositivi(random: Random): string[] {
  const count = random.weighted([
    [1, 4],
    [2, 4],
    [3, 2],
  ]);
  const chosen: string[] = [];
  while (chosen.length < count) {
    const type = random.weighted(DISPOSITIVI.filter((d) => !chosen.includes(d.type)).map((d) => [d.type, d.weight] as const));
    chosen.push(type);
  }
  return chosen.sort();
}

/**
 * Age at intake, the latent level at T0, T1 and T2, which occasions were held (T1 mostly on
 * time, some late, a few missed; T2 not yet due for recent intakes, some cases dropped out), and
 * where the child lives at each (removals rarer, and returns home likelier, as the case improves).
 */
function planCourse(t0: string, today: string, interventionTypes: readonly string[], random: Random): CaseCourse {
  const ageYears = random.weighted([
    [random.int(0, 2), 20],
    [random.int(3, 5), 22],
    [random.int(6, 10), 35],
    [random.int(11, 17), 23],
  ]);
  const ageMonthsAtT0 = ageYears * 12 + random.int(0, 11);

  const level0 = random.normal(-1, 0.7);
  const effect = interventionTypes.reduce((sum, type) => sum + (DISPOSITIVI.find((d) => d.type === type)?.effect ?? 0), 0);
  const change = random.normal(0.45, 0.6) + effect;
  const level1 = level0 + change * 0.5 + random.normal(0, 0.2);
  const level2 = level0 + change;

  const removedAtT0 = random.chance(Math.min(0.6, 0.15 + Math.max(0, -level0 - 1) * 0.25));
  let living: LivingSituation = removedAtT0 ? random.weighted(OUT_OF_HOME) : 'family';
  const occasions: CaseCourse['occasions'] = [{ name: 'T0', date: t0, level: level0, living }];

  const nextLiving = (level: number): LivingSituation => {
    const gain = level - level0;
    if (living === 'family') return random.chance(0.02 + Math.max(0, -gain) * 0.3) ? random.weighted(OUT_OF_HOME) : 'family';
    return random.chance(0.1 + Math.max(0, gain) * 0.4) ? 'family' : living;
  };

  const t1Timing = random.weighted([
    ['on_time', 75],
    ['late', 15],
    ['missed', 10],
  ] as const);
  const t1Offset = t1Timing === 'late' ? random.int(35, 100) : Math.max(-28, Math.min(28, Math.round(random.normal(0, 10))));
  const t1 = addDays(addMonths(t0, 6), t1Offset);
  if (t1Timing !== 'missed' && t1 <= today) {
    living = nextLiving(level1);
    occasions.push({ name: 'T1', date: t1, level: level1, living });
  }

  const dropout = random.chance(change < 0 ? 0.22 : 0.1);
  const t2Offset = random.chance(0.85) ? Math.max(-40, Math.min(40, Math.round(random.normal(0, 15)))) : random.int(50, 120);
  const t2 = addDays(addMonths(t0, 12), t2Offset);
  const lastDate = occasions[occasions.length - 1]?.date ?? t0;
  if (!dropout && t2 <= today && t2 > lastDate) {
    living = nextLiving(level2);
    occasions.push({ name: 'T2', date: t2, level: level2, living });
  }
  return { t0, ageMonthsAtT0, occasions };
}

/** The social worker always; an educator usually, a psychologist often; sometimes a team consensus. */
function pickInformants(random: Random): string[] {
  const informants = ['social_worker'];
  if (random.chance(0.8)) informants.push('educator');
  if (random.chance(0.5)) informants.push('psychologist');
  if (informants.length === 1) informants.push(random.chance(0.6) ? 'educator' : 'psychologist');
  if (random.chance(0.2)) informants.push('team');
  return informants;
}

/** The version a case uses: the latest adopted by its intake date. */
function versionFor(grid: PlannedGrid, t0: string): ResponseModel {
  let chosen = grid.versions[0];
  for (const version of grid.versions) if (version.from <= t0) chosen = version;
  if (chosen === undefined) throw new Error(`grid ${grid.id} has no version`);
  return chosen.model;
}

function monthsBetween(from: string, to: string): number {
  return Math.floor(daysBetween(from, to) / 30.44);
}
