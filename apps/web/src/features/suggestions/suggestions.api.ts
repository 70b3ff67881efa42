import type { SuggestionStatsCounts } from '@luoshi/shared';
import { api, download } from '../../api/client.ts';
import type { Attachment, Paged } from '../../api/types.ts';

export const SUGGESTION_KINDS = ['motion', 'suggestion', 'proposal', 'opinion'] as const;
export const SUGGESTION_STATUSES = ['new', 'handling', 'answered', 'closed'] as const;
export const SUGGESTION_RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export type SuggestionRating = (typeof SUGGESTION_RATINGS)[number];

/** A suggestion as the list shows it (GET /api/suggestions). */
export interface SuggestionRow {
  id: string;
  kind: SuggestionKind;
  number: string;
  session: string;
  title: string;
  content: string;
  proposerNames: string[];
  status: SuggestionStatus;
  mainUnitId: string | null;
  mainUnitName: string | null;
  taskId: string | null;
  deadline: string | null;
  round: number;
  category: string | null;
  answeredAt: string | null;
  firstOnTime: boolean | null;
  rating: SuggestionRating | null;
  publicAgreed: boolean;
  publishedAt: string | null;
  createdAt: string;
}

/** One round of handling: its deadline, the unit's answer and the proposer's rating. */
export interface SuggestionRound {
  round: number;
  deadline: string;
  startedAt: string;
  answer: string | null;
  category: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
  onTime: boolean | null;
  rating: SuggestionRating | null;
  ratingMeans: string | null;
  ratingNote: string;
  ratedByName: string | null;
  ratedAt: string | null;
}

export interface SuggestionDetail {
  data: SuggestionRow & { proposers: string[]; coUnits: string[]; rounds: (SuggestionRound & { attachments: Attachment[] })[]; attachments: Attachment[] };
  policies: { assign: boolean; answer: boolean; rate: boolean; rateForProposer: boolean; agree: boolean; publish: boolean };
}

export interface SuggestionOptions {
  categories: { code: string; label: string }[];
  ratingMeans: string[];
  answerMonths: number;
}

export interface SuggestionStatsLine extends SuggestionStatsCounts {
  answeredRate: number | null;
  satisfiedRate: number | null;
}

export interface SuggestionTodoItem {
  id: string;
  kind: SuggestionKind;
  number: string;
  session: string;
  title: string;
  deadline: string | null;
  round: number;
}

export interface SuggestionListFilter {
  q?: string | undefined;
  kind?: SuggestionKind | undefined;
  session?: string | undefined;
  status?: SuggestionStatus | undefined;
}

export interface StatsFilter {
  by: 'unit' | 'session';
  session?: string | undefined;
  kind?: SuggestionKind | undefined;
}

export const listSuggestions = (f: SuggestionListFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<SuggestionRow>>('/api/suggestions', { query: { kind: f.kind, session: f.session?.trim() || undefined, status: f.status, q: f.q?.trim() || undefined, page: f.page, pageSize: f.pageSize }, signal });
export const getSuggestion = (id: string, signal?: AbortSignal) => api<SuggestionDetail>(`/api/suggestions/${id}`, { signal });
export const suggestionOptions = (signal?: AbortSignal) => api<{ data: SuggestionOptions }>('/api/suggestions/options', { signal }).then((r) => r.data);
export const suggestionTodo = (signal?: AbortSignal) =>
  api<{ data: { toAnswer: { total: number; items: SuggestionTodoItem[] }; toRate: { total: number; items: SuggestionTodoItem[] } } }>('/api/suggestions/todo', { signal }).then((r) => r.data);
export const createSuggestion = (input: { kind: SuggestionKind; number?: string | undefined; session: string; title: string; content?: string | undefined; proposerNames?: string[] | undefined; attachmentIds?: string[] | undefined }) =>
  api<{ data: { id: string } }>('/api/suggestions', { method: 'POST', body: input }).then((r) => r.data.id);
export const assignSuggestion = (id: string, input: { mainUnitId: string; coUnitIds: string[]; deadline?: string | undefined }) => api<{ ok: true }>(`/api/suggestions/${id}/assign`, { method: 'POST', body: input });
export const answerSuggestion = (id: string, input: { answer: string; category: string; attachmentIds?: string[] | undefined }) => api<{ ok: true }>(`/api/suggestions/${id}/answer`, { method: 'POST', body: input });
export const rateSuggestion = (id: string, input: { rating: SuggestionRating; means?: string | undefined; note?: string | undefined; publicAgreed?: boolean | undefined }) =>
  api<{ ok: true }>(`/api/suggestions/${id}/rating`, { method: 'POST', body: input });
export const setAgreement = (id: string, agreed: boolean) => api<{ ok: true }>(`/api/suggestions/${id}/agreement`, { method: 'PUT', body: { agreed } });
export const setPublished = (id: string, published: boolean) => api<{ ok: true }>(`/api/suggestions/${id}/publication`, { method: 'PUT', body: { published } });
export const downloadAnswerLetter = (id: string) => download(`/api/suggestions/${id}/answer.docx`, undefined, 'answer.docx');
export const suggestionStats = (f: StatsFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<SuggestionStatsLine>>('/api/suggestions/stats', { query: { by: f.by, session: f.session?.trim() || undefined, kind: f.kind, page: f.page, pageSize: f.pageSize }, signal });
export const exportSuggestionStats = (f: StatsFilter) => download('/api/suggestions/stats/export', { by: f.by, session: f.session?.trim() || undefined, kind: f.kind });

/** The import template (the columns the import reads, and a sheet of instructions). */
export const downloadSuggestionTemplate = () => download('/api/suggestions/import/template', undefined, '建议提案导入模板.xlsx');
/** Imports a session's suggestions from an .xlsx: all rows or none, each bad row named. */
export function importSuggestions(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { created: number; assigned: number } }>('/api/suggestions/import', { method: 'POST', body: form }).then((r) => r.data);
}

/** A published answer as anyone reads it, without login (GET /api/public/suggestions/:id). */
export interface PublicSuggestion extends Pick<SuggestionRow, 'id' | 'kind' | 'number' | 'session' | 'title' | 'content'> {
  mainUnitName: string;
  answer: string;
  category: string;
  categoryLabel: string;
  answeredOn: string;
}
export const getPublicSuggestion = (id: string, signal?: AbortSignal) => api<{ data: PublicSuggestion }>(`/api/public/suggestions/${id}`, { signal }).then((r) => r.data);
/** The address of a published answer's public page. */
export const publicSuggestionPath = (id: string) => `/public/suggestions/${id}`;
