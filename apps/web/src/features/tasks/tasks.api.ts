import type { TaskFlag } from '@luoshi/shared';
import { api, download } from '../../api/client.ts';
import type { Attachment, ImportPreviewRow, InboxItem, Light, Named, OrderLevel, Paged, Priority, ProgressReport, ReportCycle, SavedFilter, SupervisionOrder, Task, TaskDetail, TaskPolicies, TaskStatus } from '../../api/types.ts';

/** The filters of the task list; the same ones export and saved filters use. */
export interface TaskFilter {
  unitId?: string;
  light?: Light[];
  status?: TaskStatus[];
  category?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
  leaderId?: string;
  q?: string;
  rootsOnly?: boolean;
  /** Only the direct parts of this task (expanding a parent in the list). */
  parentId?: string;
  /** 'urgency' (the default): red, overdue and unacknowledged first, 已办结 last. */
  sort?: 'urgency' | 'deadline' | 'created' | 'light';
  /** The lists behind the home page's counts: one unit's own work, a to-do condition. */
  ownerUnitId?: string;
  flag?: TaskFlag;
}

/** A row of the task list: the task with its responsible leaders by name and how many parts the caller may see. */
export interface TaskRow extends Task {
  responsibleLeaders?: Named[];
  partCount?: number;
}


export interface NewTask {
  title: string;
  content?: string;
  category?: string | null;
  priority?: Priority;
  tags?: string[];
  leadUnitIds: string[];
  coUnitIds?: string[];
  responsibleLeaderIds?: string[];
  startDate?: string | null;
  deadline?: string | null;
  longTerm?: boolean;
  reportCycle?: ReportCycle;
  reportDueDay?: number;
  ackWorkdays?: number;
  /** false saves a draft. */
  assign?: boolean;
  attachmentIds?: string[];
}

/**
 * An issuer's edit; absent fields stay; `attachmentIds` is the whole new set. `leadUnitIds` and
 * `coUnitIds` are the units after the edit: a dropped unit's part is cancelled, an added one's assigned.
 */
export type TaskEdit = Partial<Omit<NewTask, 'ackWorkdays' | 'assign'>> & { unitChangeReason?: string };

export interface ReportInput {
  done: string;
  percent: number;
  difficulties?: string;
  nextSteps?: string;
  attachmentIds?: string[];
}

export interface PartInput {
  title: string;
  content?: string;
  ownerUnitId: string;
  weight?: number;
  deadline?: string | null;
}

export type TaskOne = { data: TaskDetail; policies: TaskPolicies };

/** Query parameters of a filter: lists joined with commas, empty values left out. */
export function filterQuery(filter: TaskFilter) {
  return {
    unitId: filter.unitId,
    light: filter.light?.join(','),
    status: filter.status?.join(','),
    category: filter.category,
    deadlineFrom: filter.deadlineFrom,
    deadlineTo: filter.deadlineTo,
    leaderId: filter.leaderId,
    q: filter.q?.trim() || undefined,
    rootsOnly: filter.rootsOnly || undefined,
    parentId: filter.parentId,
    sort: filter.sort ?? 'urgency',
    ownerUnitId: filter.ownerUnitId,
    flag: filter.flag,
  };
}

