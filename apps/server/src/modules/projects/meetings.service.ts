import { escapeLike } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { hasRole, inScope, scopeContains, scopeForRoles, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import { paginate, type PageQuery } from '../../db/pagination.ts';
import type { DB } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { TaskService } from '../../supervision/task.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { coordinationTask, type CoordinationAssignment } from './projects.service.ts';

/** The kinds of meeting; issue 12 adds 点评, 观摩 and 述职 to the same tables. */
export const MEETING_KINDS = ['coordination'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { coordination: '会办' };

export interface MeetingDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: TaskService;
}

export interface MeetingInput {
  kind: MeetingKind;
  title: string;
  heldOn: string;
  place?: string | undefined;
  hostName: string;
  attendees?: string | undefined;
  /** The agenda: open project problems, in this order. */
  problemIds: string[];
}

export interface MeetingFilter extends PageQuery {
  kind?: MeetingKind | undefined;
  q?: string | undefined;
}

export interface DecisionInput extends CoordinationAssignment {
  content: string;
}

/** The project problems needing coordination, with their project, as agenda items show them. */
function problemsOf(db: Executor, tenantId: string) {
  return db
    .selectFrom('project_problems as pp')
    .innerJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'pp.tenant_id').onRef('p.id', '=', 'pp.project_id'))
    .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
    .leftJoin('project_reports as r', (j) => j.onRef('r.tenant_id', '=', 'pp.tenant_id').onRef('r.id', '=', 'pp.report_id'))
    .where('pp.tenant_id', '=', tenantId)
    .where('p.deleted_at', 'is', null);
}

/**
 * Coordination meetings (会办, issue 11): the agenda is chosen from the open project problems in
 * the supervisor's scope, minutes are kept per item, and each decision becomes a coordination task
 * through the supervision core, in one transaction with the problem's link to it. A meeting is
 * seen by those whose scope holds its organising unit and run by that unit's supervisors.
 */
export class MeetingService {
  constructor(private readonly deps: MeetingDeps) {}

