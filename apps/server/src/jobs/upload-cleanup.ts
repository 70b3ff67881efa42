import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { systemActor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { lockContent, type FileStore } from '../lib/file-store.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import type { JobHandler } from './job-runner.ts';

/** An upload nobody attached within this long is deleted. */
export const PENDING_UPLOAD_TTL_MS = 24 * 3600_000;

interface CleanupDeps {
  db: Kysely<DB>;
  clock: Clock;
  files: FileStore;
  audit: Pick<AuditService, 'record'>;
  logger: Logger;
}

/**
 * Deletes a tenant's pending uploads older than a day: the rows (each audited as removed by the
 * system, in batches of 1,000 per transaction) and then the stored files no other row refers to
 * (storage is by content hash, so the same bytes may belong to a task too).
 */
export async function cleanupPendingUploads(deps: CleanupDeps, tenantId: string): Promise<{ deleted: number; bytes: number; filesRemoved: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - PENDING_UPLOAD_TTL_MS);
  const actor = systemActor(tenantId);
  let deleted = 0;
  let bytes = 0;
  const hashes = new Set<string>();
  for (;;) {
    const batch = await deps.db.transaction().execute(async (tx) => {
      const rows = await tx
        .deleteFrom('attachments')
        .where('tenant_id', '=', tenantId)
        .where(({ eb, selectFrom }) =>
          eb('id', 'in', selectFrom('attachments').select('id').where('tenant_id', '=', tenantId).where('owner_type', '=', 'pending').where('uploaded_at', '<', cutoff).limit(1000)),
        )
        // Bound in the meantime: not pending any more, kept.
        .where('owner_type', '=', 'pending')
        .returning(['id', 'file_name', 'size_bytes', 'sha256', 'uploaded_by', 'uploaded_at'])
        .execute();
      for (const r of rows) {
        await deps.audit.record(tx, actor, {
          action: 'attachment.cleanup',
          entityType: 'attachment',
          entityId: r.id,
          summary: `清理超过一天未使用的上传文件 ${r.file_name}`,
          before: { fileName: r.file_name, size: Number(r.size_bytes), sha256: r.sha256, uploadedBy: r.uploaded_by, uploadedAt: r.uploaded_at },
        });
      }
      return rows;
    });
    for (const r of batch) {
      hashes.add(r.sha256);
      bytes += Number(r.size_bytes);
    }
    deleted += batch.length;
    if (batch.length < 1000) break;
  }
  let filesRemoved = 0;
  for (const sha of hashes) {
    // Under the content's lock: an upload of the same bytes either committed its row before (kept) or stores them again after.
    filesRemoved += await deps.db.transaction().execute(async (tx) => {
      await lockContent(tx, tenantId, sha);
      const used = await tx.selectFrom('attachments').select('id').where('tenant_id', '=', tenantId).where('sha256', '=', sha).limit(1).executeTakeFirst();
      if (used || !deps.files.has(tenantId, sha)) return 0;
      await deps.files.remove(tenantId, sha);
      return 1;
    });
  }
  if (deleted > 0) deps.logger.info({ tenantId, deleted, bytes, filesRemoved }, 'pending uploads older than a day deleted');
  return { deleted, bytes, filesRemoved };
}

/** The job kind that runs the cleanup for one tenant (scheduled hourly by scheduleSupervisionJobs). */
export function uploadJobs(deps: CleanupDeps): JobHandler[] {
  return [{ kind: 'uploads.cleanup', run: async (job) => cleanupPendingUploads(deps, job.tenant_id!) }];
}
