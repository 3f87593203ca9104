/**
 * Anonymized research export (SPEC 8): pseudonyms keyed per research project, ages and relative
 * days instead of dates, k-anonymous quasi-identifiers, long and wide layouts in CSV and NDJSON
 * with their codebook, streamed in two passes over one consistent read.
 *
 *   request -> prepareScoreExport (score-export.ts)
 *     pass 1: cases -> quasi-identifier counts -> planGeneralization (k-anonymity.ts)
 *     pass 2: administrations -> rows (export-columns.ts; wide: one case at a time -> occasionValue, occasion-value.ts) -> chunks -> digestingStream (export-digest.ts) -> audit
 */
export { prepareScoreExport, scoreExportCodebook, DEFAULT_K, MAX_K } from './score-export.ts';
export type { PreparedScoreExport, ScoreExportDeps, ScoreExportRequest } from './score-export.ts';
export { EXPORT_FORMATS, EXPORT_LAYOUTS, CASE_COLUMNS, LONG_SCORE_COLUMNS, WIDE_CASE_COLUMNS, VERSION_SEPARATOR } from './export-columns.ts';
export type { ExportFormat, ExportLayout } from './export-columns.ts';
export { buildExportCodebook, exportCodebookCsv } from './export-codebook.ts';
export type { ExportCodebook, ExportVariable } from './export-codebook.ts';
export type { ExportMetadata } from './export-metadata.ts';
export { occasionValue, rowValueSource, OCCASION_VALUE_RULE } from './occasion-value.ts';
export type { InformantValue, OccasionValue, OccasionValueSource, RowValueSource } from './occasion-value.ts';
export { digestingStream, createTextDigest } from './export-digest.ts';
export type { ExportDigest } from './export-digest.ts';
export { auditExport, auditExportEnded, auditExportStarted, EXPORT_AUDIT_ACTION } from './export-audit.ts';
export type { ExportPart } from './export-audit.ts';
export { createFileKeyStore, createPseudonymizer, KEY_BYTES } from './pseudonym-keys.ts';
export type { PseudonymKeyStore } from './pseudonym-keys.ts';
export { planGeneralization, generalizeValues, groupKey, DEFAULT_MAX_SUPPRESSED_SHARE } from './k-anonymity.ts';
export type { GeneralizationPlan, GeneralizationStep, QuasiIdentifierCount } from './k-anonymity.ts';
export { createHierarchies, ageBandOf, AGE_BANDS, QUASI_IDENTIFIERS, SUPPRESSED_LEVEL, ANY_LEVEL } from './quasi-identifiers.ts';
export type { Hierarchies, Hierarchy, QuasiIdentifier, QuasiIdentifierValues } from './quasi-identifiers.ts';
export { ageInYears, daysBetween, epochDay } from './relative-time.ts';
export { createZoneHierarchy, TUSCAN_ZONE_AUSL, AUSL_REGION, UNKNOWN_AUSL, UNKNOWN_REGION } from './tuscan-zones.ts';
export type { ZoneHierarchy } from './tuscan-zones.ts';
