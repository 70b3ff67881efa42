import type { AssessmentDerivation, AssessmentFormula, AssessmentSourceKind } from '@luoshi/shared';
import { api, download } from '../../../api/client.ts';
import type { Attachment } from '../../../api/types.ts';

export type { AssessmentDerivation as Derivation, AssessmentItemLine as ItemLine } from '@luoshi/shared';

export interface SchemeRow {
  id: string;
  year: number;
  name: string;
  ownerUnit: { id: string; name: string };
  objectionDays: number;
  canManage: boolean;
  updatedAt: string | null;
}

export const SOURCE_KINDS = ['on_time_rate', 'rectification_rate', 'investment_completion', 'indicator', 'suggestion_satisfaction', 'manual'] as const satisfies readonly AssessmentSourceKind[];
export const FORMULA_KINDS = ['linear', 'rank', 'threshold', 'manual'] as const satisfies readonly AssessmentFormula['kind'][];

/** A scheme's definition as the server takes and returns it (`POST/PUT /api/assessment-schemes`). */
export interface SchemeDefinition {
  dimensions: { key: string; name: string; items: { key: string; name: string; weight: number; source: { kind: AssessmentSourceKind; indicatorId?: string; reviewerIds?: string[] }; formula: AssessmentFormula; noDataScore: number }[] }[];
  adjustments: { key: string; name: string; kind: 'bonus' | 'deduction'; cap: number }[];
  groups: { key: string; name: string; unitIds: string[] }[];
  bonusCap: number;
  deductionCap: number;
}

export interface SchemeInput {
  year: number;
  name: string;
  objectionDays: number;
  definition: SchemeDefinition;
}

export interface Scheme extends SchemeRow {
  definition: SchemeDefinition;
}

export interface RunRow {
  id: string;
  schemeId: string;
  schemeName: string;
  period: string;
  status: 'draft' | 'published';
  computedAt: string | null;
  publishedAt: string | null;
  objectionUntil: string | null;
  openObjections: number;
}

export interface ResultRow {
  unitId: string;
  unitName: string;
  groupKey: string;
  total: number;
  rank: number;
  derivation: AssessmentDerivation;
  canObject: boolean;
  /** The adjustments' evidence files, by adjustment item. */
  evidence: Record<string, Attachment[]>;
}

export interface Objection {
  id: string;
  unitId: string;
  unitName: string;
  reason: string;
  filedByName: string | null;
  filedAt: string | null;
  status: 'open' | 'upheld' | 'rejected';
  answer: string;
  answeredByName: string | null;
  answeredAt: string | null;
}

export interface Run extends Omit<RunRow, 'openObjections'> {
  year: number;
  periodStart: string;
  periodEnd: string;
  windowOpen: boolean;
  full: boolean;
  canManage: boolean;
  reviewerItems: string[];
  groups: { key: string; name: string }[];
  definition: SchemeDefinition | null;
  results: ResultRow[];
  objections: Objection[];
}

export interface AnswerInput {
  decision: 'upheld' | 'rejected';
  answer: string;
  manualScores?: { itemKey: string; score: number }[] | undefined;
  adjustments?: { key: string; points: number; note: string }[] | undefined;
}

export const listSchemes = (signal?: AbortSignal) => api<{ data: SchemeRow[] }>('/api/assessment-schemes', { signal }).then((r) => r.data);
export const getScheme = (id: string, signal?: AbortSignal) => api<Scheme>(`/api/assessment-schemes/${id}`, { signal });
export const createScheme = (input: SchemeInput) => api<Scheme>('/api/assessment-schemes', { method: 'POST', body: input });
export const updateScheme = (id: string, input: SchemeInput) => api<Scheme>(`/api/assessment-schemes/${id}`, { method: 'PUT', body: input });
export const listRuns = (signal?: AbortSignal) => api<{ data: RunRow[] }>('/api/assessment-runs', { signal }).then((r) => r.data);
export const getRun = (id: string, signal?: AbortSignal) => api<Run>(`/api/assessment-runs/${id}`, { signal });
export const startRun = (schemeId: string, period: string) => api<Run>(`/api/assessment-schemes/${schemeId}/runs`, { method: 'POST', body: { period } });
export const publishRun = (id: string) => api<Run>(`/api/assessment-runs/${id}/publish`, { method: 'POST' });
export const setManualScore = (id: string, input: { unitId: string; itemKey: string; score: number }) => api<Run>(`/api/assessment-runs/${id}/manual-scores`, { method: 'PUT', body: input });
export const removeAdjustment = (id: string, input: { unitId: string; key: string }) => api<Run>(`/api/assessment-runs/${id}/adjustments?unitId=${encodeURIComponent(input.unitId)}&key=${encodeURIComponent(input.key)}`, { method: 'DELETE' });
export const addAdjustment = (id: string, input: { unitId: string; key: string; points: number; note: string; attachmentIds?: string[] }) => api<Run>(`/api/assessment-runs/${id}/adjustments`, { method: 'POST', body: input });
export const fileObjection = (id: string, input: { unitId: string; reason: string }) => api<Objection>(`/api/assessment-runs/${id}/objections`, { method: 'POST', body: input });
export const answerObjection = (id: string, input: AnswerInput) => api<{ ok: true }>(`/api/assessment-objections/${id}/answer`, { method: 'POST', body: input });
export const downloadRunExcel = (id: string) => download(`/api/assessment-runs/${id}/results.xlsx`, undefined, 'assessment.xlsx');
export const downloadRunWord = (id: string) => download(`/api/assessment-runs/${id}/document.docx`, undefined, 'assessment.docx');
