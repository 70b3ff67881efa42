import { api, download } from '../../api/client.ts';
import type { Attachment, Paged } from '../../api/types.ts';

export const CAMPAIGN_KINDS = ['discussion', 'theme_education', 'special_rectification', 'other'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const ACTIVITY_KINDS = ['symposium', 'research', 'seminar', 'study', 'inspection', 'observation'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const PROBLEM_SOURCES = ['self', 'superior', 'inspection', 'public', 'hazard', 'tour'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];
export const SEVERITIES = ['normal', 'serious', 'major'] as const;
export const PROBLEM_STATUSES = ['found', 'rectifying', 'review', 'returned', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface Campaign {
  id: string;
  title: string;
  kind: CampaignKind;
  startDate: string;
  endDate: string;
  planDirectiveId: string | null;
  organizerUnitId: string;
  organizerUnitName: string;
  topics: string[];
  publicEnabled: boolean;
  createdAt: string | null;
}
export interface CampaignRow extends Campaign {
  problemCount: number;
  closedCount: number;
}

export interface Problem {
  id: string;
  campaignId: string;
  campaignTitle: string;
  opinionId: string | null;
  source: ProblemSource;
  topic: string | null;
  unitId: string;
  unitName: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  foundOn: string;
  status: ProblemStatus;
  measures: string;
  ownerUserId: string | null;
  ownerName: string | null;
  leaderUserId: string | null;
  deadline: string | null;
  milestones: { title: string; due: string | null }[];
  taskId: string | null;
  taskStatus: string | null;
  taskLight: string | null;
  taskLightReason: string | null;
  taskPercent: number | null;
  closeNote: string | null;
  closeRequestedAt: string | null;
  verifiedAt: string | null;
  returnReason: string | null;
  reopenCount: number;
  published: boolean;
  createdAt: string | null;
}

export interface CampaignDetail extends Campaign {
  stages: { name: string; startDate: string; endDate: string }[];
  currentStage: number;
  contactPoints: { leaderUserId: string; leaderName: string; unitId: string; unitName: string }[];
  unitCount: number;
  activityCount: number;
  perUnit: { unitId: string; unitName: string; found: number; rectifying: number; closed: number; overdue: number }[];
  late: Problem[];
  /** The units as the edit form chooses them (for those who may edit). */
  unitChoice: { unitIds: string[]; subtree: boolean } | null;
}

export interface Activity {
  id: string;
  campaignId: string;
  kind: ActivityKind;
  title: string;
  heldOn: string;
  place: string;
  hostLeaderId: string | null;
  hostLeaderName: string | null;
  attendees: string;
  attendeeUnitIds: string[];
  agenda: string;
  minutes: string;
  outcomes: string;
  opinionCount: number;
  createdAt: string | null;
}

export interface Opinion {
  id: string;
  activityId: string;
  content: string;
  topic: string | null;
  raisedByUserId: string | null;
  raisedByName: string;
  status: 'open' | 'task' | 'problem' | 'answered';
  answer: string | null;
  taskId: string | null;
  taskTitle: string | null;
  taskStatus: string | null;
  problemId: string | null;
  problemStatus: ProblemStatus | null;
  handledAt: string | null;
}

export interface CampaignInput {
  title: string;
  kind: CampaignKind;
  startDate: string;
  endDate: string;
  unitIds: string[];
  subtree?: boolean;
  contactPoints?: { leaderUserId: string; unitId: string }[];
  stages?: { name: string; startDate: string; endDate: string }[];
  topics?: string[];
}

export interface OpinionInput {
  content: string;
  topic?: string | null;
  raisedByUserId?: string | null;
  raisedByName?: string;
}

export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  heldOn: string;
  place?: string;
  hostLeaderId?: string | null;
  attendees?: string;
  agenda?: string;
  minutes?: string;
  outcomes?: string;
  opinions?: OpinionInput[];
  attachmentIds?: string[];
}

export interface ProblemFilter {
  campaignId?: string | undefined;
  status?: ProblemStatus | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
}

type Id = { data: { id: string } };
type Ok = { ok: true };

export const listCampaigns = (query: { q?: string | undefined; kind?: CampaignKind | undefined; page: number; pageSize: number }, signal?: AbortSignal) => api<Paged<CampaignRow>>('/api/campaigns', { query: { ...query, q: query.q?.trim() || undefined }, signal });
export const getCampaign = (id: string, signal?: AbortSignal) => api<{ data: CampaignDetail; policies: { manage: boolean; selfReport: boolean } }>(`/api/campaigns/${id}`, { signal });
export const createCampaign = (input: CampaignInput) => api<Id>('/api/campaigns', { method: 'POST', body: input });
/** Saves an edited campaign: its stages, units, contact points and topics are replaced as a whole. */
export const updateCampaign = (id: string, input: CampaignInput) => api<Ok>(`/api/campaigns/${id}`, { method: 'PUT', body: input });
export const listActivities = (campaignId: string, signal?: AbortSignal) => api<{ data: Activity[] }>(`/api/campaigns/${campaignId}/activities`, { signal });
export const createActivity = (campaignId: string, input: ActivityInput) => api<Id>(`/api/campaigns/${campaignId}/activities`, { method: 'POST', body: input });
export const getActivity = (id: string, signal?: AbortSignal) => api<{ data: Activity & { campaignTitle: string; topics: string[]; opinions: Opinion[]; attachments: Attachment[] }; policies: { manage: boolean } }>(`/api/campaign-activities/${id}`, { signal });
export const opinionToTask = (id: string, body: { title: string; leadUnitIds: string[]; deadline: string }) => api<{ data: { taskId: string } }>(`/api/campaign-opinions/${id}/to-task`, { method: 'POST', body });
export const opinionToProblem = (id: string, body: { source: ProblemSource; unitId: string; severity?: string; description?: string }) => api<{ data: { problemId: string } }>(`/api/campaign-opinions/${id}/to-problem`, { method: 'POST', body });
export const answerOpinion = (id: string, answer: string) => api<Ok>(`/api/campaign-opinions/${id}/answer`, { method: 'POST', body: { answer } });
export const myOpinions = (signal?: AbortSignal) => api<{ data: (Opinion & { campaignTitle: string; activityTitle: string; heldOn: string })[] }>('/api/campaign-opinions/mine', { signal });

const problemQuery = (f: ProblemFilter) => ({ campaignId: f.campaignId, status: f.status, overdue: f.overdue ? 'true' : undefined, q: f.q?.trim() || undefined });
export const listProblems = (filter: ProblemFilter & { page: number; pageSize: number }, signal?: AbortSignal) => api<Paged<Problem>>('/api/campaign-problems', { query: { ...problemQuery(filter), page: filter.page, pageSize: filter.pageSize }, signal });
export const createProblem = (campaignId: string, body: { source: ProblemSource; unitId: string; description: string; severity?: string; topic?: string | null }) => api<Id>(`/api/campaigns/${campaignId}/problems`, { method: 'POST', body });

export interface ProblemDetail extends Problem {
  leaderName: string | null;
  verifierName: string | null;
  overdue: boolean;
  /** A close-out request's evidence is on its event. */
  events: { kind: string; comment: string; actorName: string; at: string | null; attachments: Attachment[] }[];
}
export const getProblem = (id: string, signal?: AbortSignal) => api<{ data: ProblemDetail; policies: { plan: boolean; requestClose: boolean; verify: boolean; reopen: boolean } }>(`/api/campaign-problems/${id}`, { signal });
export const planProblem = (id: string, body: { measures: string; ownerUserId?: string | null; leaderUserId?: string | null; deadline: string }) => api<Ok>(`/api/campaign-problems/${id}/plan`, { method: 'POST', body });
export const requestClose = (id: string, note: string, attachmentIds: string[] = []) => api<Ok>(`/api/campaign-problems/${id}/close-request`, { method: 'POST', body: { note, attachmentIds } });
export const verifyProblem = (id: string, body: { approve: boolean; reason?: string }) => api<Ok>(`/api/campaign-problems/${id}/verify`, { method: 'POST', body });
export const reopenProblem = (id: string, body: { reason: string; deadline: string }) => api<Ok>(`/api/campaign-problems/${id}/reopen`, { method: 'POST', body });

/** Downloads the filtered problems as the printable 整改台账. */
export const exportLedger = (filter: ProblemFilter) => download('/api/campaign-problems/export', problemQuery(filter), 'ledger.xlsx');

/** Imports new problems of a campaign from a 整改台账 sheet (all rows or none). */
export function importLedger(campaignId: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { created: number; planned: number } }>(`/api/campaigns/${campaignId}/problems/import`, { method: 'POST', body: form });
}

interface Rates {
  found: number;
  rectifying: number;
  review: number;
  closed: number;
  overdue: number;
  rectificationRate: number;
  closeOutRate: number;
}
export interface CampaignStats {
  unitId: string;
  totals: Rates;
  byUnit: (Rates & { unitId: string; unitName: string })[];
}
export const campaignStats = (id: string, unitId: string | undefined, signal?: AbortSignal) => api<{ data: CampaignStats }>(`/api/campaigns/${id}/stats`, { query: { unitId }, signal });

/** Downloads the campaign's Word summary. */
export const downloadSummary = (id: string) => download(`/api/campaigns/${id}/summary.docx`, undefined, 'summary.docx');

/** The problem a rectification task serves, if the caller may see it. */
export const problemOfTask = (taskId: string, signal?: AbortSignal) => api<Paged<Problem>>('/api/campaign-problems', { query: { taskId, pageSize: 1 }, signal });

/** Turns the public page on or off and adds (`publish`) or takes off (`unpublish`) problems; the rest keep their choice. */
export const setPublication = (campaignId: string, body: { enabled: boolean; publish?: string[]; unpublish?: string[] }) => api<{ data: { published: number } }>(`/api/campaigns/${campaignId}/publication`, { method: 'PUT', body });

export interface PublicCampaign {
  id: string;
  title: string;
  kind: CampaignKind;
  startDate: string;
  endDate: string;
  organizerUnitName: string;
  problems: { id: string; description: string; measures: string; unitName: string; status: ProblemStatus; foundOn: string; deadline: string | null; closedOn: string | null }[];
}
/** A campaign's public page, read without login. */
export const getPublicCampaign = (id: string, signal?: AbortSignal) => api<{ data: PublicCampaign }>(`/api/public/campaigns/${id}`, { signal });
