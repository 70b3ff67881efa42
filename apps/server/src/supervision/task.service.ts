import { randomUUID } from 'node:crypto';
import { DEADLINE_REQUIRED_MESSAGE, escapeLike, searchKey } from '@luoshi/shared';
import { sql, type Kysely, type Selectable } from 'kysely';
import { inScope, scopeContains, scopeForRoles, unitsInScope, unitsWithoutActor, type Actor } from '../access/index.ts';
import { recordTaskEvent, recordTaskEvents, taskEventRow } from './task-events.ts';
import type { DB, ExtensionRequestsTable, InstructionsTable, ProgressReportRow, SupervisionOrderRow, TaskEventsTable, TaskRow } from '../db/schema.ts';
import { jsonRows } from '../db/json-rows.ts';
import type { Executor, Tx } from '../db/database.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { paginate, TOTAL_CAP, type Page, type PageQuery } from '../db/pagination.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import { lightContext, reportAnchor, type LightService } from './light.service.ts';
import { taskFlagCondition, type TaskFlag } from './home.service.ts';
import type { NotificationService } from './notification.service.ts';
import type { UnitRef } from './rules/division-table.ts';
import { LEVEL_NAMES } from './rules/escalation.ts';
import { isLateReport, periodContaining, type ReportCycle } from './rules/periods.ts';
import { moduleOnly, nextStatus, STATUS_LABELS, type TaskAction, type TaskStatus } from './rules/transitions.ts';
import { addWorkdays, shanghaiDate, type WorkCalendar } from './rules/working-days.ts';
import { relations, taskPolicies, type TaskAccess, type TaskPolicies } from './task.policy.ts';

/** Reports the task detail carries (the newest); the rest are paged by GET /api/tasks/:id/reports. */
export const DETAIL_REPORTS = 20;

type TaskEventRow = Selectable<TaskEventsTable>;
type ExtensionRequestRow = Selectable<ExtensionRequestsTable>;
type InstructionRow = Selectable<InstructionsTable>;
/** An attachment as a task or report lists it. */
type AttachmentSummary = { id: string; owner_type: string; owner_id: string; file_name: string; content_type: string; size_bytes: number };

/** The ids above and including a unit column of the task aliased `t`: what a scope check needs. */
/** A part's title: the task's, marked （配合） for a co-unit's part. */
const partTitle = (title: string, role: 'lead' | 'co') => (role === 'co' ? `${title}（配合）` : title);

/** Whether a part's title still is the one its task gave it (so it follows a rename); parts written before the full-width text may end in "(配合)". */
const followsTitle = (part: string, title: string) => part === title || part === partTitle(title, 'co') || part === `${title}(配合)`;

const unitPath = (column: 'owner_unit_id' | 'issuer_unit_id') =>
  sql<string[]>`ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = t.tenant_id AND oc.descendant_id = t.${sql.raw(column)})`;

/**
 * What the caller may do with a task, from the paths of its owner and issuer units; null when it
 * is outside the caller's scope (they see it when either unit is in scope).
 */
function taskAccess(actor: Actor, task: Pick<TaskRow, 'owner_unit_id' | 'issuer_unit_id'>, ownerPath: string[], issuerPath: string[]): TaskAccess | null {
  const visible = scopeContains(actor.scope, task.owner_unit_id, ownerPath) || scopeContains(actor.scope, task.issuer_unit_id, issuerPath);
  if (!visible) return null;
  const supervises = scopeContains(scopeForRoles(actor, ['supervisor']), task.owner_unit_id, ownerPath);
  const leads = scopeContains(scopeForRoles(actor, ['leader']), task.owner_unit_id, ownerPath);
  return { visible: true, supervises, leads };
}

/** The task list's urgency rank (see `list`). */
const URGENCY = sql`(CASE WHEN t.status = 'completed' THEN 4 WHEN t.status IN ('cancelled', 'draft') THEN 5 WHEN t.light = 'red' THEN 0 WHEN t.status = 'assigned' THEN 1 WHEN t.light = 'yellow' THEN 2 ELSE 3 END)`;

export interface TaskInput {
  title: string;
  /** The module the task serves ('task' unless another module creates it: 'rectification', 'campaign', 'coordination' …). */
  module?: string | undefined;
  content?: string | undefined;
  category?: string | null | undefined;
  priority?: 'normal' | 'high' | 'urgent' | undefined;
  tags?: string[] | undefined;
  sourceDirectiveId?: string | null | undefined;
  sourceClause?: string | null | undefined;
  sourceOffset?: number | null | undefined;
  /** One unit: it answers for the task. Several: each gets its own part (分办). */
  leadUnitIds: string[];
  coUnitIds?: string[] | undefined;
  responsibleLeaderIds?: string[] | undefined;
  startDate?: string | null | undefined;
  deadline?: string | null | undefined;
  /** 长期坚持: no deadline, lit by the report rhythm (monthly unless another is given). */
  longTerm?: boolean | undefined;
  reportCycle?: ReportCycle | undefined;
  reportDueDay?: number | undefined;
  /** Working days the units have to acknowledge (default 1). */
  ackWorkdays?: number | undefined;
  /** Assign at once instead of saving a draft. */
  assign?: boolean | undefined;
  /** The actor's pending uploads to attach to the task (the issuing document, a plan …). */
  attachmentIds?: string[] | undefined;
}

/** One thing waiting for the actor; `refId` is the order, instruction or extension request it is about. */
export interface InboxItem {
  kind: string;
  task: TaskRow & { owner_unit_name: string };
  detail: string;
  refId?: string;
  /** What the dialog for it names: the order's number, the instruction's full text, the requested deadline. */
  refLabel?: string;
}

/** What the issuer may change on a task after it was created; absent fields stay as they are. */
export interface TaskPatch {
  title?: string | undefined;
  content?: string | undefined;
  category?: string | null | undefined;
  priority?: 'normal' | 'high' | 'urgent' | undefined;
  tags?: string[] | undefined;
  responsibleLeaderIds?: string[] | undefined;
  startDate?: string | null | undefined;
  deadline?: string | null | undefined;
  longTerm?: boolean | undefined;
  reportCycle?: ReportCycle | undefined;
  reportDueDay?: number | undefined;
  /** The task's lead units after the edit (one, or several for a split task); parts follow. */
  leadUnitIds?: string[] | undefined;
  /** The task's co-units after the edit; a dropped one's part is cancelled, an added one's assigned. */
  coUnitIds?: string[] | undefined;
  /** Why the units changed, for the cancelled parts and the timeline. */
  unitChangeReason?: string | undefined;
  /** The task's attachments after the edit: the ones kept plus the actor's new pending uploads. */
  attachmentIds?: string[] | undefined;
}

type EditableFields = Pick<TaskRow, 'title' | 'content' | 'category' | 'priority' | 'tags' | 'responsible_leader_ids' | 'start_date' | 'deadline' | 'long_term' | 'report_cycle' | 'report_due_day'>;

/** Labels of editable fields, for the timeline ("修改了完成时限、标题"). */
const FIELD_LABELS: Record<string, string> = {
  title: '标题', content: '内容', category: '类别', priority: '优先级', tags: '标签', responsible_leader_ids: '责任领导',
  start_date: '开始日期', deadline: '完成时限', long_term: '长期坚持', report_cycle: '报送周期', report_due_day: '报送日', attachments: '附件',
};

/** A change of a task's units, validated before the edit's transaction (see `planUnitChange`). */
interface UnitPlan {
  container: boolean;
  before: { lead: string[]; co: string[] };
  after: { lead: string[]; co: string[] };
  parts: { id: string; owner_unit_id: string; unit_role: 'lead' | 'co'; status: string }[];
}

export interface PartInput {
  title: string;
  content?: string | undefined;
  ownerUnitId: string;
  weight?: number | undefined;
  deadline?: string | null | undefined;
}

export interface ReportInput {
  done: string;
  percent: number;
  difficulties?: string | undefined;
  nextSteps?: string | undefined;
  attachmentIds?: string[] | undefined;
}

export interface TaskFilter extends PageQuery {
  /** Tasks owned anywhere in this unit's subtree. */
  unitId?: string | undefined;
  /** Tasks owned by exactly this unit (its responsibility list). */
  ownerUnitId?: string | undefined;
  light?: ('green' | 'yellow' | 'red' | 'none')[] | undefined;
  status?: TaskStatus[] | undefined;
  category?: string | undefined;
  deadlineFrom?: string | undefined;
  deadlineTo?: string | undefined;
  leaderId?: string | undefined;
  q?: string | undefined;
  rootsOnly?: boolean | undefined;
  /** Only the direct parts of this task (the list's expandable tree). */
  parentId?: string | undefined;
  module?: string | undefined;
  /** Default `urgency`: red, then unacknowledged, yellow, the rest, 已办结 last; each by deadline. */
  sort?: 'urgency' | 'deadline' | 'created' | 'light' | undefined;
  /** A home page count's condition (超时未签收, 督办单待回复 …). */
  flag?: TaskFlag | undefined;
}

