import type { AuditArea } from '@luoshi/shared';
import { api, download } from '../../api/client.ts';
import type { AuditEntry, Paged } from '../../api/types.ts';

export interface AuditFilter {
  actorId?: string;
  orgUnitId?: string;
  action?: string;
  /** A business area (账户, 组织, 任务, 督办, 文件, 系统): every action prefix it covers. */
  area?: AuditArea;
  from?: string;
  to?: string;
}

/** The audit log, newest first, filtered and paged (administrators only). */
export const listAudit = (query: AuditFilter & { page?: number; pageSize?: number }, signal?: AbortSignal) =>
  api<Paged<AuditEntry>>('/api/audit', { query: { ...query }, signal });

/** Downloads the filtered audit log as .xlsx. */
export const exportAudit = (filter: AuditFilter) => download('/api/audit/export', { ...filter }, '审计日志.xlsx');
