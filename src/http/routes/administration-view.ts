import type { AdministrationRecord } from '../../storage/repository.ts';

/** An administration as the API shows it: the record plus its current scores and bands on top. */
export function withScores<T extends AdministrationRecord>(record: T): T & Pick<AdministrationRecord['current']['scoring'], 'scores' | 'bands' | 'reasons'> {
  const { scores, bands, reasons } = record.current.scoring;
  return { ...record, scores, bands, reasons };
}