/** How a step of a task's life is taken when another module takes it. */
export interface StepOptions {
  /** The module's own transaction: the step commits or rolls back with the module's write. */
  tx?: Tx;
  /**
   * The module's own path is asking, after its own checks of who may: steps it keeps to itself
   * (`moduleOnly`) are allowed, whatever the caller's scope and relation to the task.
   */
  viaModule?: boolean;
}

export interface SupervisionDeps {
  db: Kysely<DB>;
  clock: Clock;
  calendar: WorkCalendar;
  audit: Pick<AuditService, 'record'>;
  lights: LightService;
  notifications: NotificationService;
}

export const DEFAULT_CATEGORIES = ['产业强市', '科技创新', '改革开放', '民生保障', '城乡区域', '生态环境', '干部担当', '其他'];


/**
 * A task's timing, as the 长期坚持 rule reads it: a 完成时限 is required unless the task is marked
 * long-term, a long-term task has none, and it needs a report rhythm to be lit by.
 */
function timingProblem(t: { deadline?: string | null | undefined; longTerm?: boolean | undefined; reportCycle?: ReportCycle | undefined }): { field: string; message: string } | null {
  if (t.longTerm) {
    if (t.deadline) return { field: 'deadline', message: '长期坚持的任务不设完成时限：请清空完成时限，或取消“长期坚持”' };
    if (t.reportCycle === 'none') return { field: 'reportCycle', message: '长期坚持的任务按报送周期亮灯，请选择报送周期' };
    return null;
  }
  return t.deadline ? null : { field: 'deadline', message: DEADLINE_REQUIRED_MESSAGE };
}

function taskSearchKey(t: { title: string; content?: string; tags?: string[] }): string {
  return searchKey([t.title, t.content ?? '', ...(t.tags ?? [])].join(' ')).slice(0, 4000);
}

/**
 * The life of an assignment (DESIGN.md §4 "one supervision core"): create and assign, split to
 * many units, decompose down the tree, acknowledge, report, request completion, complete or
 * return, cancel — each transition allowed only to its owner and written to the timeline.
 */
/** Moves the actor's pending uploads onto an owner (a task, a report, or another module's record); all of them or none. */
export async function bindAttachments(tx: Executor, actor: Actor, ownerType: string, ownerId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  const r = await tx
    .updateTable('attachments')
    .set({ owner_type: ownerType, owner_id: ownerId })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', 'in', unique)
    .where('uploaded_by', '=', actor.userId)
    .where('owner_type', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== unique.length) throw invalid('attachmentIds', '附件不存在或已被使用，请重新上传');
}

