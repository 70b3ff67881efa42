import { LIMITS, safeFileName } from '@luoshi/shared';
import type { Kysely } from 'kysely';
import { unitInScope, type Actor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { EVIDENCE_TYPES, sniffEvidenceType, type FileStore } from '../lib/file-store.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import type { TaskService } from './task.service.ts';

/** Files: uploaded first (pending), then attached by their uploader to a task or a progress report. */
export class AttachmentService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; files: FileStore; tasks: TaskService; audit: Pick<AuditService, 'record'> }) {}

  async upload(actor: Actor, fileName: string, bytes: Buffer): Promise<{ id: string; fileName: string; contentType: string; size: number }> {
    if (actor.readOnly) throw new AppError('FORBIDDEN', '只读令牌不能上传文件');
    if (bytes.length === 0) throw invalid('file', '文件是空的');
    if (bytes.length > LIMITS.uploadBytesMax) throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${LIMITS.uploadBytesMax / 1024 / 1024} MB`);
    // Path separators, control and invisible characters never reach a stored name or a header.
    const name = safeFileName(fileName);
    const type = sniffEvidenceType(bytes, name);
    if (!type) {
      const allowed = [...new Set(Object.values(EVIDENCE_TYPES).flatMap((t) => t.extensions))].join('、');
      throw invalid('file', `不支持的文件类型或文件内容与扩展名不符;可上传 ${allowed}`);
    }
    const sha = await this.deps.files.put(actor.tenantId, bytes);
    return this.deps.db.transaction().execute(async (tx) => {
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
    } else throw notFound('附件');
    return { fileName: a.file_name, contentType: a.content_type, bytes: await this.deps.files.get(actor.tenantId, a.sha256) };
  }
}
