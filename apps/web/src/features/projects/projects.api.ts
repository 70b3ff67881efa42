import type { ProjectReportInput } from '@luoshi/shared';
import type { Attachment } from '../../api/types.ts';
import { api, download } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';

export const PROJECT_STAGES = ['planning', 'signed', 'started', 'building', 'completed', 'producing'] as const;
export const MILESTONE_STAGES = ['signed', 'started', 'building', 'completed', 'producing'] as const;
export const PROJECT_KINDS = ['industry', 'infrastructure', 'livelihood', 'ecology', 'other'] as const;
export const PROJECT_LEVELS = ['province', 'city', 'district'] as const;
export const PROJECT_LIGHTS = ['red', 'yellow', 'green'] as const;

export type ProjectStage = (typeof PROJECT_STAGES)[number];
export type MilestoneStage = (typeof MILESTONE_STAGES)[number];
export type ProjectKind = (typeof PROJECT_KINDS)[number];
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];
export type ProjectLight = (typeof PROJECT_LIGHTS)[number];

/** A key project as GET /api/projects/:id answers it (amounts in 万元). */
export interface Project {
  id: string;
  code: string;
  name: string;
  kind: ProjectKind;
  industry: string | null;
  level: ProjectLevel;
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  ownerCompany: string | null;
  totalInvestment: number;
  leadUnit: { id: string; name: string };
  leaderName: string | null;
  stage: ProjectStage;
  startYear: number;
  tags: string[];
  light: ProjectLight;
  lightReason: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface ProjectRow extends Project {
  yearPlanned: number;
  yearInvested: number;
  lastPeriod: string | null;
}

export interface ProjectReport {
  id: string;
  period: string;
  invested: number;
  cumulative: number;
  progress: string;
  nextPlan: string;
  late: boolean;
  reporterName: string | null;
  reportedAt: string | null;
  /** Photos and files of progress on site. */
  attachments: Attachment[];
}

export interface ProjectProblem {
  id: string;
  description: string;
  period: string | null;
  taskId: string | null;
  taskStatus: string | null;
  taskLight: string | null;
  createdAt: string | null;
}

export interface ProjectDetail {
  project: Project;
  milestones: { stage: MilestoneStage; plannedDate: string | null; actualDate: string | null }[];
  yearPlans: { year: number; planned: number }[];
  reports: ProjectReport[];
  reportCount: number;
  problems: ProjectProblem[];
  policies: { canEdit: boolean; canReport: boolean; canAssign: boolean };
  /** The newest month whose report is due; null while the project owes none yet. */
  duePeriod: string | null;
  /** The lead the project came from, with its log. */
  lead: { id: string; company: string; signedOn: string | null; signedAmount: number | null; visits: LeadVisit[] } | null;
}

/** The filters of the project list, kept in the address. */
export interface ProjectFilter {
  q?: string | undefined;
  stage?: ProjectStage | undefined;
  kind?: ProjectKind | undefined;
  light?: ProjectLight | undefined;
  unitId?: string | undefined;
  /** Only projects whose newest due monthly report is not in. */
  due?: boolean | undefined;
  /** Projects carrying this tag. */
  tag?: string | undefined;
  /** Projects carrying any tag of this dictionary group. */
  tagGroupId?: string | undefined;
}

export interface ProjectInput {
  code: string;
  name: string;
  kind: ProjectKind;
  industry?: string | null;
  level: ProjectLevel;
  address?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  ownerCompany?: string | null;
  totalInvestment: number;
  leadUnitId: string;
  leaderName?: string | null;
  startYear: number;
  tags?: string[];
  milestones?: { stage: MilestoneStage; plannedDate?: string | null; actualDate?: string | null }[];
  yearPlans?: { year: number; planned: number }[];
}


export const listProjects = (filter: ProjectFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<ProjectRow>>('/api/projects', { query: { ...projectQuery(filter), page: filter.page, pageSize: filter.pageSize }, signal });

const projectQuery = (filter: ProjectFilter) => ({ q: filter.q?.trim() || undefined, stage: filter.stage, kind: filter.kind, light: filter.light, unitId: filter.unitId, due: filter.due ? 'true' : undefined, tag: filter.tag, tagGroupId: filter.tagGroupId });
export const exportProjects = (filter: ProjectFilter) => download('/api/projects/export', projectQuery(filter), 'projects.xlsx');
export function importProjects(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { created: number } }>('/api/projects/import', { method: 'POST', body: form });
}

export const getProject = (id: string, signal?: AbortSignal) => api<ProjectDetail>(`/api/projects/${id}`, { signal });
export const createProject = (input: ProjectInput) => api<ProjectDetail>('/api/projects', { method: 'POST', body: input });
export const updateProject = (id: string, input: Partial<ProjectInput>) => api<ProjectDetail>(`/api/projects/${id}`, { method: 'PATCH', body: input });
export const reachMilestone = (id: string, stage: MilestoneStage, actualDate: string) => api<ProjectDetail>(`/api/projects/${id}/milestones`, { method: 'POST', body: { stage, actualDate } });
export const deleteProject = (id: string) => api<{ ok: true }>(`/api/projects/${id}`, { method: 'DELETE' });
export const submitProjectReport = (id: string, input: ProjectReportInput) => api<{ reportId: string; late: boolean; project: ProjectDetail }>(`/api/projects/${id}/reports`, { method: 'POST', body: input });
export const assignProblem = (projectId: string, problemId: string, input: { leadUnitIds: string[]; deadline: string }) =>
  api<{ taskId: string }>(`/api/projects/${projectId}/problems/${problemId}/assign`, { method: 'POST', body: input });

export const LEAD_STAGES = ['talking', 'signed', 'landed', 'started', 'producing'] as const;
export const VISIT_KINDS = ['visit', 'talk', 'call', 'other'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export type VisitKind = (typeof VISIT_KINDS)[number];

/** An investment-attraction lead (amounts in 万元). */
export interface Lead {
  id: string;
  company: string;
  industry: string | null;
  intendedInvestment: number;
  source: string | null;
  stage: LeadStage;
  unit: { id: string; name: string };
  person: string | null;
  nextStep: string | null;
  signedOn: string | null;
  signedAmount: number | null;
  fundsInPlace: number;
  projectId: string | null;
  updatedAt: string | null;
}

export interface LeadRow extends Lead {
  visitCount: number;
  lastVisit: string | null;
}

export interface LeadVisit {
  id: string;
  visitedOn: string;
  kind: VisitKind;
  summary: string;
  recorderName: string | null;
  recordedAt: string | null;
}

export interface LeadDetail {
  lead: Lead;
  visits: LeadVisit[];
  project: { id: string; code: string; name: string } | null;
  policies: { canEdit: boolean; canConvert: boolean };
}

export interface LeadInput {
  company: string;
  industry?: string | null;
  intendedInvestment?: number;
  source?: string | null;
  stage?: LeadStage;
  unitId: string;
  person?: string | null;
  nextStep?: string | null;
  signedOn?: string | null;
  signedAmount?: number | null;
  fundsInPlace?: number;
}

export interface QuotaRow {
  unitId: string;
  unitName: string;
  quota: { signedProjects: number; signedAmount: number; fundsInPlace: number };
  done: { signedProjects: number; signedAmount: number; fundsInPlace: number };
}

export interface LeadFilter {
  q?: string | undefined;
  stage?: LeadStage | undefined;
  unitId?: string | undefined;
}

export const listLeads = (filter: LeadFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<LeadRow>>('/api/leads', { query: { q: filter.q?.trim() || undefined, stage: filter.stage, unitId: filter.unitId, page: filter.page, pageSize: filter.pageSize }, signal });
export const getLead = (id: string, signal?: AbortSignal) => api<LeadDetail>(`/api/leads/${id}`, { signal });
export const deleteLead = (id: string) => api<{ ok: true }>(`/api/leads/${id}`, { method: 'DELETE' });
export const createLead = (input: LeadInput) => api<LeadDetail>('/api/leads', { method: 'POST', body: input });
export const updateLead = (id: string, input: Partial<LeadInput>) => api<LeadDetail>(`/api/leads/${id}`, { method: 'PATCH', body: input });
export const addLeadVisit = (id: string, input: { visitedOn: string; kind: VisitKind; summary: string }) => api<LeadDetail>(`/api/leads/${id}/visits`, { method: 'POST', body: input });
export const convertLead = (id: string, input: { code: string; name: string; kind: ProjectKind; level: ProjectLevel; totalInvestment?: number }) =>
  api<{ projectId: string }>(`/api/leads/${id}/convert`, { method: 'POST', body: input });
export const listQuotas = (year: number, signal?: AbortSignal) => api<{ data: QuotaRow[] }>('/api/leads/quotas', { query: { year }, signal }).then((r) => r.data);
export const setQuota = (input: { unitId: string; year: number; signedProjects: number; signedAmount: number; fundsInPlace: number }) => api<{ ok: true }>('/api/leads/quotas', { method: 'PUT', body: input });


/** GET /api/projects/dashboard: the figures of the project dashboard (amounts in 万元). */
export interface ProjectDashboard {
  year: number;
  yearPlanned: number;
  yearInvested: number;
  months: { period: string; planned: number; invested: number; plannedCumulative: number; investedCumulative: number }[];
  funnel: { stage: ProjectStage; count: number; totalInvestment: number }[];
  districts: { unitId: string; name: string; projects: number; planned: number; invested: number; rate: number | null }[];
  points: { id: string; code: string; name: string; longitude: number; latitude: number; stage: ProjectStage; light: ProjectLight; totalInvestment: number }[];
  /** Projects with coordinates; beyond 800 the map gets `clusters` (groups by place) instead of `points`. */
  mapped: number;
  clusters: { name: string | null; longitude: number; latitude: number; count: number; totalInvestment: number; light: ProjectLight }[];
}

export const getProjectDashboard = (filter: { year: number; unitId?: string | undefined }, signal?: AbortSignal) => api<ProjectDashboard>('/api/projects/dashboard', { query: { year: filter.year, unitId: filter.unitId }, signal });
export const downloadBulletin = (period: string) => download('/api/projects/bulletin.docx', { period }, 'bulletin.docx');

/** The project tag dictionary (e.g. a city's "6+2+X"): groups holding tags; empty while tags are free text. */
export interface ProjectTagGroup {
  id: string;
  name: string;
  sortOrder: number;
  tags: { id: string; name: string; sortOrder: number; enabled: boolean; projects: number }[];
}

export const listProjectTags = (signal?: AbortSignal) => api<{ canEdit: boolean; groups: ProjectTagGroup[] }>('/api/project-tags', { signal });
export const createTagGroup = (input: { name: string; sortOrder?: number }) => api<{ id: string }>('/api/project-tags/groups', { method: 'POST', body: input });
export const updateTagGroup = (id: string, input: { name?: string; sortOrder?: number }) => api<{ ok: true }>(`/api/project-tags/groups/${id}`, { method: 'PATCH', body: input });
export const deleteTagGroup = (id: string) => api<{ ok: true }>(`/api/project-tags/groups/${id}`, { method: 'DELETE' });
export const createProjectTag = (input: { groupId: string; name: string; sortOrder?: number }) => api<{ id: string }>('/api/project-tags', { method: 'POST', body: input });
export const updateProjectTag = (id: string, input: { name?: string; sortOrder?: number; enabled?: boolean; groupId?: string }) => api<{ renamedOn: number }>(`/api/project-tags/${id}`, { method: 'PATCH', body: input });
export const deleteProjectTag = (id: string) => api<{ ok: true }>(`/api/project-tags/${id}`, { method: 'DELETE' });
