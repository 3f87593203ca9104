import type { Actor, Repository, ResearchProject } from '../storage/repository.ts';
import type { ExportDigest } from './export-digest.ts';
import type { ExportMetadata } from './export-metadata.ts';

/** The audit action of every score export, whichever part and wherever it was made. */
export const EXPORT_AUDIT_ACTION = 'export.scores';

export type ExportPart = 'data' | 'metadata' | 'codebook';

/**
 * Appends the audit entry of an export (SPEC 6): the project, what was asked, what the export held,
 * and the SHA-256 of the bytes sent. Never a case id or reference: the entry names the project,
 * not the (possibly millions of) records.
 */
export async function auditExport(
  repo: Repository,
  actor: Actor,
  input: { project: ResearchProject; part: ExportPart; metadata: ExportMetadata; digest: ExportDigest },
): Promise<void> {
  const { project, part, metadata, digest } = input;
  await repo.audit(
    {
      action: EXPORT_AUDIT_ACTION,
      records: [],
      detail: { ...exportFacts(project, part, metadata), sha256: digest.sha256, bytes: digest.bytes, complete: digest.complete },
    },
    actor,
  );
}

/** What both audit rows of a streamed export name: the request, the project, and what it holds. */
function exportFacts(project: ResearchProject, part: ExportPart, metadata: ExportMetadata): Record<string, unknown> {
  return {
    project: { id: project.id, name: project.name, protocol: project.protocol },
    part,
    format: metadata.format,
    layout: metadata.layout,
    filter: metadata.filter,
    k: metadata.anonymization.k,
    cases: metadata.cases,
    administrations: metadata.administrations,
    suppressedCases: metadata.anonymization.suppression.cases,
  };
}

/**
 * The first audit row of a streamed export, committed before its first byte is sent (SPEC 6: no
 * export leaves unaudited). It says `complete: false`: the bytes are not known yet. A busy database
 * makes this throw (`busy`), and the export must then send nothing. `exportId` ties it to the
 * closing row written by {@link auditExportEnded} (audit rows are never updated).
 */
export async function auditExportStarted(
  repo: Repository,
  actor: Actor,
  input: { exportId: string; project: ResearchProject; part: ExportPart; metadata: ExportMetadata },
): Promise<void> {
  await repo.audit(
    {
      action: EXPORT_AUDIT_ACTION,
      records: [],
      detail: { exportId: input.exportId, stage: 'started', ...exportFacts(input.project, input.part, input.metadata), complete: false },
    },
    actor,
  );
}

/**
 * The closing audit row of a streamed export: the SHA-256 and byte count of exactly what was sent,
 * and whether it was all sent, referring to the row {@link auditExportStarted} wrote by `exportId`.
 */
export async function auditExportEnded(
  repo: Repository,
  actor: Actor,
  input: { exportId: string; project: ResearchProject; part: ExportPart; metadata: ExportMetadata; digest: ExportDigest },
): Promise<void> {
  const { digest } = input;
  await repo.audit(
    {
      action: EXPORT_AUDIT_ACTION,
      records: [],
      detail: {
        exportId: input.exportId,
        stage: 'ended',
        ...exportFacts(input.project, input.part, input.metadata),
        sha256: digest.sha256,
        bytes: digest.bytes,
        complete: digest.complete,
      },
    },
    actor,
  );
}