export class TaskService {
  constructor(private readonly deps: SupervisionDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  /** The task with what the actor may do with it; 404 outside scope. */
  /**
   * The task with the actor's access to it; not found when the actor's scope covers neither its
   * owner nor its issuer unit. With `unscoped` (a module's own step, see `transition`) the task is
   * read within the tenant whatever the scope, and the access says what the actor has.
   */
  async load(actor: Actor, id: string, db: Executor = this.deps.db, unscoped = false): Promise<{ task: TaskRow; access: TaskAccess }> {
    // One query: the task with the paths of its owner and issuer units, so every scope check is
    // made here without another round trip (this runs before every action on a task).
    const row = await db
      .selectFrom('tasks as t')
      .selectAll('t')
      .select([
        unitPath('owner_unit_id').as('owner_path'),
        unitPath('issuer_unit_id').as('issuer_path'),
      ])
      .where('t.tenant_id', '=', actor.tenantId)
      .where('t.id', '=', id)
      .where('t.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('任务');
    const { owner_path: ownerPath, issuer_path: issuerPath, ...task } = row;
    const access = taskAccess(actor, task, ownerPath, issuerPath);
    if (access) return { task, access };
    if (!unscoped) throw notFound('任务');
    return { task, access: { visible: false, supervises: false, leads: false } };
  }

  policies(actor: Actor, task: TaskRow, access: TaskAccess): TaskPolicies {
    return taskPolicies(actor, task, access);
  }

  /** Categories of the tenant's dictionary, seeded with the defaults on first use. */
  async categories(tenantId: string): Promise<string[]> {
    const rows = await this.deps.db.selectFrom('dict_items').select('label').where('tenant_id', '=', tenantId).where('dict', '=', 'task_category').where('active', '=', true).orderBy('sort_order').execute();
    if (rows.length > 0) return rows.map((r) => r.label);
    await this.deps.db
      .insertInto('dict_items')
      .values(DEFAULT_CATEGORIES.map((label, i) => ({ tenant_id: tenantId, dict: 'task_category', code: `c${i + 1}`, label, sort_order: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    return DEFAULT_CATEGORIES;
  }

  private event(tx: Executor, actor: Actor, task: Pick<TaskRow, 'id'>, kind: string, from: string | null, to: string | null, comment?: string | null, data?: unknown): Promise<void> {
    return recordTaskEvent(tx, actor, this.deps.clock.now(), task.id, { kind, from, to, comment, data });
  }

  /**
   * A supervisor creates a task. With one lead unit the task is that unit's; with several, the
   * task belongs to the issuing office and each lead unit gets its own part (分办). Each co-unit
   * gets a part of its own to report on. Assigned at once unless saved as a draft.
   */
  async create(actor: Actor, input: TaskInput): Promise<TaskRow> {
    await this.validateNew(actor, input);
    return this.deps.db.transaction().execute((tx) => this.createIn(tx, actor, input));
  }

  /** The active units a supervisor may assign to, as the unit-name matcher sees them. */
  async assignableUnits(actor: Actor): Promise<UnitRef[]> {
    const scope = scopeForRoles(actor, ['supervisor']);
    return this.deps.db
      .selectFrom('org_units as u')
      .select(['u.id', 'u.name', 'u.short_name as shortName'])
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.active', '=', true)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id')))
      .orderBy('u.depth')
      .orderBy('u.sort_order')
      .orderBy('u.code')
      .execute();
  }

  /**
   * Which of the units the supervisor is about to give work to have nobody who can act for them
   * (no active liaison): a warning for the task form, directive publishing and the import. Units
   * outside the supervising scope are not found.
   */
  async unitCheck(actor: Actor, unitIds: string[]): Promise<{ id: string; name: string }[]> {
    if (!actor.grants.some((g) => g.role === 'supervisor')) throw forbidden('只有督查人员可以交办任务');
    const ids = [...new Set(unitIds)];
    const visible = await unitsInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, ids);
    if (ids.some((id) => !visible.has(id))) throw notFound('单位');
    return unitsWithoutActor(this.deps.db, actor.tenantId, ids);
  }

  /** Validates a new task's input: units in the supervisor's scope, dates, category. */
  async validateNew(actor: Actor, input: TaskInput): Promise<void> {
    const problem = await this.checkNew(actor, [input]);
    if (problem) throw invalid(problem.field, problem.message);
  }

  /**
   * The first problem among several new tasks (the rows of an import, the items of a directive),
   * checked with one look-up of all their units and of the category dictionary; null when all
   * are valid. Refuses callers who are not supervisors.
   */
  async checkNew(actor: Actor, inputs: TaskInput[]): Promise<{ index: number; field: string; message: string } | null> {
    if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw forbidden('只有督查人员可以交办任务');
    const all = [...new Set(inputs.flatMap((i) => [...i.leadUnitIds, ...(i.coUnitIds ?? [])]))];
    const [unitProblem, categories] = await Promise.all([
      this.unitChecker(actor, all),
      inputs.some((i) => i.category) ? this.categories(actor.tenantId) : Promise.resolve([] as string[]),
    ]);
    for (const [index, input] of inputs.entries()) {
      const leads = [...new Set(input.leadUnitIds)];
      const cos = [...new Set(input.coUnitIds ?? [])].filter((u) => !leads.includes(u));
      if (leads.length === 0) return { index, field: 'leadUnitIds', message: '请选择牵头单位' };
      const lead = unitProblem(leads);
      if (lead) return { index, field: 'leadUnitIds', message: lead };
      const co = unitProblem(cos);
      if (co) return { index, field: 'coUnitIds', message: co };
      const timing = timingProblem(input);
      if (timing) return { index, ...timing };
      if (input.deadline && input.startDate && input.deadline < input.startDate) return { index, field: 'deadline', message: '完成时限不能早于开始日期' };
      if (input.category && !categories.includes(input.category)) return { index, field: 'category', message: `类别应为 ${categories.join('、')} 之一` };
    }
    return null;
  }

  /** Creates (and unless a draft, assigns) a validated task inside the caller's transaction. */
  async createIn(tx: Executor, actor: Actor, input: TaskInput): Promise<TaskRow> {
    const leads = [...new Set(input.leadUnitIds)];
    const cos = [...new Set(input.coUnitIds ?? [])].filter((u) => !leads.includes(u));
    const rootId = randomUUID();
    const split = leads.length > 1;
    const base = {
      tenant_id: actor.tenantId,
      module: input.module ?? 'task',
      title: input.title.trim(),
      content: input.content?.trim() ?? '',
      category: input.category ?? null,
      priority: input.priority ?? 'normal',
      tags: input.tags ?? [],
      source_directive_id: input.sourceDirectiveId ?? null,
      source_clause: input.sourceClause ?? null,
      source_offset: input.sourceOffset ?? null,
      issuer_user_id: actor.userId || null,
      responsible_leader_ids: input.responsibleLeaderIds ?? [],
      start_date: input.startDate ?? this.today(),
      deadline: input.longTerm ? null : (input.deadline ?? null),
      long_term: input.longTerm ?? false,
      // A long-term task is lit by its reports, so it reports monthly unless told otherwise.
      report_cycle: input.reportCycle ?? (input.longTerm ? 'monthly' : 'none'),
      report_due_day: input.reportDueDay ?? 0,
      search_key: taskSearchKey({ title: input.title, content: input.content ?? '', tags: input.tags ?? [] }),
      created_at: this.deps.clock.now(),
      updated_at: this.deps.clock.now(),
    };
    await tx
      .insertInto('tasks')
      .values({ ...base, id: rootId, root_id: rootId, parent_id: null, depth: 0, unit_role: 'lead', owner_unit_id: split ? actor.orgUnitId : leads[0]!, issuer_unit_id: actor.orgUnitId, status: 'draft' })
      .execute();
    const parts = [...(split ? leads.map((u) => ({ unit: u, role: 'lead' as const })) : []), ...cos.map((u) => ({ unit: u, role: 'co' as const }))];
    for (const [i, p] of parts.entries()) {
      await tx
        .insertInto('tasks')
        // A millisecond apart: parts are listed in the order the units were chosen.
        .values({ ...base, created_at: new Date(base.created_at.getTime() + i + 1), id: randomUUID(), root_id: rootId, parent_id: rootId, depth: 1, unit_role: p.role, owner_unit_id: p.unit, issuer_unit_id: actor.orgUnitId, status: 'draft', title: partTitle(base.title, p.role) })
        .execute();
    }
    const root = (await tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', rootId).executeTakeFirstOrThrow());
    if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'task', rootId, input.attachmentIds);
    await this.event(tx, actor, root, 'create', null, 'draft', null, { leadUnitIds: leads, coUnitIds: cos });
    await this.deps.audit.record(tx, actor, { action: 'task.create', entityType: 'task', entityId: rootId, summary: `新建任务 ${root.title}`, after: { ...base, leads, cos } });
    if (input.assign !== false) await this.assignTree(tx, actor, root, input.ackWorkdays ?? 1);
    return tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', rootId).executeTakeFirstOrThrow();
  }

  /** Assigns a draft and its parts, setting acknowledgement deadlines and notifying the units. */
  private async assignTree(tx: Executor, actor: Actor, root: TaskRow, ackWorkdays: number): Promise<void> {
    const ackDeadline = addWorkdays(this.deps.calendar, this.today(), Math.max(ackWorkdays, 1));
    const nodes = await tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('root_id', '=', root.id).where('status', '=', 'draft').execute();
    // The issuing office's own container of a split task has nothing to acknowledge.
    const isContainer = (n: TaskRow) => n.owner_unit_id === n.issuer_unit_id && n.parent_id === null;
    const containers = nodes.filter(isContainer);
    const units = nodes.filter((n) => !isContainer(n));
    const now = this.deps.clock.now();
    if (containers.length > 0) await tx.updateTable('tasks').set({ status: 'in_progress', ack_deadline: null, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', 'in', containers.map((n) => n.id)).execute();
    if (units.length > 0) await tx.updateTable('tasks').set({ status: 'assigned', ack_deadline: ackDeadline, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', 'in', units.map((n) => n.id)).execute();
    await recordTaskEvents(tx, actor, now, nodes.map((n) => ({ taskId: n.id, kind: 'assign', from: 'draft', to: isContainer(n) ? 'in_progress' : 'assigned' })));
    const liaisons = await this.deps.notifications.liaisonsByUnit(tx, actor.tenantId, units.map((n) => n.owner_unit_id));
    await this.deps.notifications.notifyMany(
      tx,
      units.map((node) => ({
        tenantId: actor.tenantId,
        userIds: liaisons.get(node.owner_unit_id) ?? [],
        kind: 'assignment' as const,
        title: `新交办任务：${node.title}`,
        body: `请于 ${ackDeadline} 前签收${node.deadline ? `，完成时限 ${node.deadline}` : ''}`,
        taskId: node.id,
        dedupeKey: `assign:${node.id}`,
      })),
    );
    await this.deps.audit.record(tx, actor, { action: 'task.assign', entityType: 'task', entityId: root.id, summary: `交办任务 ${root.title}` });
    // Deepest first, a level at a time; then the root and what lies above it.
    const depths = [...new Set(nodes.filter((n) => n.parent_id !== null).map((n) => n.depth))].sort((x, y) => y - x);
    for (const depth of depths) await this.deps.lights.recomputeMany(tx, actor.tenantId, nodes.filter((n) => n.parent_id !== null && n.depth === depth).map((n) => n.id));
    await this.deps.lights.recomputeUp(tx, actor.tenantId, root.id);
  }

  /** Assigns a draft task. */
  async assign(actor: Actor, id: string, ackWorkdays = 1): Promise<TaskRow> {
    const { task, access } = await this.load(actor, id);
    this.requireAction(actor, task, access, 'assign');
    return this.deps.db.transaction().execute(async (tx) => {
      await this.assignTree(tx, actor, task, ackWorkdays);
      return this.reload(tx, actor, id);
    });
  }

  /** The owner unit breaks its task into parts for units under it (层层分解). */
  async decompose(actor: Actor, id: string, parts: PartInput[]): Promise<TaskRow[]> {
    const { task, access } = await this.load(actor, id);
    if (!taskPolicies(actor, task, access).decompose) throw forbidden('只有承办单位可以分解本单位的任务');
    if (parts.length === 0) throw invalid('parts', '请至少添加一项分解任务');
    for (const [i, p] of parts.entries()) {
      const below = await this.deps.db.selectFrom('org_closure').select('depth').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', task.owner_unit_id).where('descendant_id', '=', p.ownerUnitId).executeTakeFirst();
      if (!below || below.depth === 0) throw invalid(`parts.${i}.ownerUnitId`, '分解任务只能交给本单位的下级单位');
      if (p.deadline && task.deadline && p.deadline > task.deadline) throw invalid(`parts.${i}.deadline`, `分解任务的时限不能晚于上级任务的时限 ${task.deadline}`);
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const ackDeadline = addWorkdays(this.deps.calendar, this.today(), 1);
      const created: TaskRow[] = [];
      for (const p of parts) {
        const row = await tx
          .insertInto('tasks')
          .values({
            tenant_id: actor.tenantId,
            id: randomUUID(),
            module: task.module,
            parent_id: task.id,
            root_id: task.root_id,
            depth: task.depth + 1,
            unit_role: 'lead',
            weight: p.weight ?? 1,
            title: p.title.trim(),
            content: p.content?.trim() ?? '',
            category: task.category,
            priority: task.priority,
            tags: task.tags,
            source_directive_id: task.source_directive_id,
            source_clause: task.source_clause,
            source_offset: task.source_offset,
            owner_unit_id: p.ownerUnitId,
            issuer_unit_id: task.owner_unit_id,
            issuer_user_id: actor.userId || null,
            responsible_leader_ids: task.responsible_leader_ids,
            start_date: this.today(),
            // Parts inherit 长期坚持 unless the unit gives a part a deadline of its own.
            deadline: p.deadline ?? task.deadline,
            long_term: task.long_term && !p.deadline,
            report_cycle: task.report_cycle,
            report_due_day: task.report_due_day,
            ack_deadline: ackDeadline,
            status: 'assigned',
            search_key: taskSearchKey({ title: p.title, content: p.content ?? '' }),
            // A millisecond apart: parts are listed in the order they were given.
            created_at: new Date(this.deps.clock.now().getTime() + created.length),
            updated_at: this.deps.clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        created.push(row);
        await this.event(tx, actor, row, 'assign', null, 'assigned', `由${actor.displayName}分解交办`);
        await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [p.ownerUnitId]), kind: 'assignment', title: `新交办任务：${row.title}`, body: `请于 ${ackDeadline} 前签收`, taskId: row.id, dedupeKey: `assign:${row.id}` });
        await this.deps.lights.recomputeUp(tx, actor.tenantId, row.id);
      }
      await this.event(tx, actor, task, 'decompose', null, null, `分解为 ${parts.length} 项`, { parts: created.map((c) => c.id) });
      await this.deps.audit.record(tx, actor, { action: 'task.decompose', entityType: 'task', entityId: task.id, summary: `分解任务 ${task.title} 为 ${parts.length} 项`, after: parts });
      return created;
    });
  }

  private requireAction(actor: Actor, task: TaskRow, access: TaskAccess, action: TaskAction, viaModule = false): TaskStatus {
    // A step the task's module keeps to its own path (a rectification's close-out on its problem).
    // Taken through that path, the module has checked who may take it (a rectification's verifier
    // may be a leader over the unit, not only its issuer): only the status is checked here.
    // Such a step may come from someone the task's own parties do not include (a proposer rating
    // the answer to their suggestion), so the module's path reads the task whatever the caller's
    // scope (`load`'s `unscoped`); every other step still needs the task to be in scope.
    const reserved = moduleOnly(task.module, action);
    if (reserved && !viaModule) throw conflict(reserved);
    if (!reserved && !access.visible) throw notFound('任务');
    const to = nextStatus(task.status as TaskStatus, action);
    if (!to) throw conflict(`任务当前为“${STATUS_LABELS[task.status as TaskStatus]}”，不能执行此操作`);
    if (reserved) return to;
    const policies = taskPolicies(actor, task, access, viaModule);
    if (!policies.actions.includes(action)) throw forbidden(relations(actor, task, access).length === 0 ? '您不是该任务的交办方或承办单位' : '您无权执行此操作');
    return to;
  }

  private reload(tx: Executor, actor: Actor, id: string): Promise<TaskRow> {
    return tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
  }

  /**
   * The issuer edits a task. Parts created with it (分办 and co-unit parts) follow a changed title,
   * content, category, priority, deadline or reporting rhythm where they still had the old value;
   * parts a unit decomposed itself are its own. The timeline names the changed fields. Inside the
   * caller's transaction when `outer` is given (an import updating many tasks at once).
   */
  async update(actor: Actor, id: string, patch: TaskPatch, outer?: Tx): Promise<TaskRow> {
    const db: Executor = outer ?? this.deps.db;
    const { task, access } = await this.load(actor, id, db);
    if (!taskPolicies(actor, task, access).edit) throw forbidden('只有交办方可以修改未办结的任务');
    const categories = patch.category ? await this.categories(actor.tenantId) : [];
    if (patch.category && !categories.includes(patch.category)) throw invalid('category', `类别应为 ${categories.join('、')} 之一`);
    if (patch.title !== undefined && !patch.title.trim()) throw invalid('title', '请填写任务名称');
    const startDate = patch.startDate !== undefined ? patch.startDate : task.start_date;
    const longTerm = patch.longTerm ?? task.long_term;
    // Marking a task 长期坚持 clears its deadline unless the same edit sets one (which is refused).
    const deadline = patch.deadline !== undefined ? patch.deadline : patch.longTerm === true ? null : task.deadline;
    const reportCycle = patch.reportCycle ?? (patch.longTerm === true && task.report_cycle === 'none' ? 'monthly' : (task.report_cycle as ReportCycle));
    // Checked when the edit touches the timing, so an old task without a deadline can still be renamed.
    if (patch.deadline !== undefined || patch.longTerm !== undefined || patch.reportCycle !== undefined) {
      const timing = timingProblem({ deadline, longTerm, reportCycle });
      if (timing) throw invalid(timing.field, timing.message);
    }
    if (deadline && startDate && deadline < startDate) throw invalid('deadline', '完成时限不能早于开始日期');
    const units = patch.leadUnitIds !== undefined || patch.coUnitIds !== undefined ? await this.planUnitChange(actor, task, patch) : null;
    if (patch.responsibleLeaderIds?.length) {
      const found = await db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', patch.responsibleLeaderIds).execute();
      if (found.length !== new Set(patch.responsibleLeaderIds).size) throw invalid('responsibleLeaderIds', '所选责任领导不存在');
    }
    const next: Partial<EditableFields> = {};
    const put = <K extends keyof EditableFields>(k: K, v: EditableFields[K] | undefined) => {
      if (v !== undefined && JSON.stringify(v) !== JSON.stringify(task[k])) next[k] = v;
    };
    put('title', patch.title?.trim());
    put('content', patch.content?.trim());
    put('category', patch.category);
    put('priority', patch.priority);
    put('tags', patch.tags);
    put('responsible_leader_ids', patch.responsibleLeaderIds);
    put('start_date', patch.startDate);
    put('deadline', deadline);
    put('long_term', longTerm);
    put('report_cycle', reportCycle);
    put('report_due_day', patch.reportDueDay);
    const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (outer ? fn(outer) : this.deps.db.transaction().execute(fn));
    return run(async (tx) => {
      const fresh = await tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (fresh.updated_at.getTime() !== task.updated_at.getTime()) throw conflict('任务已被他人更新，请刷新后重试');
      const changed: string[] = Object.keys(next);
      if (patch.attachmentIds !== undefined) {
        const current = await tx.selectFrom('attachments').select('id').where('tenant_id', '=', actor.tenantId).where('owner_type', '=', 'task').where('owner_id', '=', id).where('deleted_at', 'is', null).execute();
        const keep = new Set(patch.attachmentIds);
        const currentIds = new Set(current.map((a) => a.id));
        const removed = current.filter((a) => !keep.has(a.id)).map((a) => a.id);
        const added = patch.attachmentIds.filter((a) => !currentIds.has(a));
        if (removed.length) await tx.updateTable('attachments').set({ deleted_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', 'in', removed).execute();
        if (added.length) await bindAttachments(tx, actor, 'task', id, added);
        if (removed.length || added.length) changed.push('attachments');
      }
      const unitSummary = units ? await this.applyUnitChange(tx, actor, fresh, units, patch.unitChangeReason) : null;
      if (unitSummary) changed.push('units');
      if (changed.length === 0) return fresh;
      const now = this.deps.clock.now();
      const textChanged = next.title !== undefined || next.content !== undefined || next.tags !== undefined;
      await tx
        .updateTable('tasks')
        .set({
          ...next,
          updated_at: now,
          ...(textChanged ? { search_key: taskSearchKey({ title: next.title ?? task.title, content: next.content ?? task.content, tags: next.tags ?? task.tags }) } : {}),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      // Parts issued together with the task follow the fields they still share with it.
      const parts = await tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('parent_id', '=', id).where('issuer_unit_id', '=', task.issuer_unit_id).where('deleted_at', 'is', null).execute();
      const follows = parts
        .map((p) => {
          const follow: Partial<EditableFields> & { search_key?: string } = {};
          for (const k of ['content', 'category', 'priority', 'deadline', 'long_term', 'report_cycle', 'report_due_day', 'start_date'] as const) {
            if (next[k] !== undefined && p[k] === task[k]) Object.assign(follow, { [k]: next[k] });
          }
          if (next.title !== undefined && followsTitle(p.title, task.title)) follow.title = p.title === task.title ? next.title : partTitle(next.title, 'co');
          if (follow.title !== undefined || follow.content !== undefined) follow.search_key = taskSearchKey({ title: follow.title ?? p.title, content: follow.content ?? p.content, tags: p.tags });
          return { id: p.id, follow };
        })
        .filter((f) => Object.keys(f.follow).length > 0);
      if (follows.length > 0) {
        // One statement for all parts: each row carries only the fields that part follows.
        const has = (k: string) => sql.raw(`v.j ? '${k}'`);
        const text = (k: string) => sql.raw(`v.j->>'${k}'`);
        await sql`
          UPDATE tasks t SET
            title = CASE WHEN ${has('title')} THEN ${text('title')} ELSE t.title END,
            content = CASE WHEN ${has('content')} THEN ${text('content')} ELSE t.content END,
            category = CASE WHEN ${has('category')} THEN ${text('category')} ELSE t.category END,
            priority = CASE WHEN ${has('priority')} THEN ${text('priority')} ELSE t.priority END,
            deadline = CASE WHEN ${has('deadline')} THEN (${text('deadline')})::date ELSE t.deadline END,
            long_term = CASE WHEN ${has('long_term')} THEN (${text('long_term')})::boolean ELSE t.long_term END,
            start_date = CASE WHEN ${has('start_date')} THEN (${text('start_date')})::date ELSE t.start_date END,
            report_cycle = CASE WHEN ${has('report_cycle')} THEN ${text('report_cycle')} ELSE t.report_cycle END,
            report_due_day = CASE WHEN ${has('report_due_day')} THEN (${text('report_due_day')})::int ELSE t.report_due_day END,
            search_key = CASE WHEN ${has('search_key')} THEN ${text('search_key')} ELSE t.search_key END,
            updated_at = ${now}
          FROM jsonb_to_recordset(${JSON.stringify(follows.map((f) => ({ id: f.id, j: f.follow })))}::jsonb) AS v(id uuid, j jsonb)
          WHERE t.tenant_id = ${actor.tenantId}::uuid AND t.id = v.id`.execute(tx);
        const timed = follows.filter((f) => f.follow.deadline !== undefined || f.follow.long_term !== undefined || f.follow.report_cycle !== undefined || f.follow.report_due_day !== undefined || f.follow.start_date !== undefined);
        await this.deps.lights.recomputeMany(tx, actor.tenantId, timed.map((f) => f.id));
      }
      const labels = changed.filter((k) => k !== 'units').map((k) => FIELD_LABELS[k] ?? k);
      const said = [...(labels.length ? [`修改了${labels.join('、')}`] : []), ...(unitSummary ? [unitSummary.text] : [])].join('；');
      const before = { ...Object.fromEntries(Object.keys(next).map((k) => [k, task[k as keyof TaskRow]])), ...(unitSummary ? { units: unitSummary.before } : {}) };
      const after = { ...next, ...(unitSummary ? { units: unitSummary.after } : {}) };
      await this.event(tx, actor, task, 'edit', null, null, said, { fields: changed, before, after });
      await this.deps.lights.recomputeUp(tx, actor.tenantId, id);
      // Last: the audit append holds the tenant's chain lock until commit.
      await this.deps.audit.record(tx, actor, { action: 'task.update', entityType: 'task', entityId: id, summary: `修改任务 ${task.title}：${said}`, before, after });
      return this.reload(tx, actor, id);
    });
  }

  /** Moves a task through one transition of its life, with the timeline, audit, lights and notices. */
  private async transition(actor: Actor, id: string, action: TaskAction, comment: string | null, extra: (tx: Executor, task: TaskRow) => Promise<void> = async () => {}, opts: StepOptions = {}): Promise<TaskRow> {
    const outer = opts.tx;
    const { task, access } = await this.load(actor, id, outer, opts.viaModule === true);
    const to = this.requireAction(actor, task, access, action, opts.viaModule);
    const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (outer ? fn(outer) : this.deps.db.transaction().execute(fn));
    return run(async (tx) => {
      // Re-read under lock so two clicks cannot both move the same task.
      const locked = await tx.selectFrom('tasks').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== task.status) throw conflict('任务状态已被他人更新，请刷新后重试');
      const now = this.deps.clock.now();
      await tx
        .updateTable('tasks')
        .set({
          status: to,
          updated_at: now,
          ...(action === 'acknowledge' || (action === 'report' && !task.acknowledged_at) ? { acknowledged_at: now } : {}),
          ...(to === 'completed' ? { completed_at: now, own_percent: 100 } : {}),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await this.event(tx, actor, task, action, task.status, to, comment);
      await extra(tx, task);
      const fresh = (await this.deps.lights.recomputeUp(tx, actor.tenantId, id)) ?? (await this.reload(tx, actor, id));
      // Last: the audit append holds the tenant's chain lock until commit.
      await this.deps.audit.record(tx, actor, { action: `task.${action}`, entityType: 'task', entityId: id, summary: `${STATUS_LABELS[to]}：${task.title}${comment ? `（${comment}）` : ''}`, before: { status: task.status }, after: { status: to } });
      return fresh;
    });
  }

  acknowledge(actor: Actor, id: string, opts: StepOptions = {}): Promise<TaskRow> {
    return this.transition(actor, id, 'acknowledge', null, undefined, opts);
  }

  /** A unit asks to close its task; the issuer is told. */
  requestCompletion(actor: Actor, id: string, summary: string, opts: StepOptions = {}): Promise<TaskRow> {
    return this.transition(actor, id, 'requestCompletion', summary, async (tx, task) => {
      await this.notifyIssuer(tx, actor, task, 'review', `申请办结：${task.title}`, summary, `complete-request:${task.id}:${this.deps.clock.now().getTime()}`);
    }, opts);
  }

  complete(actor: Actor, id: string, comment: string | null, opts: StepOptions = {}): Promise<TaskRow> {
    return this.transition(actor, id, 'complete', comment, async (tx, task) => {
      // Co-units' parts serve the lead's task: they close with it.
      const coParts = await tx.selectFrom('tasks').select(['id', 'status']).where('tenant_id', '=', actor.tenantId).where('parent_id', '=', task.id).where('unit_role', '=', 'co').where('status', 'not in', ['completed', 'cancelled']).execute();
      if (coParts.length > 0) {
        const now = this.deps.clock.now();
        await tx.updateTable('tasks').set({ status: 'completed', completed_at: now, light: 'none', light_reason: '', updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', 'in', coParts.map((p) => p.id)).execute();
        await recordTaskEvents(tx, actor, now, coParts.map((p) => ({ taskId: p.id, kind: 'complete', from: p.status, to: 'completed', comment: '随牵头任务办结' })));
      }
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.owner_unit_id]), kind: 'review', title: `任务已办结：${task.title}`, body: comment ?? '', taskId: task.id, dedupeKey: `completed:${task.id}` });
    }, opts);
  }

  /** The issuer sends a completion request back with reasons. */
  async returnTask(actor: Actor, id: string, reason: string, opts: StepOptions = {}): Promise<TaskRow> {
    if (!reason.trim()) throw invalid('reason', '请填写退回理由');
    return this.transition(actor, id, 'return', reason, async (tx, task) => {
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.owner_unit_id]), kind: 'review', title: `任务被退回：${task.title}`, body: reason, taskId: task.id, dedupeKey: `returned:${task.id}:${this.deps.clock.now().getTime()}` });
    }, opts);
  }

  /** Cancels a task and its open parts. */
  async cancel(actor: Actor, id: string, reason: string): Promise<TaskRow> {
    if (!reason.trim()) throw invalid('reason', '请填写取消理由');
    return this.transition(actor, id, 'cancel', reason, async (tx, task) => {
      await this.cancelBelow(tx, actor, [task.id], false, `上级任务取消：${reason}`);
    });
  }

  /**
   * Cancels the open tasks below `ids` (and `ids` themselves when `withRoots`), each with a
   * timeline entry saying why: what a cancelled task does to its parts, and what a unit dropped
   * from a task has happen to its part.
   */
  private async cancelBelow(tx: Executor, actor: Actor, ids: string[], withRoots: boolean, comment: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const t = actor.tenantId;
    const found = await sql<{ id: string; status: string }>`
      WITH RECURSIVE d AS (SELECT id, status FROM tasks WHERE tenant_id = ${t}::uuid AND ${withRoots ? sql`id` : sql`parent_id`} = ANY(${ids}::uuid[])
        UNION ALL SELECT c.id, c.status FROM tasks c JOIN d ON c.parent_id = d.id WHERE c.tenant_id = ${t}::uuid)
      SELECT id, status FROM d`.execute(tx);
    const open = found.rows.filter((r) => r.status !== 'completed' && r.status !== 'cancelled');
    if (open.length === 0) return [];
    const now = this.deps.clock.now();
    await tx.updateTable('tasks').set({ status: 'cancelled', light: 'none', light_reason: '', updated_at: now }).where('tenant_id', '=', t).where('id', 'in', open.map((d) => d.id)).execute();
    await recordTaskEvents(tx, actor, now, open.map((d) => ({ taskId: d.id, kind: 'cancel', from: d.status, to: 'cancelled', comment })));
    return open.map((d) => d.id);
  }

  /**
   * Validates a change of a task's units (修改 by the issuer) and works out what it means: the
   * lead and co-units before and after. A split task (the issuing office's container) keeps a part
   * per lead unit; a task of one unit changes hands as a whole and cannot become a split one.
   */
  private async planUnitChange(actor: Actor, task: TaskRow, patch: TaskPatch): Promise<UnitPlan | null> {
    if (['completed', 'cancelled'].includes(task.status)) throw conflict('已办结或已取消的任务不能调整单位');
    const parts = await this.deps.db
      .selectFrom('tasks')
      .select(['id', 'owner_unit_id', 'unit_role', 'status'])
      .where('tenant_id', '=', actor.tenantId)
      .where('parent_id', '=', task.id)
      .where('issuer_unit_id', '=', task.issuer_unit_id)
      .where('status', '!=', 'cancelled')
      .where('deleted_at', 'is', null)
      .execute();
    const container = task.parent_id === null && task.owner_unit_id === task.issuer_unit_id;
    const before = { lead: container ? parts.filter((p) => p.unit_role === 'lead').map((p) => p.owner_unit_id) : [task.owner_unit_id], co: parts.filter((p) => p.unit_role === 'co').map((p) => p.owner_unit_id) };
    const lead = [...new Set(patch.leadUnitIds ?? before.lead)];
    const co = [...new Set(patch.coUnitIds ?? before.co)].filter((u) => !lead.includes(u));
    if (lead.length === 0) throw invalid('leadUnitIds', '至少保留一个牵头单位');
    if (!container && lead.length > 1) throw invalid('leadUnitIds', '由一个单位牵头的任务不能改为多个牵头单位分办：请只选一个牵头单位，或取消后重新交办');
    const isNew = (u: string) => !before.lead.includes(u) && !before.co.includes(u);
    // A unit's own decomposed part may only go to units below that unit; a supervisor's task to its scope.
    const decomposed = task.parent_id !== null && task.issuer_unit_id !== task.owner_unit_id && !actor.grants.some((g) => g.role === 'supervisor');
    const unitProblem = await this.unitChecker(actor, [...lead, ...co].filter(isNew), decomposed ? task.issuer_unit_id : undefined);
    const leadProblem = unitProblem(lead.filter(isNew));
    if (leadProblem) throw invalid('leadUnitIds', leadProblem);
    const coProblem = unitProblem(co.filter(isNew));
    if (coProblem) throw invalid('coUnitIds', coProblem);
    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (sameSet(lead, before.lead) && sameSet(co, before.co)) return null;
    return { container, before, after: { lead, co }, parts };
  }

  /**
   * Looks the units up once and answers, for any of them, why work cannot be given to them (null
   * when it can): not found or outside the supervising scope — or, with `below`, not under that
   * unit, as a unit's own breakdown must be — or deactivated.
   */
  private async unitChecker(actor: Actor, ids: string[], below?: string): Promise<(subset: string[]) => string | null> {
    const [units, visible] = await Promise.all([
      ids.length ? this.deps.db.selectFrom('org_units').select(['id', 'active']).where('tenant_id', '=', actor.tenantId).where('id', 'in', ids).execute() : Promise.resolve([]),
      below
        ? ids.length
          ? this.deps.db.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', below).where('depth', '>', 0).where('descendant_id', 'in', ids).execute().then((r) => new Set(r.map((x) => x.descendant_id)))
          : Promise.resolve(new Set<string>())
        : unitsInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, ids),
    ]);
    const active = new Map(units.map((u) => [u.id, u.active]));
    const outside = below ? '分解任务只能交给本单位的下级单位' : '所选单位不存在或不在您的数据范围内';
    return (subset) => subset.map((id) => (!active.has(id) || !visible.has(id) ? outside : !active.get(id) ? '所选单位已停用' : null)).find((m) => m !== null) ?? null;
  }

  /**
   * Carries out a planned change of units inside the edit's transaction: a dropped unit's part is
   * cancelled with the reason (and everything below it, as cancelling does), an added unit gets a
   * part (assigned, its liaisons told, unless the task is still a draft), and a task of one unit
   * that changes hands goes back to 待签收 with the new unit, the old unit's own breakdown cancelled.
   * Returns the timeline's words and the units before and after.
   */
  private async applyUnitChange(tx: Executor, actor: Actor, task: TaskRow, plan: UnitPlan, reason: string | undefined): Promise<{ text: string; before: UnitPlan['before']; after: UnitPlan['after'] }> {
    const t = actor.tenantId;
    const why = reason?.trim() || '交办方调整承办单位';
    const names = new Map((await tx.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', t).where('id', 'in', [...new Set([...plan.before.lead, ...plan.before.co, ...plan.after.lead, ...plan.after.co])]).execute()).map((u) => [u.id, u.name]));
    const nameList = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join('、');
    const draft = task.status === 'draft';
    const now = this.deps.clock.now();
    const ackDeadline = addWorkdays(this.deps.calendar, this.today(), 1);
    const said: string[] = [];
    const dropped = { lead: plan.before.lead.filter((u) => !plan.after.lead.includes(u)), co: plan.before.co.filter((u) => !plan.after.co.includes(u)) };
    const added = { lead: plan.after.lead.filter((u) => !plan.before.lead.includes(u)), co: plan.after.co.filter((u) => !plan.before.co.includes(u)) };
    const notices: { unit: string; taskId: string; title: string }[] = [];
    if (!plan.container && added.lead.length > 0) {
      // The task itself changes hands: what the old unit broke it into is cancelled, and the new
      // unit acknowledges it afresh.
      const next = added.lead[0]!;
      const mine = await tx.selectFrom('tasks').select('id').where('tenant_id', '=', t).where('parent_id', '=', task.id).where('issuer_unit_id', '=', task.owner_unit_id).execute();
      await this.cancelBelow(tx, actor, mine.map((m) => m.id), true, `牵头单位调整为${nameList([next])}：${why}`);
      const to = draft ? 'draft' : 'assigned';
      await tx.updateTable('tasks').set({ owner_unit_id: next, status: to, ack_deadline: draft ? null : ackDeadline, acknowledged_at: null, updated_at: now }).where('tenant_id', '=', t).where('id', '=', task.id).execute();
      if (!draft) await recordTaskEvent(tx, actor, now, task.id, { kind: 'assign', from: task.status, to, comment: `改由${nameList([next])}牵头承办` });
      if (!draft) notices.push({ unit: next, taskId: task.id, title: task.title });
      said.push(`牵头单位由${nameList(plan.before.lead)}改为${nameList(plan.after.lead)}`);
    } else {
      if (added.lead.length) said.push(`增加牵头单位${nameList(added.lead)}`);
      if (dropped.lead.length) said.push(`移除牵头单位${nameList(dropped.lead)}`);
    }
    if (added.co.length) said.push(`增加配合单位${nameList(added.co)}`);
    if (dropped.co.length) said.push(`移除配合单位${nameList(dropped.co)}`);
    // Parts of dropped units: cancelled with their own breakdown.
    const droppedParts = plan.parts.filter((p) => (p.unit_role === 'lead' ? plan.container && dropped.lead.includes(p.owner_unit_id) : dropped.co.includes(p.owner_unit_id)));
    await this.cancelBelow(tx, actor, droppedParts.map((p) => p.id), true, `单位调整，不再承办：${why}`);
    // Parts of added units, as the task's own parts are made when it is created.
    const newParts = [...(plan.container ? added.lead.map((u) => ({ unit: u, role: 'lead' as const })) : []), ...added.co.map((u) => ({ unit: u, role: 'co' as const }))];
    const rows = newParts.map((p, i) => ({
      tenant_id: t, id: randomUUID(), module: task.module, parent_id: task.id, root_id: task.root_id, depth: task.depth + 1, unit_role: p.role, weight: 1,
      title: partTitle(task.title, p.role), content: task.content, category: task.category, priority: task.priority, tags: task.tags,
      source_directive_id: task.source_directive_id, source_clause: task.source_clause, source_offset: task.source_offset,
      owner_unit_id: p.unit, issuer_unit_id: task.issuer_unit_id, issuer_user_id: actor.userId || null, responsible_leader_ids: task.responsible_leader_ids,
      start_date: task.start_date, deadline: task.deadline, long_term: task.long_term, report_cycle: task.report_cycle, report_due_day: task.report_due_day,
      status: draft ? ('draft' as const) : ('assigned' as const), ack_deadline: draft ? null : ackDeadline,
      search_key: taskSearchKey({ title: task.title, content: task.content, tags: task.tags }),
      // A millisecond apart, so the parts are listed in the order given.
      created_at: new Date(now.getTime() + i), updated_at: now,
    }));
    if (rows.length) await tx.insertInto('tasks').values(rows).execute();
    const ids = rows.map((r) => r.id);
    if (!draft) notices.push(...rows.map((r) => ({ unit: r.owner_unit_id, taskId: r.id, title: r.title })));
    if (!draft) await recordTaskEvents(tx, actor, now, ids.map((id) => ({ taskId: id, kind: 'assign', from: null, to: 'assigned', comment: `调整单位后交办` })));
    if (notices.length) {
      const liaisons = await this.deps.notifications.liaisonsByUnit(tx, t, notices.map((n) => n.unit));
      await this.deps.notifications.notifyMany(
        tx,
        notices.map((n) => ({ tenantId: t, userIds: liaisons.get(n.unit) ?? [], kind: 'assignment' as const, title: `新交办任务：${n.title}`, body: `请于 ${ackDeadline} 前签收${task.deadline ? `，完成时限 ${task.deadline}` : ''}`, taskId: n.taskId, dedupeKey: `assign:${n.taskId}:${n.unit}` })),
      );
    }
    await this.deps.lights.recomputeMany(tx, t, ids);
    return { text: `调整单位：${said.join('；')}（${why}）`, before: plan.before, after: plan.after };
  }

  private async notifyIssuer(tx: Executor, actor: Actor, task: TaskRow, kind: 'review' | 'extension' | 'report', title: string, body: string, dedupeKey: string): Promise<void> {
    const users = task.issuer_user_id ? [task.issuer_user_id] : await this.deps.notifications.liaisonsOf(tx, actor.tenantId, [task.issuer_unit_id]);
    await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: users, kind, title, body, taskId: task.id, dedupeKey });
  }

  /**
   * A progress report for the current period. It moves the task to 推进中 (acknowledging it if
   * needed), sets its own percent, and counts for every ancestor through the roll-up.
   */
  async report(actor: Actor, id: string, input: ReportInput): Promise<{ task: TaskRow; reportId: string; late: boolean }> {
    const { task, access } = await this.load(actor, id);
    const to = this.requireAction(actor, task, access, 'report');
    if (!input.done.trim()) throw invalid('done', '请填写本期完成情况');
    if (!(input.percent >= 0 && input.percent <= 100)) throw invalid('percent', '完成进度应在 0–100 之间');
    const today = this.today();
    const anchor = reportAnchor(task);
    const period = periodContaining(task.report_cycle as ReportCycle, task.report_due_day, today, anchor, this.deps.calendar);
    const periodKey = period?.key ?? today.slice(0, 7);
    // The lights' rule: a period whose report was due before the task started is not owed, so not late.
    const late = isLateReport(period, today, anchor);
    return this.deps.db.transaction().execute(async (tx) => {
      const now = this.deps.clock.now();
      const reportId = randomUUID();
      const t = actor.tenantId;
      // The task with what its light depends on, locked: its new light is computed before the
      // write, so the report writes the task's row once (dead rows are what slows the lists).
      const current = await tx.selectFrom('tasks as t').selectAll('t').select(lightContext()).where('t.tenant_id', '=', t).where('t.id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const lastPeriod = current.last_report_period && current.last_report_period > periodKey ? current.last_report_period : periodKey;
      const changes = { status: to, own_percent: input.percent, last_report_at: now, last_report_period: lastPeriod, updated_at: now, ...(current.acknowledged_at ? {} : { acknowledged_at: now }) };
      // Reports arrive in bursts at every deadline: the report, the task's new state and the
      // timeline entry are written by one statement (data-modifying CTEs), so a report costs few round trips.
      const fresh = await tx
        .with('r', (db) =>
          db
            .insertInto('progress_reports')
            .values({ tenant_id: t, id: reportId, task_id: id, org_unit_id: task.owner_unit_id, period: periodKey, done: input.done.trim(), percent: input.percent, difficulties: input.difficulties?.trim() ?? '', next_steps: input.nextSteps?.trim() ?? '', late, reported_by: actor.userId, reported_at: now })
            .returning('id'),
        )
        .with('e', (db) =>
          db
            .insertInto('task_events')
            .values(taskEventRow(actor, now, id, { kind: 'report', from: task.status, to, comment: `${periodKey} 进展 ${input.percent}%${late ? '（逾期报送）' : ''}`, data: { reportId, percent: input.percent } }))
            .returning('id'),
        )
        .updateTable('tasks as t')
        .set({ ...changes, ...this.deps.lights.settle(current, changes) })
        .where('t.tenant_id', '=', t)
        .where('t.id', '=', id)
        .returningAll('t')
        .executeTakeFirstOrThrow();
      if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'progressReport', reportId, input.attachmentIds);
      if (fresh.parent_id) await this.deps.lights.recomputeUp(tx, t, fresh.parent_id);
      // Last: the audit append holds the tenant's chain lock until commit.
      await this.deps.audit.record(tx, actor, { action: 'task.report', entityType: 'progressReport', entityId: reportId, summary: `报送进展：${task.title} ${input.percent}%`, after: { taskId: id, period: periodKey, percent: input.percent, late } });
      return { task: fresh, reportId, late };
    });
  }

  /** The issuer comments on a report, or sends it back to be redone. */
  async reviewReport(actor: Actor, reportId: string, input: { comment: string; sendBack: boolean }): Promise<void> {
    const report = await this.deps.db.selectFrom('progress_reports').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', reportId).executeTakeFirst();
    if (!report) throw notFound('进展报告');
    const { task, access } = await this.load(actor, report.task_id);
    if (!taskPolicies(actor, task, access).reviewReport) throw forbidden('只有交办方可以点评或退回进展');
    if (!input.comment.trim()) throw invalid('comment', '请填写意见');
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('progress_reports')
        .set({ review_comment: input.comment.trim(), reviewed_by: actor.userId, reviewed_at: this.deps.clock.now(), ...(input.sendBack ? { status: 'returned' } : {}) })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', reportId)
        .execute();
      await this.event(tx, actor, task, input.sendBack ? 'report_returned' : 'report_comment', null, null, input.comment, { reportId });
      await this.deps.audit.record(tx, actor, { action: input.sendBack ? 'report.return' : 'report.comment', entityType: 'progressReport', entityId: reportId, summary: `${input.sendBack ? '退回' : '点评'}进展：${task.title}`, after: { comment: input.comment } });
      await this.deps.notifications.notify(tx, { tenantId: actor.tenantId, userIds: [report.reported_by], kind: 'report', title: `${input.sendBack ? '进展被退回' : '进展收到点评'}：${task.title}`, body: input.comment, taskId: task.id, dedupeKey: `report-review:${reportId}:${this.deps.clock.now().getTime()}` });
      if (input.sendBack) {
        // A returned report no longer counts: the latest period is that of the remaining ones.
        const latest = await tx.selectFrom('progress_reports').select((eb) => eb.fn.max('period').as('p')).where('tenant_id', '=', actor.tenantId).where('task_id', '=', task.id).where('status', '=', 'submitted').executeTakeFirst();
        await tx.updateTable('tasks').set({ last_report_period: (latest?.p as string | null) ?? null }).where('tenant_id', '=', actor.tenantId).where('id', '=', task.id).execute();
        await this.deps.lights.recomputeUp(tx, actor.tenantId, task.id);
      }
    });
  }