/** Tasks in the caller's scope, filtered, sorted (by urgency unless chosen otherwise) and paged. */
export async function listTasks(filter: TaskFilter & { page?: number; pageSize?: number }, signal?: AbortSignal): Promise<Paged<TaskRow>> {
  return api<Paged<TaskRow>>('/api/tasks', { query: listQuery(filter), signal });
}
const listQuery = (filter: TaskFilter & { page?: number; pageSize?: number }) => ({ ...filterQuery(filter), page: filter.page, pageSize: filter.pageSize });
/** The task list's page as a cached query: the list reads it, and a first load starts it before the list's code has arrived. */
export const taskListQuery = (filter: TaskFilter, page: number, pageSize: number) => ({
  queryKey: ['tasks', 'list', filter, page, pageSize],
  queryFn: ({ signal }: { signal: AbortSignal }) => listTasks({ ...filter, page, pageSize }, signal),
});
/** Downloads the filtered tasks as .xlsx. */
export const exportTasks = (filter: TaskFilter) => download('/api/tasks/export', { ...filterQuery(filter), parentId: undefined }, '任务清单.xlsx');
/** 催办 every chosen task at once; all or none. */
export const remindTasks = (ids: string[], message: string) => api<{ data: { tasks: number; notified: number } }>('/api/tasks/batch/remind', { method: 'POST', body: { ids, message } }).then((r) => r.data);
/** 下发督办单 of one level to every chosen task; all or none. */
export const issueOrders = (ids: string[], input: { level: OrderLevel; matter: string; requirements?: string; replyDeadline: string }) =>
  api<{ data: { id: string; taskId: string; number: string | null; status: SupervisionOrder['status'] }[] }>('/api/tasks/batch/orders', { method: 'POST', body: { ids, ...input } }).then((r) => r.data);
/** Downloads the 任务分工表 import template. */
export const downloadTaskTemplate = () => download('/api/tasks/import/template', undefined, '任务分工表模板.xlsx');

/** Checks (dryRun) or imports a 任务分工表; all rows are written or none. */
export function importTasks(file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { created: number; updated: number; rows: ImportPreviewRow[]; withoutActor: Named[] } }>('/api/tasks/import', { method: 'POST', query: { dryRun }, body: form }).then((r) => r.data);
}

/** Which of these units have no active liaison, so nobody could acknowledge work given to them (a warning). */
export const unitsWithoutActor = (unitIds: string[], signal?: AbortSignal) =>
  unitIds.length === 0 ? Promise.resolve([] as Named[]) : api<{ data: { withoutActor: Named[] } }>('/api/tasks/unit-check', { method: 'POST', body: { unitIds }, signal }).then((r) => r.data.withoutActor);

export const taskCategories = (signal?: AbortSignal) => api<{ data: string[] }>('/api/tasks/categories', { signal }).then((r) => r.data);
/** The categories in use, as a cached query (kept five minutes: they change rarely). */
export const taskCategoriesQuery = { queryKey: ['tasks', 'categories'], queryFn: ({ signal }: { signal: AbortSignal }) => taskCategories(signal), staleTime: 5 * 60_000 };
/** What the caller must do now: acknowledge, report, answer, review. */
export const inbox = (signal?: AbortSignal) => api<{ data: InboxItem[] }>('/api/tasks/inbox', { signal }).then((r) => r.data);

export const createTask = (input: NewTask) => api<TaskOne>('/api/tasks', { method: 'POST', body: input });
export const updateTask = (id: string, edit: TaskEdit) => api<TaskOne>(`/api/tasks/${id}`, { method: 'PATCH', body: edit });
/** A task with its parts, reports, orders, extensions, instructions, timeline and policies. */
export const getTask = (id: string, signal?: AbortSignal) => api<TaskOne>(`/api/tasks/${id}`, { signal });

const act = (id: string, action: string, body?: unknown) => api<TaskOne>(`/api/tasks/${id}/${action}`, { method: 'POST', body: body ?? {} });
export const assignTask = (id: string) => act(id, 'assign');
export const acknowledgeTask = (id: string) => api<TaskOne>(`/api/tasks/${id}/acknowledge`, { method: 'POST' });
export const requestCompletion = (id: string, summary: string) => act(id, 'request-completion', { summary });
export const completeTask = (id: string, comment?: string) => act(id, 'complete', { comment: comment || null });
export const returnTask = (id: string, reason: string) => act(id, 'return', { reason });
export const cancelTask = (id: string, reason: string) => act(id, 'cancel', { reason });
export const decomposeTask = (id: string, parts: PartInput[]) => act(id, 'decompose', { parts });
export const remindTask = (id: string, message: string) => act(id, 'remind', { message });
export const issueOrder = (id: string, input: { level: OrderLevel; matter: string; requirements?: string; replyDeadline: string }) => act(id, 'orders', input);
export const requestExtension = (id: string, input: { requestedDeadline: string; reason: string }) => act(id, 'extensions', input);
export const instruct = (id: string, content: string) => act(id, 'instructions', { content });

