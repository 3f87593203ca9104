import { RequestInvalidError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { Actor, CaseRecord, InterventionRecord, Repository } from '../storage/repository.ts';

/**
 * The dispositivi of the 2017 national guidelines (DOMAIN.md), the default intervention types.
 * A deployment extends them through `createApp({ interventionTypes })`.
 */
export const DEFAULT_INTERVENTION_TYPES: Readonly<Record<string, string>> = {
  '410': 'educativa domiciliare e territoriale',
  '420': 'centro diurno / centro socio-educativo',
  '430': 'vicinanza solidale',
  '440': 'gruppi con i genitori e con i bambini',
  '450': 'interventi psicologici e specialistici',
  '460': 'partenariato con servizi educativi e scuola',
  '470': 'sostegno economico',
};

export interface InterventionInput {
  type: string;
  /** `YYYY-MM-DD`. */
  start: string;
  end: string | null;
  notes: string | null;
}

/**
 * Records a dispositivo received by a case (whose scope the caller has checked). Refuses a type
 * outside `types` and an end before the start.
 */
export async function recordIntervention(
  repo: Repository,
  record: CaseRecord,
  input: InterventionInput,
  actor: Actor,
  types: Readonly<Record<string, string>> = DEFAULT_INTERVENTION_TYPES,
): Promise<InterventionRecord> {
  const issues: Issue[] = [];
  if (!Object.hasOwn(types, input.type)) {
    issues.push({ code: 'unknown_intervention_type', path: '/type', message: 'This intervention type is not one of the configured dispositivi.' });
  }
  if (input.end !== null && input.end < input.start) {
    issues.push({ code: 'end_before_start', path: '/end', message: 'The end date comes before the start date.' });
  }
  if (issues.length > 0) throw new RequestInvalidError('The intervention is not valid.', issues);
  return repo.addIntervention(record.id, input, actor);
}