  /** Tasks in the actor's scope, filtered and paged. */
  async list(actor: Actor, filter: TaskFilter): Promise<Page<TaskRow & { owner_unit_name: string }>> {
    const db = this.deps.db;
    let q = db
      .selectFrom('tasks as t')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.owner_unit_id'))
      .where('t.tenant_id', '=', actor.tenantId)
      .where('t.deleted_at', 'is', null)
      .where((eb) => eb.or([inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')), inScope(actor.scope, actor.tenantId, eb.ref('t.issuer_unit_id'))]));
    if (filter.module) q = q.where('t.module', '=', filter.module);
    if (filter.rootsOnly) q = q.where('t.parent_id', 'is', null);
    if (filter.parentId) q = q.where('t.parent_id', '=', filter.parentId);
    if (filter.unitId) {
      const unit = filter.unitId;
      q = q.where('t.owner_unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', unit));
    }
    if (filter.ownerUnitId) q = q.where('t.owner_unit_id', '=', filter.ownerUnitId);
    if (filter.light?.length) q = q.where('t.light', 'in', filter.light);
    if (filter.status?.length) q = q.where('t.status', 'in', filter.status);
    if (filter.category) q = q.where('t.category', '=', filter.category);
    if (filter.deadlineFrom) q = q.where('t.deadline', '>=', filter.deadlineFrom);
    if (filter.deadlineTo) q = q.where('t.deadline', '<=', filter.deadlineTo);
    if (filter.leaderId) q = q.where(sql<boolean>`${filter.leaderId}::uuid = ANY(t.responsible_leader_ids)`);
    if (filter.q?.trim()) q = q.where('t.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    if (filter.flag) q = q.where(taskFlagCondition(filter.flag, actor, this.today()));
    let rows = q.selectAll('t').select('o.name as owner_unit_name');
    if (filter.sort === 'created') rows = rows.orderBy('t.created_at', 'desc');
    else if (filter.sort === 'light') rows = rows.orderBy(sql`CASE t.light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 ELSE 3 END`).orderBy('t.deadline');
    else if (filter.sort === 'deadline') rows = rows.orderBy(sql`t.deadline ASC NULLS LAST`).orderBy('t.created_at', 'desc');
    // The expression of the index tasks_urgency_idx (migration 0006), word for word, so the city
    // list reads its first page in index order. Overdue work has the earliest deadlines, so it
    // leads each rank.
    else rows = rows.orderBy(URGENCY).orderBy(sql`t.deadline ASC NULLS LAST`);
    return paginate(rows.orderBy('t.id'), q, filter);
  }

  /** What the actor must do now: acknowledge, report, answer, review. */
  async inbox(actor: Actor): Promise<InboxItem[]> {
    const db = this.deps.db;
    const out: InboxItem[] = [];
    const base = () =>
      db
        .selectFrom('tasks as t')
        .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.owner_unit_id'))
        .selectAll('t')
        .select('o.name as owner_unit_name')
        .where('t.tenant_id', '=', actor.tenantId)
        .where('t.deleted_at', 'is', null);
    if (actor.grants.some((g) => g.role === 'liaison')) {
      const mine = await base()
        .where('t.owner_unit_id', '=', actor.orgUnitId)
        .where('t.status', 'in', ['assigned', 'acknowledged', 'in_progress', 'returned'])
        .orderBy(sql`t.deadline ASC NULLS LAST`)
        .limit(200)
        .execute();
      for (const t of mine) {
        if (t.status === 'assigned') out.push({ kind: 'acknowledge', task: t, detail: t.ack_deadline ? `请于 ${t.ack_deadline} 前签收` : '请签收' });
        else if (t.status === 'returned') out.push({ kind: 'rework', task: t, detail: '办结申请被退回，请继续办理' });
        else if (t.light !== 'green' && t.light_reason) out.push({ kind: 'report', task: t, detail: t.light_reason });
      }
      const questions = await db
        .selectFrom('instructions as i')
        .innerJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'i.tenant_id').onRef('t.id', '=', 'i.task_id'))
        .select(['i.id', 'i.task_id', 'i.content'])
        .where('i.tenant_id', '=', actor.tenantId)
        .where('i.answer', 'is', null)
        .where('t.owner_unit_id', '=', actor.orgUnitId)
        .execute();
      const orders = await db
        .selectFrom('supervision_orders')
        .select(['id', 'task_id', 'number', 'reply_deadline'])
        .where('tenant_id', '=', actor.tenantId)
        .where('recipient_unit_id', '=', actor.orgUnitId)
        .where('status', '=', 'open')
        .execute();
      const ids = [...new Set([...questions.map((q) => q.task_id), ...orders.map((o) => o.task_id)])];
      const tasks = ids.length ? new Map((await base().where('t.id', 'in', ids).execute()).map((t) => [t.id, t])) : new Map();
      for (const q of questions) if (tasks.get(q.task_id)) out.push({ kind: 'instruction', task: tasks.get(q.task_id)!, detail: `领导批示待回复：${q.content.slice(0, 40)}`, refId: q.id, refLabel: q.content });
      for (const o of orders) if (tasks.get(o.task_id)) out.push({ kind: 'order', task: tasks.get(o.task_id)!, detail: `督办单 ${o.number} 请于 ${o.reply_deadline} 前回复`, refId: o.id, refLabel: o.number ?? '' });
    }
    if (actor.grants.some((g) => g.role === 'supervisor')) {
      const scope = scopeForRoles(actor, ['supervisor']);
      const review = await base().where('t.status', '=', 'completion_requested').where((eb) => inScope(scope, actor.tenantId, eb.ref('t.owner_unit_id'))).limit(200).execute();
      for (const t of review) out.push({ kind: 'review', task: t, detail: '申请办结，待审核' });
      const ext = await db
        .selectFrom('extension_requests as e')
        .innerJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'e.tenant_id').onRef('t.id', '=', 'e.task_id'))
        .select(['e.id', 'e.task_id', 'e.requested_deadline'])
        .where('e.tenant_id', '=', actor.tenantId)
        .where('e.status', '=', 'pending')
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('t.owner_unit_id')))
        .limit(200)
        .execute();
      // A replied order is still 未办结 (and still lights the task) until the office closes it.
      const replied = await db
        .selectFrom('supervision_orders as so')
        .innerJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'so.tenant_id').onRef('t.id', '=', 'so.task_id'))
        .select(['so.id', 'so.task_id', 'so.number'])
        .where('so.tenant_id', '=', actor.tenantId)
        .where('so.status', '=', 'replied')
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('t.owner_unit_id')))
        .orderBy('so.replied_at')
        .limit(200)
        .execute();
      // Orders proposed by the nightly escalation pass, waiting for the office to accept or dismiss.
      const proposals = await db
        .selectFrom('escalation_proposals as p')
        .innerJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'p.tenant_id').onRef('t.id', '=', 'p.task_id'))
        .select(['p.id', 'p.task_id', 'p.level', 'p.reason'])
        .where('p.tenant_id', '=', actor.tenantId)
        .where('p.status', '=', 'pending')
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('t.owner_unit_id')))
        .orderBy('p.created_at')
        .limit(200)
        .execute();
      const ids = [...new Set([...ext.map((e) => e.task_id), ...replied.map((o) => o.task_id), ...proposals.map((p) => p.task_id)])];
      const tasks = ids.length ? new Map((await base().where('t.id', 'in', ids).execute()).map((t) => [t.id, t])) : new Map();
      for (const e of ext) if (tasks.get(e.task_id)) out.push({ kind: 'extension', task: tasks.get(e.task_id)!, detail: `申请延期至 ${e.requested_deadline}`, refId: e.id, refLabel: e.requested_deadline });
      for (const o of replied) if (tasks.get(o.task_id)) out.push({ kind: 'order_close', task: tasks.get(o.task_id)!, detail: `督办单 ${o.number} 已回复，待办结`, refId: o.id, refLabel: o.number ?? '' });
      for (const p of proposals) if (tasks.get(p.task_id)) out.push({ kind: 'proposal', task: tasks.get(p.task_id)!, detail: `建议下发${LEVEL_NAMES[p.level]}督办单：${p.reason}`, refId: p.id, refLabel: p.level });
    }
    if (actor.grants.some((g) => g.role === 'leader')) {
      // Red work the leader answers for and has not yet commented on: the 批示 it waits for.
      const red = await base()
        .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')))
        .where(taskFlagCondition('awaitingMyInstruction', actor, this.today()))
        .orderBy(sql`t.deadline ASC NULLS LAST`)
        .limit(200)
        .execute();
      for (const t of red) out.push({ kind: 'instruct', task: t, detail: t.light_reason });
      // Orders the office drafted for his 签发, each with its task in the same query.
      const drafts = await base()
        .innerJoin('supervision_orders as so', (j) => j.onRef('so.tenant_id', '=', 't.tenant_id').onRef('so.task_id', '=', 't.id'))
        .select(['so.id as order_id', 'so.level as order_level', 'so.matter as order_matter'])
        .where('so.status', '=', 'pending_signoff')
        .where(sql<boolean>`${actor.userId}::uuid = ANY(t.responsible_leader_ids)`)
        .orderBy('so.issued_at')
        .limit(200)
        .execute();
      for (const { order_id, order_level, order_matter, ...task } of drafts) {
        out.push({ kind: 'order_signoff', task, detail: `${LEVEL_NAMES[order_level]}督办单待签发：${order_matter.slice(0, 40)}`, refId: order_id, refLabel: order_level });
      }
    }
    return out;
  }

  /** A task's progress reports, newest first, a page at a time, with reporters' names and evidence. */
  async reports(actor: Actor, id: string, query: PageQuery) {
    await this.load(actor, id);
    return this.reportPage(actor.tenantId, id, query);
  }

  private async reportPage(t: string, taskId: string, query: PageQuery) {
    const db = this.deps.db;
    const filtered = db.selectFrom('progress_reports').where('tenant_id', '=', t).where('task_id', '=', taskId);
    const page = await paginate(filtered.selectAll().orderBy('reported_at', 'desc').orderBy('id', 'desc'), filtered, query);
    const ids = page.data.map((r) => r.id);
    const reporterIds = [...new Set(page.data.map((r) => r.reported_by))];
    const [attachments, people] = await Promise.all([
      ids.length
        ? db.selectFrom('attachments').select(['id', 'owner_type', 'owner_id', 'file_name', 'content_type', 'size_bytes']).where('tenant_id', '=', t).where('owner_type', '=', 'progressReport').where('owner_id', 'in', ids).where('deleted_at', 'is', null).orderBy('uploaded_at').execute()
        : [],
      reporterIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', t).where('id', 'in', reporterIds).execute() : [],
    ]);
    const names = new Map(people.map((p) => [p.id, p.display_name]));
    return { data: page.data.map((r) => ({ ...r, reported_by_name: names.get(r.reported_by) ?? '', attachments: attachments.filter((a) => a.owner_id === r.id) })), page: page.page };
  }

  /**
   * The timeline, parts, newest reports, orders, extensions and instructions of a task. One
   * statement reads the task with its units' paths (for the scope check, made before anything is
   * returned) and every collection as JSON (fifteen queries in five round trips before); the
   * JSON rows are given their timestamps back as Dates, so they are the rows the driver returns.
   */
  async detail(actor: Actor, id: string) {
    const db = this.deps.db;
    const t = actor.tenantId;
    // Everything hung on the task comes from luoshi_task_detail (migration 0035), whose statement
    // is planned once per connection: planning the same eleven subqueries here cost more than the
    // rest of the request.
    const row = await sql<
      TaskRow & { owner_path: string[]; issuer_path: string[]; owner_unit_name: string | null; issuer_unit_name: string | null; reports_total: number } & Record<'events' | 'children' | 'reports' | 'orders' | 'extensions' | 'instructions' | 'ancestors' | 'attachments' | 'people', unknown>
    >`
      SELECT t.*, d.*
      FROM tasks t
      CROSS JOIN LATERAL luoshi_task_detail(t.tenant_id, t.id, t.parent_id, t.owner_unit_id, t.issuer_unit_id, t.responsible_leader_ids, ${DETAIL_REPORTS}::integer, ${TOTAL_CAP}::integer) d
      WHERE t.tenant_id = ${t}::uuid AND t.id = ${id}::uuid AND t.deleted_at IS NULL`.execute(db);
    const found = row.rows[0];
    if (!found) throw notFound('任务');
    const { owner_path, issuer_path, owner_unit_name, issuer_unit_name, reports_total, events, children, reports, orders, extensions, instructions, ancestors, attachments, people, ...task } = found;
    const access = taskAccess(actor, task, owner_path, issuer_path);
    if (!access) throw notFound('任务');
    const reportRows = jsonRows<ProgressReportRow & { reported_by_name: string; attachments: AttachmentSummary[] }>(reports);
    const names = jsonRows<{ id: string; display_name: string }>(people);
    return {
      task: { ...task, owner_unit_name: owner_unit_name ?? '', issuer_unit_name: issuer_unit_name ?? '' },
      ancestors: task.parent_id ? jsonRows<{ id: string; title: string }>(ancestors) : [],
      events: jsonRows<TaskEventRow>(events),
      children: jsonRows<TaskRow & { owner_unit_name: string }>(children),
      attachments: jsonRows<AttachmentSummary>(attachments),
      /** The newest reports; `reportsPage` tells how many there are, `reports()` pages the rest. */
      reports: reportRows,
      reportsPage: { page: 1, pageSize: DETAIL_REPORTS, total: Math.min(reports_total, TOTAL_CAP), totalExact: reports_total <= TOTAL_CAP },
      orders: jsonRows<SupervisionOrderRow>(orders),
      extensions: jsonRows<ExtensionRequestRow>(extensions),
      instructions: jsonRows<InstructionRow>(instructions),
      people: new Map(names.map((p) => [p.id, p.display_name])),
      policies: taskPolicies(actor, task, access),
    };
  }
}

export { AppError };
