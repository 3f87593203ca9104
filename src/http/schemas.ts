/**
 * Every JSON Schema of the API in one place: ajv validates request bodies against the request
 * schemas, and the OpenAPI document is built from the same objects, so the two cannot drift.
 * Request schemas are strict (`additionalProperties: false`): fields the server owns (ids, author,
 * timestamps, scores, revision numbers) are refused, never silently dropped.
 */
import { LIVING_SITUATIONS, ROLES } from '../storage/repository.ts';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });

const SLUG = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 };
const VERSION = { type: 'string', pattern: '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$', maxLength: 32 };
const DATE = { type: 'string', format: 'date', description: 'Calendar date `YYYY-MM-DD`.' };
const TEAM_ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' };
const ZONE_ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' };
const OCCASION = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', description: '`T0`, `T1`, `T2`, `FU6`, ...' };
const INFORMANT = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$', description: '`social_worker`, `educator`, `parent`, `team`, ...' };
const TEXT = (max: number): Schema => ({ type: 'string', minLength: 1, maxLength: max });
const TIMESTAMP = { type: 'string', format: 'date-time' };
const STATUS_IN = { type: 'string', enum: ['draft', 'submitted'] };
const RESPONSES = {
  type: 'object',
  description:
    'Item responses keyed by item id; checked against the grid version\'s response schema (`GET /api/v1/grids/{id}/versions/{version}/schema`, also under `components.schemas` as `Responses-<grid>-<version>`).',
};

/** Request bodies, validated by ajv. */
export const REQUEST_SCHEMAS = {
  GridDefinition: {
    type: 'object',
    description: 'A grid version definition in the grid definition language (see `schema/grid.schema.json`).',
  },
  CaseCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['reference', 'birthYearMonth', 'sex'],
    properties: {
      reference: { ...TEXT(64), description: 'Team-chosen reference; never a name.' },
      birthYearMonth: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: '`YYYY-MM`.' },
      sex: { type: 'string', enum: ['F', 'M', 'X'] },
      team: { ...TEAM_ID, description: "Defaults to the operator's team and must match it." },
      zone: { ...ZONE_ID, description: "Defaults to the team's zone and must match it." },
    },
  },
  InterventionCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'start'],
    properties: {
      type: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'A dispositivo code (`410`..`470`) or a configured extension.' },
      start: DATE,
      end: nullable(DATE),
      notes: nullable(TEXT(4000)),
    },
  },
  AdministrationCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['grid', 'version', 'occasion', 'date', 'informant', 'responses', 'status'],
    properties: {
      grid: SLUG,
      version: VERSION,
      occasion: OCCASION,
      date: DATE,
      informant: INFORMANT,
      livingSituation: nullable({ type: 'string', enum: [...LIVING_SITUATIONS] }),
      responses: RESPONSES,
      notes: nullable(TEXT(4000)),
      status: STATUS_IN,
    },
  },
  AmendmentCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['responses', 'reason'],
    properties: {
      responses: RESPONSES,
      reason: TEXT(2000),
      status: { ...STATUS_IN, description: 'May move a draft to submitted; absent keeps the status.' },
      notes: nullable(TEXT(4000)),
    },
  },
  VoidRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: { reason: TEXT(2000) },
  },
  TeamCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'zone'],
    properties: { id: TEAM_ID, zone: ZONE_ID },
  },
  TokenCreate: {
    type: 'object',
    additionalProperties: false,
    required: ['role'],
    properties: {
      role: { type: 'string', enum: [...ROLES] },
      team: { ...TEAM_ID, description: 'Required for operator and coordinator tokens.' },
      project: { ...TEXT(200), description: "Research project name; required for researcher tokens." },
      name: nullable(TEXT(200)),
      expiresDays: { type: 'integer', minimum: 1, maximum: 3650 },
    },
  },
  ExportScoresQuery: {
    type: 'object',
    description: 'Query of `GET /api/v1/exports/scores` (every value a string, as in a URL).',
    additionalProperties: false,
    properties: {
      format: { type: 'string', enum: ['csv', 'ndjson'], description: 'Default `csv`.' },
      layout: { type: 'string', enum: ['long', 'wide'], description: 'Default `long`; `wide` needs `grid`.' },
      grid: SLUG,
      zone: ZONE_ID,
      k: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'Smallest group of cases sharing quasi-identifiers; default 5, may only be raised.' },
      part: { type: 'string', enum: ['data', 'metadata', 'codebook'], description: 'Default `data`.' },
    },
  },
} as const satisfies Record<string, Schema>;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;

