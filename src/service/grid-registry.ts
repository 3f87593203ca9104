import { compileGrid } from '../compiler/index.ts';
import type { CompiledGrid } from '../compiler/index.ts';
import { ConflictError, EngineError, GridInvalidError, NotFoundError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { canonicalJson, sha256Hex, validateGrid } from '../grid/index.ts';
import type { Grid } from '../grid/index.ts';
import type { Actor, GridVersionRecord, Repository } from '../storage/repository.ts';
import { checkVersionBump, compareVersionText, diffGrids } from '../versions/index.ts';

/** The outcome of publishing: the stored record and whether this call created it. */
export interface PublishResult {
  record: GridVersionRecord;
  created: boolean;
  compiled: CompiledGrid;
}

/** A stored version that no longer compiles (reported at start-up, never fatal). */
export interface LoadProblem {
  grid: string;
  version: string;
  issues: Issue[];
}

/**
 * The grid versions the service knows: the repository holds them, this compiles each once and
 * caches it by `grid@version` and content hash, and publishes new ones after checking them.
 */
export interface GridRegistry {
  /** Compiles every published and retired version; returns the ones that failed. */
  load(): Promise<LoadProblem[]>;
  /** Every stored version record (drafts included; callers filter). */
  list(): Promise<GridVersionRecord[]>;
  /** The stored record of one version, or null. */
  record(grid: string, version: string): Promise<GridVersionRecord | null>;
  /** The compiled form of a published or retired version; NotFoundError otherwise. */
  compiled(grid: string, version: string): Promise<{ record: GridVersionRecord; compiled: CompiledGrid }>;
  /** Validates, compiles, checks the version bump and stores a definition as published. */
  publish(definition: unknown, actor: Actor): Promise<PublishResult>;
  /** Marks a published version retired (idempotent on a retired one). */
  retire(grid: string, version: string, actor: Actor): Promise<GridVersionRecord>;
  /** The change between two stored versions of a grid. */
  diff(grid: string, from: string, to: string): Promise<unknown>;
}

/**
 * Builds a registry over `repo`. It caches each version's stored record and compiled form: the
 * service is the one process that publishes and retires (SPEC 6), always through this registry,
 * which updates the cache as it writes; so recording an administration reads no definition from
 * the database. The compile cache is keyed by content hash, so a stale entry can never be served.
 *
 * @example
 * const grids = createGridRegistry({ repo });
 * await grids.load();
 * const { compiled } = await grids.compiled('mondo-del-bambino', '1.0.0');
 */
export function createGridRegistry(deps: { repo: Repository }): GridRegistry {
  const { repo } = deps;
  const cache = new Map<string, CompiledGrid>();
  const records = new Map<string, GridVersionRecord>();
  const remember = (record: GridVersionRecord): GridVersionRecord => {
    records.set(`${record.grid}@${record.version}`, record);
    return record;
  };
  const recordOf = async (grid: string, version: string): Promise<GridVersionRecord | null> => {
    const known = records.get(`${grid}@${version}`);
    if (known !== undefined) return known;
    const record = await repo.getGridVersion(grid, version);
    return record === null ? null : remember(record);
  };

  const compileRecord = (record: GridVersionRecord): CompiledGrid => {
    const key = `${record.grid}@${record.version}#${record.sha256}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const compiled = compileGrid(JSON.parse(record.definition) as Grid);
    cache.set(key, compiled);
    return compiled;
  };

  const readable = (record: GridVersionRecord | null): record is GridVersionRecord =>
    record !== null && (record.status === 'published' || record.status === 'retired');

  return {
    async load() {
      const problems: LoadProblem[] = [];
      for (const record of await repo.listGridVersions()) {
        if (!readable(record)) continue;
        try {
          compileRecord(record);
        } catch (error) {
          const issues = error instanceof EngineError ? error.issues : [{ code: 'compile_failed', path: '', message: String(error) }];
          problems.push({ grid: record.grid, version: record.version, issues });
        }
      }
      return problems;
    },

    list: () => repo.listGridVersions(),

    record: recordOf,

    async compiled(grid, version) {
      const record = await recordOf(grid, version);
      if (!readable(record)) throw new NotFoundError('This grid has no published version with this number.');
      return { record, compiled: compileRecord(record) };
    },

    async publish(definition, actor) {
      const check = validateGrid(definition);
      if (!check.ok) throw new GridInvalidError('The grid definition is not valid.', check.issues);
      const grid = check.grid;
      const canonical = canonicalJson(grid);
      const sha256 = sha256Hex(canonical);

      const existing = await recordOf(grid.id, grid.version);
      if (existing && existing.status !== 'draft') {
        if (existing.sha256 !== sha256) {
          throw new ConflictError('This grid version is already published with other content.', [
            { code: 'version_exists', path: '/version', message: 'Publish the change under a new version.' },
          ]);
        }
        return { record: existing, created: false, compiled: compileRecord(existing) };
      }

      const compiled = compileGrid(grid);
      const previous = await highestEarlier(repo, grid.id, grid.version);
      if (previous) {
        const issues = checkVersionBump(JSON.parse(previous.definition) as Grid, grid);
        if (issues.length > 0) {
          throw new GridInvalidError('The version bump does not match the change from the previous published version.', issues);
        }
      }
      const { record, created } = await repo.putGridVersion(
        { grid: grid.id, version: grid.version, definition: canonical, sha256, status: 'published' },
        actor,
      );
      cache.set(`${record.grid}@${record.version}#${record.sha256}`, compiled);
      return { record: remember(record), created, compiled };
    },

    async retire(grid, version, actor) {
      const record = await recordOf(grid, version);
      if (!readable(record)) throw new NotFoundError('This grid has no published version with this number.');
      if (record.status === 'retired') return record;
      return remember(await repo.setGridVersionStatus(grid, version, 'retired', actor));
    },

    async diff(grid, from, to) {
      const [a, b] = await Promise.all([repo.getGridVersion(grid, from), repo.getGridVersion(grid, to)]);
      if (!readable(a)) throw new NotFoundError('The `from` version is not a published version of this grid.');
      if (!readable(b)) throw new NotFoundError('The `to` version is not a published version of this grid.');
      return diffGrids(JSON.parse(a.definition) as Grid, JSON.parse(b.definition) as Grid);
    },
  };
}

/** The highest published (or retired) version of `grid` below `version`. */
async function highestEarlier(repo: Repository, grid: string, version: string): Promise<GridVersionRecord | null> {
  let best: GridVersionRecord | null = null;
  for (const record of await repo.listGridVersions()) {
    if (record.grid !== grid || record.status === 'draft') continue;
    if (compareVersionText(record.version, version) >= 0) continue;
    if (best === null || compareVersionText(record.version, best.version) > 0) best = record;
  }
  return best;
}
