import type { AdministrationRecord } from '../../storage/repository.ts';

type ScoresOnTop = Pick<AdministrationRecord['current']['scoring'], 'scores' | 'bands' | 'reasons'>;

/** An administration as the API shows it on a read: the record plus its current scores and bands on top. */
export function withScores<T extends AdministrationRecord>(record: T): T & ScoresOnTop {
  const { scores, bands, reasons } = record.current.scoring;
  return { ...record, scores, bands, reasons };
}

/**
 * What a write (record, amend, void) answers: the administration's header and the scores and bands
 * just computed, without the revision the client has just sent (its responses) nor the stored
 * provenance (rule hashes, grid SHA-256), which `GET /administrations/{id}` (the `Location`) gives.
 * Echoing the revision back tripled the answer's size, and writing it showed in the HTTP
 * benchmark's profile.
 */
export function writeAnswer(record: AdministrationRecord): Omit<AdministrationRecord, 'current'> & ScoresOnTop {
  const { scores, bands, reasons } = record.current.scoring;
  return {
    id: record.id,
    caseId: record.caseId,
    occasion: record.occasion,
    date: record.date,
    grid: record.grid,
    version: record.version,
    informant: record.informant,
    status: record.status,
    revision: record.revision,
    createdAt: record.createdAt,
    scores,
    bands,
    reasons,
  };
}
