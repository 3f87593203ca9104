import { NotFoundError } from '../../errors.ts';
import { cohortEffectivenessReport, createComparability, reachOf } from '../../service/index.ts';
import type { CohortFilter } from '../../service/index.ts';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '../../stats/index.ts';
import type { Principal, Repository } from '../../storage/repository.ts';
import { refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import { SLUG_PATTERN, queryParam } from '../params.ts';
import type { ParameterDoc, RouteModule } from '../route-module.ts';

const OCCASION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const TEAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const INTERVENTION_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const INFORMANT_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const THRESHOLD_PATTERN = /^[1-9][0-9]{0,5}$/;

const query = (name: string, description: string, pattern: RegExp, required = false): ParameterDoc => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', pattern: pattern.source },
});

/**
 * `GET /api/v1/cohorts/effectiveness`: cohort statistics of SPEC 7 over the cases in the caller's
 * scope matching the filter: operators their team, coordinators their zone (a team or zone outside
 * it answers 404, as if it did not exist), researchers every case as an anonymous aggregate with
 * disclosure control. Methodologists and admins are refused. Audited as `cohort.read` with the
 * filter applied; never a case id or reference in the body or in the audit entry.
 */
export const cohortRoutes: RouteModule = {
  operations: [
    {
      method: 'get',
      path: '/api/v1/cohorts/effectiveness',
      operationId: 'getCohortEffectiveness',
      tag: 'statistics',
      action: 'cohort.read',
      parameters: [
        query('grid', 'Grid id (slug).', SLUG_PATTERN, true),
        query('from', 'First occasion (e.g. `T0`).', OCCASION_PATTERN, true),
        query('to', 'Second occasion (e.g. `T2`).', OCCASION_PATTERN, true),
        query('zone', 'Only cases of this zone.', TEAM_PATTERN),
        query('team', 'Only cases of this team.', TEAM_PATTERN),
        query('intervention', 'Only cases that received an intervention of this type (`410`..`470` or an extension).', INTERVENTION_PATTERN),
        query('informant', "Only this informant's administrations give a case's value (default: `team` if present, else the mean of the informants).", INFORMANT_PATTERN),
        query('threshold', `Researchers: a disclosure threshold above the configured ${DEFAULT_DISCLOSURE_THRESHOLD} (a lower one is not applied; never below 3).`, THRESHOLD_PATTERN),
      ],
      summary:
        'Per score: n, mean and SD at each occasion and of the change, paired t, d_z and Hedges g_av with 95% CIs, Wilcoxon signed-rank, ' +
        'shares of reliable improvement / no change / deterioration, the band transition matrix with McNemar or Bowker; and the share of ' +
        'cases living with their family at the second occasion. Operators: their team; coordinators: their zone; researchers: every case, ' +
        'anonymous, with figures under the disclosure threshold suppressed.',
      responses: { '200': { description: 'Cohort statistics.', schema: 'CohortEffectiveness' } },
    },
  ],

  mount(app, deps) {
    const comparability = createComparability({ grids: deps.grids });
    app.get('/api/v1/cohorts/effectiveness', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'cohort.read');
      const grid = queryParam(c.req.query('grid'), 'grid', SLUG_PATTERN, true);
      const from = queryParam(c.req.query('from'), 'from', OCCASION_PATTERN, true);
      const to = queryParam(c.req.query('to'), 'to', OCCASION_PATTERN, true);
      const zone = queryParam(c.req.query('zone'), 'zone', TEAM_PATTERN, false);
      const team = queryParam(c.req.query('team'), 'team', TEAM_PATTERN, false);
      const intervention = queryParam(c.req.query('intervention'), 'intervention', INTERVENTION_PATTERN, false);
      const informant = queryParam(c.req.query('informant'), 'informant', INFORMANT_PATTERN, false);
      const requested = queryParam(c.req.query('threshold'), 'threshold', THRESHOLD_PATTERN, false);

      const scope = await scopedFilter(deps.repo, principal, { zone, team });
      const filter: CohortFilter = {
        grid,
        from,
        to,
        ...scope,
        ...(intervention === undefined ? {} : { intervention }),
        ...(informant === undefined ? {} : { informant }),
      };
      // A researcher may raise the threshold, never lower it.
      const threshold = Math.max(DEFAULT_DISCLOSURE_THRESHOLD, requested === undefined ? 0 : Number(requested));
      const report = await cohortEffectivenessReport({ repo: deps.repo, grids: deps.grids, comparability }, filter, { role: principal.role, threshold });
      await deps.repo.audit(
        { action: 'cohort.read', records: [], detail: { ...filter, disclosure: report.disclosure.applied, threshold: report.disclosure.threshold } },
        actorOf(principal),
      );
      return c.json(report);
    });
  },
};

/**
 * The team and zone filter the principal may ask for: the requested one narrowed to its reach. A
 * team or zone outside the reach, or a token without a team, answers 404 (scoping fails closed).
 */
async function scopedFilter(
  repo: Repository,
  principal: Principal,
  requested: { zone: string | undefined; team: string | undefined },
): Promise<{ zone?: string; team?: string }> {
  const outside = (): never => {
    throw new NotFoundError('No such cohort in your scope.');
  };
  const reach = reachOf(principal, 'cohort.read');
  switch (reach) {
    case 'none':
      return outside();
    case 'all':
      return { ...(requested.zone === undefined ? {} : { zone: requested.zone }), ...(requested.team === undefined ? {} : { team: requested.team }) };
    case 'team': {
      if (principal.team === null) return outside();
      if (requested.team !== undefined && requested.team !== principal.team) return outside();
      if (requested.zone !== undefined && requested.zone !== principal.zone) return outside();
      return { team: principal.team };
    }
    case 'zone': {
      if (principal.zone === null) return outside();
      if (requested.zone !== undefined && requested.zone !== principal.zone) return outside();
      if (requested.team !== undefined) {
        const found = await repo.getTeam(requested.team);
        if (found === null || found.zone !== principal.zone) return outside();
        return { zone: principal.zone, team: requested.team };
      }
      return { zone: principal.zone };
    }
  }
}
