import type { DraftItem } from '@luoshi/shared';
import { api } from '../../api/client.ts';
import type { Cadence, Figure, ParsedDocument } from '@luoshi/doc-parser';
import type { Light, Paged, TaskStatus } from '../../api/types.ts';

export type { Cadence, Figure, ParsedDocument, Statistic } from '@luoshi/doc-parser';

/** Shapes of the directive module's answers (docs/DIRECTIVES.md). */

export const DIRECTIVE_KINDS = ['speech', 'minutes', 'plan', 'other'] as const;
/** The document kinds one picks, and 领导批示件, registered through its own form. */
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number] | 'instruction_doc';

/** A 领导批示件's leader, date, subject and scan. */
export interface InstructionInfo {
  instructedBy: string;
  instructedOn: string;
  subject: string;
  scan: { id: string; fileName: string } | null;
}
export const DIRECTIVE_STATUSES = ['draft', 'published'] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];
/** Why the parser left a sentence out of the draft (DraftItem.nonTask). */
export const NON_TASK_REASONS = ['quote', 'rhetoric', 'framing', 'transmittal', 'preamble', 'description', 'result'] as const;
export type NonTaskReason = (typeof NON_TASK_REASONS)[number];
export const isNonTaskReason = (v: string | null | undefined): v is NonTaskReason => (NON_TASK_REASONS as readonly string[]).includes(v ?? '');
export type DirectiveFormat = 'paste' | 'text' | 'html' | 'docx' | 'pdf';

export type { DraftItem };

export interface DirectiveSummary {
  id: string;
  title: string;
  docDate: string | null;
  source: string | null;
  kind: DirectiveKind;
  instruction: InstructionInfo | null;
  status: DirectiveStatus;
  format: DirectiveFormat;
  unitName: string;
  createdByName: string | null;
  createdAt: string | null;
  publishedAt: string | null;
  itemCount: number;
  taskCount: number;
  targetCount: number;
  cadenceCount: number;
}

export interface DirectiveTask {
  id: string;
  title: string;
  status: TaskStatus;
  light: Light;
  lightReason?: string | null;
  ownerUnitName: string;
}

export interface DirectiveDetail extends DirectiveSummary {
  script: ParsedDocument['script'];
  originalName: string | null;
  body: string;
  lostCharacters: number[];
  parsed: ParsedDocument;
  draft: DraftItem[];
  targets: Figure[];
  cadences: (Cadence & { id?: string })[];
  tasks: DirectiveTask[];
  policies: { edit: boolean; publish: boolean; delete: boolean };
}

export interface SuggestedUnit {
  id: string;
  name: string;
  /** The unit's ancestors, outermost first. */
  path: { id: string; name: string }[];
  matched: string;
}

export interface DirectiveMeta {
  title?: string;
  docDate?: string | null;
  source?: string | null;
  kind?: DirectiveKind;
}

/** A list answer in either of the server's shapes: `{data, page}` or `{items, total, page, pageSize}`. */
type ListAnswer = { data: DirectiveSummary[]; page: Paged<DirectiveSummary>['page'] } | { items: DirectiveSummary[]; total: number; totalExact?: boolean };
/** A single answer, bare or wrapped in `{data, policies}`. */
type OneAnswer = DirectiveDetail | { data: DirectiveDetail; policies?: DirectiveDetail['policies'] };

function one(answer: OneAnswer): DirectiveDetail {
  if ('data' in answer && answer.data && typeof answer.data === 'object' && 'body' in answer.data) {
    return { ...answer.data, policies: answer.policies ?? answer.data.policies };
  }
  return answer as DirectiveDetail;
}

/** Directives in the caller's scope; `q` searches title, source and text across scripts. */
export async function listDirectives(query: { q?: string; status?: DirectiveStatus; page: number; pageSize: number }, signal?: AbortSignal): Promise<Paged<DirectiveSummary>> {
  const answer = await api<ListAnswer>('/api/directives', { query: { q: query.q?.trim() || undefined, status: query.status, page: query.page, pageSize: query.pageSize }, signal });
  if (!('items' in answer)) return answer;
  const page = { page: query.page, pageSize: query.pageSize, total: answer.total };
  return { data: answer.items, page: answer.totalExact === undefined ? page : { ...page, totalExact: answer.totalExact } };
}

/** Parses pasted text and stores it as a draft directive. */
export const createDirective = (input: { text: string; title?: string; kind?: DirectiveKind }) => api<OneAnswer>('/api/directives', { method: 'POST', body: input }).then(one);

/** Parses an uploaded .txt / .docx / .html / .pdf and stores it as a draft directive. */
export function uploadDirective(file: File, kind: DirectiveKind) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file);
  return api<OneAnswer>('/api/directives/upload', { method: 'POST', body: form }).then(one);
}

/** Registers a 领导批示件 (its scan uploaded first as an attachment). */
export const createInstruction = (input: { instructedBy: string; instructedOn: string; subject: string; text: string; scanAttachmentId?: string | null }) =>
  api<OneAnswer>('/api/directives/instruction', { method: 'POST', body: input }).then(one);
export const getDirective = (id: string, signal?: AbortSignal) => api<OneAnswer>(`/api/directives/${id}`, { signal }).then(one);
export const updateDirectiveMeta = (id: string, meta: DirectiveMeta) => api<OneAnswer>(`/api/directives/${id}`, { method: 'PATCH', body: meta }).then(one);
export const saveDraft = (id: string, items: DraftItem[]) => api<OneAnswer>(`/api/directives/${id}/draft`, { method: 'PUT', body: { items } }).then(one);
export const deleteDirective = (id: string) => api<unknown>(`/api/directives/${id}`, { method: 'DELETE' });

/** Publishes the included items as assigned tasks, in one transaction. */
export async function publishDirective(id: string, items: DraftItem[]) {
  const answer = await api<{ taskIds: string[]; directive: OneAnswer } | { data: { taskIds: string[]; directive: OneAnswer } }>(`/api/directives/${id}/publish`, {
    method: 'POST',
    body: { items, assign: true, ackWorkdays: 1 },
  });
  const inner = 'data' in answer ? answer.data : answer;
  return { taskIds: inner.taskIds, directive: one(inner.directive) };
}

/** Units in the caller's scope whose name or short name appears in the text, in order of appearance. */
export const suggestUnits = (text: string, signal?: AbortSignal) =>
  api<{ units: SuggestedUnit[] } | { data: { units: SuggestedUnit[] } }>('/api/directives/suggest-units', { method: 'POST', body: { text }, signal }).then((r) => ('data' in r ? r.data.units : r.units));

/** A person's correction of the parser's findings: a figure by offset and value, a name by its text. */
export type FindingCorrection =
  | { field: 'targets'; action: 'to-statistic'; offset: number; value: number }
  | { field: 'statistics'; action: 'to-target'; offset: number; value: number }
  | { field: 'people' | 'places' | 'organizations'; action: 'drop'; name: string };

export const correctFinding = (id: string, correction: FindingCorrection) => api<OneAnswer>(`/api/directives/${id}/corrections`, { method: 'POST', body: correction }).then(one);

export const CORRECTION_FIELDS = ['targets', 'statistics', 'people', 'places', 'organizations'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];
/** Per field, over the directives in scope: what the parser found and how often people corrected it. */
export interface CorrectionRate {
  field: CorrectionField;
  found: number;
  corrected: number;
  rate: number | null;
}
export const correctionRates = (signal?: AbortSignal) => api<{ fields: CorrectionRate[] }>('/api/directives/corrections', { signal }).then((r) => r.fields);