const SCORING = {
  type: 'object',
  required: ['scores', 'bands', 'reasons', 'ruleHashes', 'gridSha256', 'engineVersion'],
  properties: {
    scores: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
    bands: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    reasons: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { reason: { type: 'string' }, answered: { type: 'integer' }, required: { type: 'integer' } },
      },
    },
    ruleHashes: { type: 'object', additionalProperties: { type: 'string' } },
    gridSha256: { type: 'string' },
    engineVersion: { type: 'string' },
  },
};

/** Response bodies, for the OpenAPI document. */
export const RESPONSE_SCHEMAS = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', description: 'Stable snake_case code of the problem.' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'detail'],
          properties: {
            pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) into the request body.' },
            parameter: { type: 'string', description: 'Name of the query parameter at fault.' },
            header: { type: 'string', description: 'Name of the request header at fault.' },
            code: { type: 'string' },
            detail: { type: 'string' },
          },
        },
      },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'database'],
    properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, database: { type: 'object' } },
  },
  GridVersionSummary: {
    type: 'object',
    required: ['grid', 'version', 'status', 'sha256'],
    properties: {
      grid: SLUG,
      version: VERSION,
      status: { type: 'string', enum: ['draft', 'published', 'retired'] },
      sha256: { type: 'string' },
      publishedAt: nullable(TIMESTAMP),
      retiredAt: nullable(TIMESTAMP),
    },
  },
  GridList: {
    type: 'object',
    required: ['grids'],
    properties: {
      grids: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'versions'],
          properties: { id: SLUG, title: { type: 'object' }, versions: { type: 'array', items: ref('GridVersionSummary') } },
        },
      },
    },
  },
  Case: {
    type: 'object',
    required: ['id', 'team', 'zone', 'reference', 'birthYearMonth', 'sex', 'createdAt'],
    properties: {
      id: { type: 'string' },
      team: { type: 'string' },
      zone: { type: 'string' },
      reference: { type: 'string' },
      birthYearMonth: { type: 'string' },
      sex: { type: 'string', enum: ['F', 'M', 'X'] },
      createdAt: TIMESTAMP,
    },
  },
  CaseList: { type: 'object', required: ['cases'], properties: { cases: { type: 'array', items: ref('Case') } } },
  Occasion: {
    type: 'object',
    properties: { id: { type: 'string' }, caseId: { type: 'string' }, name: { type: 'string' }, date: { type: 'string' }, livingSituation: nullable({ type: 'string' }) },
  },
  OccasionTiming: {
    type: 'object',
    properties: {
      grid: { type: 'string' },
      version: { type: 'string' },
      occasions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            occasion: { type: 'string' },
            status: { type: 'string', enum: ['on_time', 'early', 'late', 'missed', 'due'] },
            date: nullable({ type: 'string' }),
            expected: nullable({ type: 'object', properties: { date: { type: 'string' }, earliest: { type: 'string' }, latest: { type: 'string' } } }),
          },
        },
      },
    },
  },
  Intervention: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      type: { type: 'string' },
      start: { type: 'string' },
      end: nullable({ type: 'string' }),
      notes: nullable({ type: 'string' }),
      createdAt: TIMESTAMP,
    },
  },
  Revision: {
    type: 'object',
    properties: {
      administrationId: { type: 'string' },
      revision: { type: 'integer' },
      status: { type: 'string', enum: ['draft', 'submitted', 'void'] },
      responses: { type: 'object' },
      scoring: SCORING,
      reason: nullable({ type: 'string' }),
      notes: nullable({ type: 'string' }),
      authorTokenId: { type: 'integer' },
      createdAt: TIMESTAMP,
    },
  },
  Administration: {
    type: 'object',
    required: ['id', 'caseId', 'grid', 'version', 'status', 'revision', 'scores', 'bands'],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      occasion: { type: 'string' },
      date: { type: 'string' },
      grid: { type: 'string' },
      version: { type: 'string' },
      informant: { type: 'string' },
      status: { type: 'string', enum: ['draft', 'submitted', 'void'] },
      revision: { type: 'integer' },
      createdAt: TIMESTAMP,
      current: ref('Revision'),
      scores: { type: 'object', additionalProperties: { type: ['number', 'null'] }, description: 'The current revision\'s scores.' },
      bands: { type: 'object', additionalProperties: { type: ['string', 'null'] }, description: 'The current revision\'s bands.' },
      reasons: { type: 'object' },
      revisions: { type: 'array', items: ref('Revision') },
    },
  },
  CaseDetail: {
    allOf: [
      ref('Case'),
      {
        type: 'object',
        properties: {
          occasions: { type: 'array', items: ref('Occasion') },
          interventions: { type: 'array', items: ref('Intervention') },
          administrations: { type: 'array', items: ref('Administration') },
          occasionTiming: { type: 'array', items: ref('OccasionTiming') },
        },
      },
    ],
  },
  Team: {
    type: 'object',
    required: ['id', 'zone'],
    properties: { id: { type: 'string' }, zone: { type: 'string' }, createdAt: TIMESTAMP },
  },
  TeamList: { type: 'object', required: ['teams'], properties: { teams: { type: 'array', items: ref('Team') } } },
  Token: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      role: { type: 'string', enum: [...ROLES] },
      name: nullable({ type: 'string' }),
      team: nullable({ type: 'string' }),
      project: nullable({ type: 'integer' }),
      createdAt: TIMESTAMP,
      expiresAt: nullable(TIMESTAMP),
      revokedAt: nullable(TIMESTAMP),
    },
  },
  TokenList: { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: ref('Token') } } },
  TokenCreated: {
    type: 'object',
    required: ['token', 'secret'],
    properties: { token: ref('Token'), secret: { type: 'string', description: 'The bearer token; shown only in this response.' } },
  },
  Revoked: { type: 'object', required: ['revoked'], properties: { revoked: { type: 'boolean' } } },
  CaseTrajectory: {
    type: 'object',
    description: 'The trajectory of one case on one grid (SPEC 7); docs/statistics.md gives every formula and option.',
    required: ['caseId', 'grid', 'versions', 'referenceVersion', 'occasions', 'scores', 'options'],
    properties: {
      caseId: { type: 'string' },
      grid: SLUG,
      versions: { type: 'array', items: VERSION, description: 'Versions of the submitted administrations counted.' },
      referenceVersion: { ...VERSION, description: 'The version whose scores, bands and reference values are shown.' },
      occasions: {
        type: 'array',
        items: { type: 'object', properties: { occasion: { type: 'string' }, date: { type: 'string' }, livingSituation: nullable({ type: 'string' }) } },
      },
      scores: {
        type: 'array',
        items: {
          type: 'object',
          required: ['score', 'occasions', 'changes'],
          properties: {
            score: { type: 'string' },
            label: { type: 'object' },
            direction: { type: 'string', enum: ['higher_is_better', 'higher_is_worse'] },
            valueRule: { type: 'string' },
            occasions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  occasion: { type: 'string' },
                  date: { type: 'string' },
                  points: { type: 'array', items: { type: 'object', description: 'One informant: value, band, version.' } },
                  value: { type: ['number', 'null'] },
                  band: { type: ['string', 'null'] },
                  valueSource: { type: ['string', 'null'], enum: ['team', 'mean_of_informants', 'single_informant', null] },
                  agreement: nullable({ type: 'object', description: 'Informant values side by side, range, SD, same band.' }),
                },
              },
            },
            changes: { type: 'array', items: ref('TrajectoryChange') },
            overall: nullable(ref('TrajectoryChange')),
          },
        },
      },
      options: { type: 'object' },
    },
  },
  TrajectoryChange: {
    type: 'object',
    required: ['from', 'to', 'rawChange', 'comparison'],
    properties: {
      from: { type: 'string' },
      to: { type: 'string' },
      rawChange: { type: ['number', 'null'] },
      reliableChange: { type: 'object', description: 'RCI, S_diff, classification and options, or `{value: null, reason}`.' },
      bandTransition: { type: 'object' },
      clinicallySignificant: { type: 'object' },
      versionsDiffer: { type: 'boolean' },
      comparison: ref('ScoreComparison'),
      compared: { type: 'object', description: 'The re-scored values the change was computed from (re-scoring only).' },
    },
  },
  ScoreComparison: {
    type: 'object',
    required: ['comparison', 'versions', 'referenceVersion'],
    properties: {
      comparison: { type: 'string', enum: ['same_version', 'declared_comparable', 'rescored_on_shared_items', 'not_comparable'] },
      versions: { type: 'array', items: VERSION },
      referenceVersion: VERSION,
      sharedItems: { type: 'array', items: { type: 'string' } },
      leftOutItems: { type: 'array', items: { type: 'string' } },
      reason: { type: 'string', enum: ['no_version_chain', 'no_shared_items'] },
    },
  },
  CountFigure: {
    type: 'object',
    required: ['value', 'suppressed'],
    properties: {
      value: { type: ['number', 'null'] },
      suppressed: { type: 'boolean' },
      reason: { type: 'string', description: '`below_disclosure_threshold` for any hidden count, `complementary_suppression` for a test withheld because it would reveal hidden counts, or why it was not computed.' },
    },
  },
  CohortEffectiveness: {
    type: 'object',
    description: 'Cohort statistics (SPEC 7). Never a case id or reference. Suppressed figures are `{value: null, suppressed: true, reason}`.',
    required: ['grid', 'from', 'to', 'cases', 'livingAtTo', 'scores', 'disclosure'],
    properties: {
      grid: SLUG,
      from: { type: 'string' },
      to: { type: 'string' },
      filter: { type: 'object', properties: { zone: { type: 'string' }, team: { type: 'string' }, intervention: { type: 'string' }, informant: { type: 'string' } } },
      versions: { type: 'array', items: VERSION },
      referenceVersion: VERSION,
      cases: ref('CountFigure'),
      livingAtTo: {
        type: 'object',
        properties: {
          occasion: { type: 'string' },
          counts: { type: 'object', additionalProperties: ref('CountFigure') },
          shareWithFamily: ref('CountFigure'),
        },
      },
      scores: {
        type: 'array',
        items: {
          type: 'object',
          required: ['score', 'n', 'disclosure'],
          properties: {
            score: { type: 'string' },
            label: { type: 'object' },
            direction: { type: 'string' },
            n: ref('CountFigure'),
            occasions: { type: 'object' },
            change: { type: 'object' },
            tTest: { type: 'object' },
            dz: { type: 'object' },
            gav: { type: 'object' },
            wilcoxon: { type: 'object' },
            reliableChange: { type: 'object' },
            transitions: { type: 'object' },
            comparisons: { type: 'object' },
            disclosure: { type: 'object', properties: { applied: { type: 'boolean' }, threshold: { type: 'integer' }, suppressed: { type: 'array', items: { type: 'string' } } } },
          },
        },
      },
      options: { type: 'object' },
      disclosure: { type: 'object', properties: { applied: { type: 'boolean' }, threshold: { type: 'integer' }, suppressed: { type: 'array', items: { type: 'string' } } } },
    },
  },
  ExportMetadata: {
    type: 'object',
    description: 'What a record-level extract says about itself: legal status (pseudonymised personal data), project, filter, conventions, and what was generalized and suppressed.',
    required: ['kind', 'legalStatus', 'project', 'format', 'layout', 'filter', 'cases', 'administrations', 'anonymization'],
    properties: {
      kind: { type: 'string', enum: ['record_level_extract'] },
      legalStatus: { type: 'string' },
      project: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' } } },
      format: { type: 'string', enum: ['csv', 'ndjson'] },
      layout: { type: 'string', enum: ['long', 'wide'] },
      filter: { type: 'object', properties: { grid: nullable({ type: 'string' }), zone: nullable({ type: 'string' }) } },
      cases: { type: 'integer' },
      administrations: { type: 'integer' },
      grids: { type: 'array', items: { type: 'object', properties: { grid: { type: 'string' }, version: { type: 'string' } } } },
      pseudonyms: { type: 'string' },
      conventions: { type: 'object' },
      anonymization: {
        type: 'object',
        required: ['k', 'quasiIdentifiers', 'generalized', 'suppression'],
        properties: {
          k: { type: 'integer' },
          procedure: { type: 'string' },
          quasiIdentifiers: { type: 'object', additionalProperties: { type: 'object', properties: { level: { type: 'string' }, levels: { type: 'array', items: { type: 'string' } } } } },
          generalized: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                attribute: { type: 'string', enum: ['zone', 'age', 'sex'] },
                from: { type: 'string' },
                to: { type: 'string' },
                distinctValues: { type: 'integer' },
                casesInSmallGroups: { type: 'integer' },
              },
            },
          },
          suppression: { type: 'object', properties: { cases: { type: 'integer' }, budget: { type: 'integer' }, maxShare: { type: 'number' } } },
          releasedGroups: { type: 'integer' },
          smallestReleasedGroup: nullable({ type: 'integer' }),
        },
      },
    },
  },
  ExportCodebook: {
    type: 'object',
    description: "The export's own columns, then the score and band variables of each grid version (as the grid's codebook names them).",
    required: ['layout', 'variables', 'grids'],
    properties: {
      layout: { type: 'string', enum: ['long', 'wide'] },
      variables: { type: 'array', items: { type: 'object' } },
      grids: { type: 'array', items: { type: 'object' } },
    },
  },
  AnyObject: { type: 'object' },
} as const satisfies Record<string, Schema>;

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
