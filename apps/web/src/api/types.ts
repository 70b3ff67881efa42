import type { TaskAction, TaskPolicies } from '@luoshi/shared';
import type { OrgKind, Role, ScopeKind } from '@luoshi/shared';

/** Shapes of the server's answers (see apps/server/src/modules/*\/*.routes.ts). */

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  /** false when the server stopped counting at a cap: show the total as "10,000+". Absent means exact. */
  totalExact?: boolean;
}

export interface Paged<T> {
  data: T[];
  page: PageInfo;
}

export interface Grant {
  id?: string;
  role: Role;
  scopeKind: ScopeKind;
  unitIds: string[];
}

export interface Me {
  user: { id: string; username: string; displayName: string; phone: string | null; orgUnit: { id: string; name: string } };
  tenant: { id: string; name: string; isDemo: boolean };
  roles: Role[];
  roleLabels: string[];
  grants: Grant[];
  scopeDescription: string;
  csrfToken: string;
  mustChangePassword: boolean;
  via: string;
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentId: string | null;
  parentName?: string | null;
  sortOrder: number;
  depth: number;
  active: boolean;
  childCount?: number;
  path?: { id: string; name: string }[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface OrgPolicies {
  update: boolean;
  createChild: boolean;
  move: boolean;
  deactivate: boolean;
  remove: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  orgUnit: { id: string; name: string };
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  mustChangePassword: boolean;
  roles: Role[];
  grants?: Grant[];
  /** Detail only: the addresses the account is locked for now. */
  locks?: UserLock[];
  createdAt: string | null;
}

/** A sign-in lock of an account for one source address. */
export interface UserLock {
  source: string;
  failures: number;
  lockedUntil: string;
  lastFailedAt: string;
}

export interface UserPolicies {
  update: boolean;
  resetPassword: boolean;
  setGrants: boolean;
  deactivate: boolean;
  unlock: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string | null;
  actorId: string | null;
  actorName: string | null;
  actorOrgUnitId: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  access: 'read' | 'write';
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string | null;
}

/** Task statuses of the supervision core (apps/server/src/supervision/rules/transitions.ts). */
export const TASK_STATUSES = ['draft', 'assigned', 'acknowledged', 'in_progress', 'completion_requested', 'completed', 'returned', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const LIGHTS = ['red', 'yellow', 'green', 'none'] as const;
export type Light = (typeof LIGHTS)[number];
export const REPORT_CYCLES = ['none', 'weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type ReportCycle = (typeof REPORT_CYCLES)[number];
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type { TaskAction };
export type OrderLevel = 'blue' | 'yellow' | 'red';

export interface Named {
  id: string;
  name: string;
}

/** A supervised task as lists show it. */
export interface Task {
  id: string;
  module: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  unitRole: 'lead' | 'co';
  weight: number;
  title: string;
  content: string;
  category: string | null;
  priority: Priority;
  tags: string[];
  source: { directiveId: string | null; clause: string | null; offset: number | null };
  ownerUnit: Named;
  issuerUnitId: string;
  responsibleLeaderIds: string[];
  startDate: string | null;
  deadline: string | null;
  /** 长期坚持: no deadline, lit by the report rhythm. */
  longTerm: boolean;
  reportCycle: ReportCycle;
  reportDueDay: number;
  reportCycleLabel: string;
  ackDeadline: string | null;
  status: TaskStatus;
  statusLabel: string;
  percent: number;
  ownPercent: number;
  light: Light;
  lightReason: string;
  lastReportAt: string | null;
  acknowledgedAt: string | null;
  completedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface ProgressReport {
  id: string;
  taskId: string;
  orgUnitId: string;
  period: string;
  done: string;
  percent: number;
  difficulties: string;
  nextSteps: string;
  late: boolean;
  status: 'submitted' | 'returned';
  reviewComment: string | null;
  reviewedAt: string | null;
  reportedBy: string;
  reportedByName: string;
  reportedAt: string | null;
  attachments: Attachment[];
}

export interface SupervisionOrder {
  id: string;
  taskId: string;
  /** Null while the order waits for its leader's 签发. */
  number: string | null;
  level: OrderLevel;
  matter: string;
  requirements: string;
  replyDeadline: string;
  recipientUnitId: string;
  issuingOffice: string;
  issuedAt: string | null;
  status: 'pending_signoff' | 'open' | 'replied' | 'closed' | 'refused';
  reply: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  signoffAt: string | null;
  /** Why the leader sent the draft back. */
  signoffComment: string | null;
}

export interface ExtensionRequest {
  id: string;
  currentDeadline: string | null;
  requestedDeadline: string;
  reason: string;
  status: string;
  requestedAt: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface Instruction {
  id: string;
  leaderName: string;
  content: string;
  createdAt: string | null;
  answer: string | null;
  answeredAt: string | null;
}

export interface TimelineEvent {
  id: string;
  at: string | null;
  actorName: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
}

/** A task with everything its detail page shows. */
export interface TaskDetail extends Task {
  issuerUnit: Named;
  responsibleLeaders: Named[];
  ancestors: { id: string; title: string }[];
  children: Task[];
  /** Files on the task itself (the issuing document, a plan …). */
  attachments: Attachment[];
  percentFormula: string | null;
  timeline: TimelineEvent[];
  /** The newest reports; the rest come a page at a time from `taskReports`. */
  reports: ProgressReport[];
  /** How many reports the task has in all (`total`) and how many `reports` holds at most. */
  reportsPage: PageInfo;
  orders: SupervisionOrder[];
  extensions: ExtensionRequest[];
  instructions: Instruction[];
}

export type { TaskPolicies };

export type InboxKind = 'acknowledge' | 'report' | 'rework' | 'instruction' | 'order' | 'review' | 'order_close' | 'extension' | 'proposal' | 'instruct' | 'order_signoff';

export type { HomeCount, HomeData } from '@luoshi/shared';

export interface InboxItem {
  kind: InboxKind;
  detail: string;
  /** The order, instruction or extension request the item is about. */
  refId: string | null;
  /** The order's number, the instruction's text, the requested deadline. */
  refLabel: string | null;
  task: Task;
}

export interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  taskId: string | null;
  /** The page a notice not about a task opens (e.g. /projects/<id>). */
  link: string | null;
  createdAt: string | null;
  readAt: string | null;
}

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  total: number;
}

export interface DashboardView {
  root: Named | null;
  totals: LightCounts & { completed: number; overdue: number; completionRequested: number };
  byUnit: { id: string; name: string; hasChildren: boolean; own: boolean; counts: LightCounts }[];
  overdueRanking: { id: string; name: string; overdue: number; red: number }[];
  byCategory: { category: string; total: number; completed: number; completionRate: number }[];
  monthly: { month: string; created: number; completed: number }[];
}

export interface SavedFilter<F = Record<string, unknown>> {
  id: string;
  name: string;
  filter: F;
}

export interface ImportPreviewRow {
  row: number;
  title: string;
  leadUnits: string[];
  coUnits: string[];
  deadline: string | null;
  deadlineText: string;
  longTerm: boolean;
  /** A row without 任务编号 creates a task; one with a known number updates it, or leaves it as it is. */
  action: 'create' | 'update' | 'unchanged';
}