/** Files a progress report; evidence is uploaded first with uploadAttachment. */
export const reportProgress = (id: string, input: ReportInput) => api<{ reportId: string; late: boolean; task: Task }>(`/api/tasks/${id}/reports`, { method: 'POST', body: input });
/** One page of a task's reports, newest first. */
export const taskReports = (id: string, page: number, pageSize: number) => api<Paged<ProgressReport>>(`/api/tasks/${id}/reports?page=${page}&pageSize=${pageSize}`);
export const reviewReport = (reportId: string, comment: string, sendBack: boolean) => api<{ ok: true }>(`/api/reports/${reportId}/review`, { method: 'POST', body: { comment, sendBack } });

/** Uploads one evidence file (images, PDF, Office; at most 20 MB). */
export function uploadAttachment(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: Attachment }>('/api/attachments', { method: 'POST', body: form }).then((r) => r.data);
}
export const attachmentUrl = (id: string) => `/api/attachments/${id}`;
export const downloadAttachment = (a: Attachment) => download(attachmentUrl(a.id), undefined, a.fileName);

export const replyOrder = (orderId: string, reply: string) => api<{ ok: true }>(`/api/orders/${orderId}/reply`, { method: 'POST', body: { reply } });
export const closeOrder = (orderId: string) => api<{ ok: true }>(`/api/orders/${orderId}/close`, { method: 'POST' });
/** The responsible leader signs (签发) a drafted order, with a new reply deadline when the first one has passed. */
export const signOrder = (orderId: string, replyDeadline?: string) => api<{ data: SupervisionOrder }>(`/api/orders/${orderId}/sign`, { method: 'POST', body: replyDeadline ? { replyDeadline } : {} }).then((r) => r.data);
export const refuseOrder = (orderId: string, comment: string) => api<{ ok: true }>(`/api/orders/${orderId}/refuse`, { method: 'POST', body: { comment } });
/** Downloads the printable Word 督办单. */
export const downloadOrderDocx = (orderId: string, number: string | null) => download(`/api/orders/${orderId}/docx`, undefined, `${number ?? 'order'}.docx`);
export const decideExtension = (extensionId: string, approve: boolean, comment?: string) => api<{ ok: true }>(`/api/extensions/${extensionId}/decide`, { method: 'POST', body: { approve, comment } });
export const answerInstruction = (instructionId: string, answer: string) => api<{ ok: true }>(`/api/instructions/${instructionId}/answer`, { method: 'POST', body: { answer } });

/** A unit's 责任清单: the tasks it answers for. */
export const listResponsibilities = (unitId: string, query: { page?: number; pageSize?: number; status?: TaskStatus[] }, signal?: AbortSignal) =>
  api<Paged<Task>>(`/api/org-units/${unitId}/responsibilities`, { query: { page: query.page, pageSize: query.pageSize, status: query.status?.join(',') }, signal });
export const exportResponsibilities = (unitId: string, unitName: string) => download(`/api/org-units/${unitId}/responsibilities/export`, undefined, `${unitName}责任清单.xlsx`);

export const listSavedFilters = (signal?: AbortSignal) => api<{ data: SavedFilter<TaskFilter>[] }>('/api/saved-filters', { query: { scope: 'tasks' }, signal }).then((r) => r.data);
export const saveFilter = (name: string, filter: TaskFilter) => api<{ id: string }>('/api/saved-filters', { method: 'POST', body: { scope: 'tasks', name, filter } });
export const deleteSavedFilter = (id: string) => api<{ ok: true }>(`/api/saved-filters/${id}`, { method: 'DELETE' });
