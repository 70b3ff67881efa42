import { api, download } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import type { BulletinBody, BulletinFigures } from '@luoshi/shared';

export type { BulletinBody, BulletinFigures, RankedUnit } from '@luoshi/shared';

export const CADENCE_PERIODS = ['week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year'] as const;
export const CADENCE_ACTIONS = ['bulletin', 'coordination', 'review', 'site_visit', 'duty_report', 'custom'] as const;
export type CadencePeriod = (typeof CADENCE_PERIODS)[number];
export type CadenceAction = (typeof CADENCE_ACTIONS)[number];
export type OccurrenceStatus = 'planned' | 'prepared' | 'done' | 'skipped';

/** A cadence rule as GET /api/rhythm/rules answers it. */
export interface CadenceRule {
  id: string;
  name: string;
  period: CadencePeriod;
  periodLabel: string;
  anchor: 'day' | 'workday';
  anchorDays: number;
  action: CadenceAction;
  actionLabel: string;
  actionName: string;
  scopeUnit: { id: string; name: string };
  ownerUnit: { id: string; name: string };
  ownerUserName: string | null;
  remindWorkdays: number;
  startsOn: string;
  active: boolean;
  preset: string | null;
  nextDue: string | null;
  doneCount: number;
  canManage: boolean;
}

export interface RuleInput {
  name: string;
  period: CadencePeriod;
  anchor: 'day' | 'workday';
  anchorDays: number;
  action: CadenceAction;
  actionLabel?: string | undefined;
  scopeUnitId: string;
  remindWorkdays?: number | undefined;
}

export interface Occurrence {
  id: string;
  ruleId: string;
  ruleName: string;
  action: CadenceAction;
  actionName: string;
  periodKey: string;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: OccurrenceStatus;
  heldOn: string | null;
  record: string;
  material: { summary?: { completed: number; onTimeRate: number | null; overdue: number } } | null;
  bulletinId: string | null;
  bulletinStatus: 'draft' | 'published' | null;
  meetingId: string | null;
}

export interface BulletinRow {
  id: string;
  period: string;
  periodLabel: string;
  title: string;
  docNumber: string;
  status: 'draft' | 'published';
  scopeUnit: { id: string; name: string };
  generatedAt: string | null;
  publishedAt: string | null;
}

export interface Bulletin extends BulletinRow {
  figures: BulletinFigures;
  body: BulletinBody;
  issuer: string;
  occurrenceId: string | null;
  policies: { canEdit: boolean };
}

export const listRules = (signal?: AbortSignal) => api<{ data: CadenceRule[] }>('/api/rhythm/rules', { signal }).then((r) => r.data);
export const createRule = (input: RuleInput) => api<{ id: string }>('/api/rhythm/rules', { method: 'POST', body: input });
export const ruleFromCadence = (cadenceId: string) => api<{ id: string }>('/api/rhythm/rules/from-cadence', { method: 'POST', body: { cadenceId } });
export const addDefaultRules = () => api<{ added: number }>('/api/rhythm/rules/defaults', { method: 'POST' });
export const setRuleActive = (id: string, active: boolean) => api<{ ok: true }>(`/api/rhythm/rules/${id}`, { method: 'PATCH', body: { active } });
export const listOccurrences = (filter: { open: boolean; dueBy?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<Occurrence>>('/api/rhythm/occurrences', { query: { status: filter.open ? 'planned,prepared' : undefined, dueBy: filter.dueBy, page: filter.page, pageSize: filter.pageSize }, signal });
export const prepareOccurrence = (id: string) => api<{ bulletinId: string | null }>(`/api/rhythm/occurrences/${id}/prepare`, { method: 'POST' });
export const recordOccurrence = (id: string, input: { status: 'done' | 'skipped'; heldOn?: string | undefined; record: string }) => api<{ ok: true }>(`/api/rhythm/occurrences/${id}/record`, { method: 'PUT', body: input });
export const listBulletins = (filter: { page: number; pageSize: number }, signal?: AbortSignal) => api<Paged<BulletinRow>>('/api/bulletins', { query: filter, signal });
export const generateBulletin = (input: { period: string; scopeUnitId?: string | undefined }) => api<Bulletin>('/api/bulletins', { method: 'POST', body: input });
export const getBulletin = (id: string, signal?: AbortSignal) => api<Bulletin>(`/api/bulletins/${id}`, { signal });
export const editBulletin = (id: string, input: { title?: string; docNumber?: string; body?: Partial<BulletinBody> }) => api<Bulletin>(`/api/bulletins/${id}`, { method: 'PUT', body: input });
export const regenerateBulletin = (id: string) => api<Bulletin>(`/api/bulletins/${id}/regenerate`, { method: 'POST', body: {} });
export const publishBulletin = (id: string) => api<Bulletin & { notified: number }>(`/api/bulletins/${id}/publish`, { method: 'POST' });
export const downloadBulletinDocx = (id: string) => download(`/api/bulletins/${id}/document.docx`, undefined, 'bulletin.docx');
