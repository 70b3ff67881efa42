import { LIMITS, safeFileName } from '@luoshi/shared';
import type { Kysely } from 'kysely';
import { hasRole, unitInScope, type Actor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { contentHash, EVIDENCE_TYPES, lockContent, sniffEvidenceType, type FileStore } from '../lib/file-store.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import type { TaskService } from './task.service.ts';

/**
 * The roles that attach files: supervisors (a task's documents, a 批示件's scan) and liaisons
 * (evidence of a progress report, the plan of a decomposed part). Nobody else has a use for an upload.
 */
/** Deputies attach files to the suggestions they file (issue 13). */
export const ATTACHING_ROLES = ['supervisor', 'liaison', 'deputy'] as const;

/** Per user: how many uploads, and how many bytes, may wait unattached (the nightly cleanup removes them after a day). */
export interface PendingQuota {
  maxFiles: number;
  maxBytes: number;
}

const MB = 1024 * 1024;

/**
 * Files: uploaded first (pending), then attached by their uploader to a task, a progress report or
 * a directive. Pending files count against a per-user quota and are deleted after a day (jobs/upload-cleanup.ts).
 */
/** Answers (returns) when the actor may read the files of the owner, and throws (404) when not. */
export type OwnerCheck = (actor: Actor, ownerId: string) => Promise<void>;

export class AttachmentService {
  /** Owner types other modules attach files to, each with its scope check for downloads. */
  private readonly owners = new Map<string, OwnerCheck>();

  /**
   * A module's owner type (e.g. a campaign's activity) and who may download its files. A stored
   * owner type may add a part after a colon (a suggestion's answer round, `suggestionAnswer:2`):
   * the check registered for the part before it decides.
   */
  registerOwner(ownerType: string, check: OwnerCheck): void {
    this.owners.set(ownerType, check);
  }

  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; files: FileStore; tasks: TaskService; audit: Pick<AuditService, 'record'>; pendingQuota: PendingQuota }) {}

  async upload(actor: Actor, fileName: string, bytes: Buffer): Promise<{ id: string; fileName: string; contentType: string; size: number }> {
    if (actor.readOnly) throw new AppError('FORBIDDEN', '只读令牌不能上传文件');
    if (!hasRole(actor, ...ATTACHING_ROLES)) throw forbidden('只有督查人员、联络员和代表委员可以上传附件');
    if (bytes.length === 0) throw invalid('file', '文件是空的');
    if (bytes.length > LIMITS.uploadBytesMax) throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${LIMITS.uploadBytesMax / 1024 / 1024} MB`);
    // Path separators, control and invisible characters never reach a stored name or a header.
    const name = safeFileName(fileName);
    const type = sniffEvidenceType(bytes, name);
    if (!type) {
      const allowed = [...new Set(Object.values(EVIDENCE_TYPES).flatMap((t) => t.extensions))].join('、');
      throw invalid('file', `不支持的文件类型或文件内容与扩展名不符；可上传 ${allowed}`);
    }
    return this.deps.db.transaction().execute(async (tx) => {
      // The user's row lock makes the quota check and the insert one step against concurrent uploads.
      await tx.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).forUpdate().executeTakeFirst();
      const pending = await tx
        .selectFrom('attachments')
        .select((eb) => [eb.fn.countAll<string>().as('files'), eb.fn.coalesce(eb.fn.sum<string>('size_bytes'), eb.lit(0)).as('bytes')])
        .where('tenant_id', '=', actor.tenantId)
        .where('owner_type', '=', 'pending')
        .where('owner_id', '=', actor.userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      const { maxFiles, maxBytes } = this.deps.pendingQuota;
      const later = '请先在任务、进展或批示件中使用已上传的文件；未使用的文件一天后自动清理';
      if (Number(pending.files) + 1 > maxFiles) throw new AppError('CONFLICT', `待使用的上传文件最多 ${maxFiles} 个，您已上传 ${Number(pending.files)} 个：${later}`, [{ field: 'file', message: `待使用的上传文件最多 ${maxFiles} 个` }]);
      if (Number(pending.bytes) + bytes.length > maxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `待使用的上传文件合计不能超过 ${maxBytes / MB} MB，您已上传 ${(Number(pending.bytes) / MB).toFixed(1)} MB：${later}`, [{ field: 'file', message: `待使用的上传文件合计不能超过 ${maxBytes / MB} MB` }]);
      }
      const sha = contentHash(bytes);
      await lockContent(tx, actor.tenantId, sha);
      await this.deps.files.put(actor.tenantId, bytes, sha);
      const row = await tx
        .insertInto('attachments')
        .values({ tenant_id: actor.tenantId, owner_type: 'pending', owner_id: actor.userId, file_name: name, content_type: type, size_bytes: bytes.length, sha256: sha, uploaded_by: actor.userId, uploaded_at: this.deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'attachment.upload', entityType: 'attachment', entityId: row.id, summary: `上传附件 ${name}`, after: { fileName: name, contentType: type, size: bytes.length, sha256: sha } });
      return { id: row.id, fileName: name, contentType: type, size: bytes.length };
    });
  }

  /** A file the actor may see: their own pending upload, a visible task's attachment, or evidence of a report on a visible task. */
  async download(actor: Actor, id: string): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
    const a = await this.deps.db.selectFrom('attachments').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!a) throw notFound('附件');
    if (a.owner_type === 'pending') {
      if (a.uploaded_by !== actor.userId) throw notFound('附件');
    } else if (a.owner_type === 'progressReport') {
      const report = await this.deps.db.selectFrom('progress_reports').select('task_id').where('tenant_id', '=', actor.tenantId).where('id', '=', a.owner_id).executeTakeFirst();
      if (!report) throw notFound('附件');
      await this.deps.tasks.load(actor, report.task_id);
    } else if (a.owner_type === 'task') {
      await this.deps.tasks.load(actor, a.owner_id);
    } else if (a.owner_type === 'directive') {
      // A 批示件's scan: readable by whoever may read the directive (its issuing unit in scope).
      const d = await this.deps.db.selectFrom('directives').select('unit_id').where('tenant_id', '=', actor.tenantId).where('id', '=', a.owner_id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!d || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, d.unit_id))) throw notFound('附件');
    } else {
      const check = this.owners.get(a.owner_type) ?? this.owners.get(a.owner_type.split(':')[0]!);
      if (!check) throw notFound('附件');
      await check(actor, a.owner_id);
    }
    return { fileName: a.file_name, contentType: a.content_type, bytes: await this.deps.files.get(actor.tenantId, a.sha256) };
  }
}