  private requireSupervisor(actor: Actor, message: string): void {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) throw forbidden(message);
  }

  /** Open problems (not yet handed to units) of projects in the supervisor's scope: what an agenda is chosen from. */
  async candidates(actor: Actor) {
    this.requireSupervisor(actor, '只有督查人员可以安排会办议题');
    const scope = scopeForRoles(actor, ['supervisor']);
    const rows = await problemsOf(this.deps.db, actor.tenantId)
      .select(['pp.id', 'pp.description', 'pp.created_at', 'p.id as project_id', 'p.code as project_code', 'p.name as project_name', 'o.name as lead_unit_name', 'r.period'])
      .select(sql<number>`(SELECT count(*) FROM meeting_items mi WHERE mi.tenant_id = pp.tenant_id AND mi.problem_id = pp.id)`.as('times_discussed'))
      .where('pp.task_id', 'is', null)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('p.lead_unit_id')))
      .orderBy('pp.created_at')
      .orderBy('pp.id')
      .limit(500)
      .execute();
    return rows.map((r) => ({ ...r, times_discussed: Number(r.times_discussed) }));
  }

  async create(actor: Actor, input: MeetingInput): Promise<string> {
    this.requireSupervisor(actor, '只有督查人员可以组织会办');
    const ids = [...new Set(input.problemIds)];
    if (ids.length !== input.problemIds.length) throw invalid('problemIds', '议题重复');
    const scope = scopeForRoles(actor, ['supervisor']);
    return this.deps.db.transaction().execute(async (tx) => {
      const problems = await problemsOf(tx, actor.tenantId)
        .select(['pp.id', 'pp.description', 'p.name as project_name'])
        .where('pp.id', 'in', ids)
        .where('pp.task_id', 'is', null)
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('p.lead_unit_id')))
        .execute();
      if (problems.length !== ids.length) throw invalid('problemIds', '议题中有问题不存在、不在您的督查范围内或已交办');
      const byId = new Map(problems.map((p) => [p.id, p]));
      const now = this.deps.clock.now();
      const meeting = await tx
        .insertInto('meetings')
        .values({ tenant_id: actor.tenantId, kind: input.kind, title: input.title, held_on: input.heldOn, place: input.place ?? '', host_name: input.hostName, attendees: input.attendees ?? '', organizer_unit_id: actor.orgUnitId, created_by: actor.userId || null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('meeting_items')
        .values(ids.map((id, i) => ({ tenant_id: actor.tenantId, meeting_id: meeting.id, position: i + 1, problem_id: id, subject: `${byId.get(id)!.project_name}：${byId.get(id)!.description}`.slice(0, 1000) })))
        .execute();
      await this.deps.audit.record(tx, actor, { action: 'meeting.create', entityType: 'meeting', entityId: meeting.id, summary: `组织${MEETING_KIND_LABELS[input.kind]} ${input.title}(${input.heldOn},议题 ${ids.length} 项)`, after: input });
      return meeting.id;
    });
  }

  /** The meeting and whether the actor runs it; 404 outside scope. */
  private async load(actor: Actor, id: string, db: Executor = this.deps.db) {
    const row = await db
      .selectFrom('meetings as m')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'm.tenant_id').onRef('o.id', '=', 'm.organizer_unit_id'))
      .selectAll('m')
      .select('o.name as organizer_name')
      .select(sql<string[]>`ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = m.tenant_id AND oc.descendant_id = m.organizer_unit_id)`.as('path'))
      .where('m.tenant_id', '=', actor.tenantId)
      .where('m.id', '=', id)
      .executeTakeFirst();
    if (!row || !scopeContains(actor.scope, row.organizer_unit_id, row.path)) throw notFound('会议');
    const { path, ...meeting } = row;
    const runs = !actor.readOnly && scopeContains(scopeForRoles(actor, ['supervisor']), meeting.organizer_unit_id, path);
    return { meeting, runs };
  }

  private async loadItem(actor: Actor, meetingId: string, itemId: string) {
    const { meeting, runs } = await this.load(actor, meetingId);
    if (!runs) throw forbidden('只有组织单位的督查人员可以记录会议');
    const item = await this.deps.db.selectFrom('meeting_items').selectAll().where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).where('id', '=', itemId).executeTakeFirst();
    if (!item) throw notFound('议题');
    return { meeting, item };
  }

  async list(actor: Actor, filter: MeetingFilter) {
    let q = this.deps.db
      .selectFrom('meetings as m')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'm.tenant_id').onRef('o.id', '=', 'm.organizer_unit_id'))
      .where('m.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('m.organizer_unit_id')));
    if (filter.kind) q = q.where('m.kind', '=', filter.kind);
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      q = q.where((eb) => eb.or([eb('m.title', 'like', like), eb('m.host_name', 'like', like), eb('m.place', 'like', like)]));
    }
    const rows = q
      .selectAll('m')
      .select('o.name as organizer_name')
      .select([
        sql<number>`(SELECT count(*) FROM meeting_items mi WHERE mi.tenant_id = m.tenant_id AND mi.meeting_id = m.id)`.as('item_count'),
        sql<number>`(SELECT count(*) FROM meeting_decisions md JOIN meeting_items mi ON mi.tenant_id = md.tenant_id AND mi.id = md.item_id WHERE mi.tenant_id = m.tenant_id AND mi.meeting_id = m.id)`.as('decision_count'),
      ])
      .orderBy('m.held_on', 'desc')
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id');
    const page = await paginate(rows, q, filter);
    return { ...page, data: page.data.map((r) => ({ ...r, item_count: Number(r.item_count), decision_count: Number(r.decision_count) })) };
  }

  /** The meeting page: the meeting, its agenda with minutes, and each item's decisions with their tasks. */
  async detail(actor: Actor, id: string) {
    const { meeting, runs } = await this.load(actor, id);
    const t = actor.tenantId;
    const [items, decisions] = await Promise.all([
      this.deps.db
        .selectFrom('meeting_items as mi')
        .leftJoin('project_problems as pp', (j) => j.onRef('pp.tenant_id', '=', 'mi.tenant_id').onRef('pp.id', '=', 'mi.problem_id'))
        .leftJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'pp.tenant_id').onRef('p.id', '=', 'pp.project_id'))
        .leftJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
        .select(['mi.id', 'mi.position', 'mi.subject', 'mi.minutes', 'mi.problem_id', 'pp.description as problem', 'pp.task_id as problem_task_id', 'p.id as project_id', 'p.code as project_code', 'p.name as project_name', 'o.name as lead_unit_name'])
        .where('mi.tenant_id', '=', t)
        .where('mi.meeting_id', '=', id)
        .orderBy('mi.position')
        .execute(),
      this.deps.db
        .selectFrom('meeting_decisions as d')
        .innerJoin('meeting_items as mi', (j) => j.onRef('mi.tenant_id', '=', 'd.tenant_id').onRef('mi.id', '=', 'd.item_id'))
        .innerJoin('tasks as tk', (j) => j.onRef('tk.tenant_id', '=', 'd.tenant_id').onRef('tk.id', '=', 'd.task_id'))
        .leftJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'tk.tenant_id').onRef('u.id', '=', 'tk.owner_unit_id'))
        .select(['d.id', 'd.item_id', 'd.content', 'd.task_id', 'd.created_at', 'tk.status as task_status', 'tk.light as task_light', 'tk.deadline as task_deadline', 'u.name as task_unit_name'])
        .where('d.tenant_id', '=', t)
        .where('mi.meeting_id', '=', id)
        .orderBy('d.created_at')
        .orderBy('d.id')
        .execute(),
    ]);
    return { meeting, runs, items: items.map((i) => ({ ...i, decisions: decisions.filter((d) => d.item_id === i.id) })) };
  }

  async recordMinutes(actor: Actor, meetingId: string, itemId: string, minutes: string): Promise<void> {
    const { meeting, item } = await this.loadItem(actor, meetingId, itemId);
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('meeting_items').set({ minutes }).where('tenant_id', '=', actor.tenantId).where('id', '=', itemId).execute();
      await tx.updateTable('meetings').set({ updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
      await this.deps.audit.record(tx, actor, { action: 'meeting.minutes', entityType: 'meeting', entityId: meetingId, summary: `${meeting.title} 第 ${item.position} 项议题纪要`, before: { minutes: item.minutes }, after: { itemId, minutes } });
    });
  }

  /**
   * A decision on an agenda item becomes a coordination task for the units named, created by the
   * supervision core in the same transaction; the item's problem, still open, links to the task.
   */
  async decide(actor: Actor, meetingId: string, itemId: string, input: DecisionInput): Promise<{ decisionId: string; taskId: string }> {
    const { meeting, item } = await this.loadItem(actor, meetingId, itemId);
    const project = item.problem_id ? await this.deps.db.selectFrom('project_problems as pp').innerJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'pp.tenant_id').onRef('p.id', '=', 'pp.project_id')).select(['p.id', 'p.name', 'pp.description']).where('pp.tenant_id', '=', actor.tenantId).where('pp.id', '=', item.problem_id).executeTakeFirstOrThrow() : null;
    const taskInput = coordinationTask(`【会办】${project ? `${project.name}：` : ''}${input.content}`, `${meeting.title}(${meeting.held_on})议定：${input.content}${project ? `\n问题：${project.description}` : ''}`, input);
    await this.deps.tasks.validateNew(actor, taskInput);
    return this.deps.db.transaction().execute(async (tx) => {
      const task = await this.deps.tasks.createIn(tx, actor, taskInput);
      const decision = await tx
        .insertInto('meeting_decisions')
        .values({ tenant_id: actor.tenantId, item_id: itemId, content: input.content, task_id: task.id, decided_by: actor.userId || null, created_at: this.deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (item.problem_id) {
        // The problem's first decision is its task (a later decision on it adds a task of its own).
        await tx.updateTable('project_problems').set({ task_id: task.id }).where('tenant_id', '=', actor.tenantId).where('id', '=', item.problem_id).where('task_id', 'is', null).execute();
      }
      await this.deps.audit.record(tx, actor, { action: 'meeting.decide', entityType: 'meeting', entityId: meetingId, summary: `${meeting.title} 议定事项转为任务:${input.content}`, after: { itemId, taskId: task.id, ...input } });
      return { decisionId: decision.id, taskId: task.id };
    });
  }
}

export type MeetingListRow = Awaited<ReturnType<MeetingService['list']>>['data'][number];
export type MeetingDetail = Awaited<ReturnType<MeetingService['detail']>>;
