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
      detail: {
        project: { id: project.id, name: project.name, protocol: project.protocol },
        part,
        format: metadata.format,
        layout: metadata.layout,
        filter: metadata.filter,
        k: metadata.anonymization.k,
        cases: metadata.cases,
        administrations: metadata.administrations,
        suppressedCases: metadata.anonymization.suppression.cases,
        sha256: digest.sha256,
        bytes: digest.bytes,
        complete: digest.complete,
      },
    },
    actor,
  );
}
