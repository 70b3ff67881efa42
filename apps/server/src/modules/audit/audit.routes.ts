import { AUDIT_AREAS, type AuditArea } from '@luoshi/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { iso, xlsxHeaders, type App } from '../../http/types.ts';
import type { AuditRow } from '../../db/schema.ts';
import { writeSheet } from '../../reports/excel.ts';
import type { AuditService } from './audit.service.ts';
import { isoDateOrTime } from '../../http/input.ts';

const auditSchema = z.object({
  seq: z.number(),
  at: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorOrgUnitId: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  summary: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});

export function presentAudit(r: AuditRow): z.infer<typeof auditSchema> {
  return {
    seq: Number(r.seq),
    at: iso(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorOrgUnitId: r.actor_org_unit_id,
    ip: r.ip,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.request_id,
    hash: r.hash,
  };
}

const filterSchema = z.object({
  actorId: z.uuid().optional(),
  orgUnitId: z.uuid().optional(),
  action: z.string().max(50).optional(),
  area: z.enum(Object.keys(AUDIT_AREAS) as [AuditArea, ...AuditArea[]]).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  from: isoDateOrTime().optional(),
  to: isoDateOrTime().optional(),
});

const EXPORT_MAX = 50_000;

/** The administrator's audit log: filter, page and export. */
export function registerAuditRoutes(app: App, audit: AuditService): void {
  app.get('/api/audit', {
    schema: { tags: ['审计'], summary: '审计日志（管理员）', querystring: pageQuerySchema.extend(filterSchema.shape), response: { 200: z.object({ data: z.array(auditSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await audit.list(actorOf(req), req.query);
      return { data: page.data.map(presentAudit), page: page.page };
    },
  });

  app.get('/api/audit/export', {
    schema: { tags: ['审计'], summary: `导出审计日志 Excel（最多 ${EXPORT_MAX} 条）`, querystring: filterSchema },
    handler: async (req, reply) => {
      const page = await audit.list(actorOf(req), { ...req.query, page: 1, pageSize: EXPORT_MAX });
      const rows = page.data;
      const file = await writeSheet('审计日志', [
        { header: '序号', width: 8, values: rows.map((r) => Number(r.seq)) },
        { header: '时间', width: 22, values: rows.map((r) => new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })) },
        { header: '操作人', width: 14, values: rows.map((r) => r.actor_name) },
        { header: 'IP 地址', width: 16, values: rows.map((r) => r.ip) },
        { header: '操作', width: 20, values: rows.map((r) => r.action) },
        { header: '对象类型', width: 12, values: rows.map((r) => r.entity_type) },
        { header: '对象编号', width: 38, values: rows.map((r) => r.entity_id) },
        { header: '摘要', width: 40, values: rows.map((r) => r.summary) },
        { header: '变更前', width: 40, values: rows.map((r) => (r.before ? JSON.stringify(r.before) : '')) },
        { header: '变更后', width: 40, values: rows.map((r) => (r.after ? JSON.stringify(r.after) : '')) },
        { header: '哈希', width: 20, values: rows.map((r) => r.hash) },
      ]);
      return reply.headers(xlsxHeaders('审计日志.xlsx')).send(file);
    },
  });
}
