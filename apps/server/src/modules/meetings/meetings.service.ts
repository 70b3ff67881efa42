import { ATTENDANCE_STATUSES, escapeLike, MEETING_KINDS, type AttendanceInput, type AttendanceStatus, type MeetingInput, type MeetingKind, type ProjectMaterial, type RankedUnit, type UnitMaterial } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { hasRole, inScope, scopeContains, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import { paginate, type PageQuery } from '../../db/pagination.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { TaskService } from '../../supervision/task.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { STAGE_LABELS } from '../projects/project-rules.ts';
import { coordinationTask, type CoordinationAssignment } from '../projects/projects.service.ts';
import { bulletinFigures } from '../rhythm/bulletin.figures.ts';
import { periodLabel, periodOfKey } from '../rhythm/cadence-rules.ts';

export { ATTENDANCE_STATUSES, MEETING_KINDS };
export type { AttendanceInput, AttendanceStatus, MeetingInput, MeetingKind, ProjectMaterial, UnitMaterial };
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { coordination: '会办', review: '点评', site_visit: '观摩', duty_report: '述职' };
/** A decision of a 点评, 观摩 or 述职 becomes a task of this module (a 会办's, a coordination task). */
export const DECISION_MODULE = 'decision';

export interface MeetingDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: TaskService;
  /** The top unit of a supervisor's scope: whose child units a 点评 ranks or a 述职 hears, unless named. */
  topUnit: (actor: Actor, db: Executor) => Promise<string>;
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const amount = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** 述职's draft of a unit's period: what its tasks, rectifications and projects say, in the office's words. */
export function dutyDraft(line: RankedUnit, label: string): string {
  const parts = [`${label}，${line.name}办结督办事项 ${line.completed} 件，其中按时办结 ${line.onTime} 件，按时办结率 ${pct(line.onTimeRate)}；逾期未办结 ${line.overdue} 件`];
  if (line.problems) parts.push(`查摆问题 ${line.problems} 个，已整改 ${line.rectified} 个，整改率 ${pct(line.rectificationRate)}`);
  if (line.planned) parts.push(`重点项目年度计划投资 ${amount(line.planned)} 万元，已完成 ${amount(line.invested)} 万元，完成率 ${pct(line.investmentRate)}`);
  return `${parts.join('；')}。`;
}

function rankingSubject(kind: 'review' | 'duty_report', line: RankedUnit, label: string): string {
  return kind === 'review'
    ? `第 ${line.rank} 名 ${line.name}：按时办结率 ${pct(line.onTimeRate)}，逾期 ${line.overdue} 件，整改率 ${pct(line.rectificationRate)}`
    : `${line.name}${label}述职`;
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
  async candidates(actor: Actor, limit = 500) {
    this.requireSupervisor(actor, '只有督查人员可以安排会办议题');
    const scope = scopeForRoles(actor, ['supervisor']);
    const open = problemsOf(this.deps.db, actor.tenantId)
      .where('pp.task_id', 'is', null)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('p.lead_unit_id')));
    const [rows, total] = await Promise.all([
      open
        .select(['pp.id', 'pp.description', 'pp.created_at', 'p.id as project_id', 'p.code as project_code', 'p.name as project_name', 'o.name as lead_unit_name', 'r.period'])
        .select(sql<number>`(SELECT count(*) FROM meeting_items mi WHERE mi.tenant_id = pp.tenant_id AND mi.problem_id = pp.id)`.as('times_discussed'))
        .orderBy('pp.created_at')
        .orderBy('pp.id')
        .limit(Math.min(limit, 500))
        .execute(),
      open.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { data: rows.map((r) => ({ ...r, times_discussed: Number(r.times_discussed) })), total: Number(total.n) };
  }

  /** The scope unit for 点评 and 述职: the one named (in the supervisor's scope) or the top of the scope. */
  private async scopeUnit(actor: Actor, unitId: string | undefined, db: Executor = this.deps.db): Promise<string> {
    if (!unitId) return this.deps.topUnit(actor, db);
    const ok = await unitInScope(db, scopeForRoles(actor, ['supervisor']), actor.tenantId, unitId);
    if (!ok) throw invalid('scopeUnitId', '范围单位不存在或不在您的督查范围内');
    return unitId;
  }

  private periodOf(period: string | undefined) {
    const p = period ? periodOfKey(period) : null;
    if (!p) throw invalid('period', '请选择点评或述职的期间（如 2026-Q3、2026）');
    return p;
  }

  /**
   * 点评's and 述职's agenda candidates: the scope unit's child units with their line for the
   * period (the bulletin's own count: on-time rate, overdue, rectification, investment), ranked.
   */
  async unitCandidates(actor: Actor, input: { kind: 'review' | 'duty_report'; period?: string | undefined; scopeUnitId?: string | undefined }, db: Executor = this.deps.db): Promise<UnitMaterial[]> {
    this.requireSupervisor(actor, '只有督查人员可以安排点评或述职');
    const p = this.periodOf(input.period);
    const scopeUnitId = await this.scopeUnit(actor, input.scopeUnitId, db);
    const today = shanghaiDate(this.deps.clock.now());
    const f = await bulletinFigures(db as Kysely<DB>, actor, { period: p.range.key, start: p.range.start, end: p.range.end, scopeUnitId, today });
    const label = periodLabel(p.range.key);
    return f.ranking.map((line) => ({ ...line, period: p.range.key, periodLabel: label, draft: dutyDraft(line, label) }));
  }

  /** 观摩's agenda candidates: projects in the supervisor's scope with the year's investment and their newest progress. */
  async projectCandidates(actor: Actor, filter: { q?: string | undefined; limit?: number | undefined; ids?: string[] }, db: Executor = this.deps.db) {
    this.requireSupervisor(actor, '只有督查人员可以安排观摩');
    const scope = scopeForRoles(actor, ['supervisor']);
    const year = Number(shanghaiDate(this.deps.clock.now()).slice(0, 4));
    let q = db
      .selectFrom('projects as p')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
      .where('p.tenant_id', '=', actor.tenantId)
      .where('p.deleted_at', 'is', null)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('p.lead_unit_id')));
    if (filter.ids) q = q.where('p.id', 'in', filter.ids);
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      q = q.where((eb) => eb.or([eb('p.name', 'like', like), eb('p.code', 'like', like), eb('o.name', 'like', like)]));
    }
    const [rows, total] = await Promise.all([
      q
        // The newest report, once per project: its period and its progress.
        .leftJoinLateral(
          (eb) => eb.selectFrom('project_reports as r').select(['r.period', 'r.progress']).whereRef('r.tenant_id', '=', 'p.tenant_id').whereRef('r.project_id', '=', 'p.id').orderBy('r.period', 'desc').limit(1).as('nr'),
          (join) => join.onTrue(),
        )
        .select(['p.id', 'p.code', 'p.name', 'p.stage', 'p.light', 'o.name as lead_unit_name', 'nr.period as latest_period', 'nr.progress'])
        .select([
          sql<string | null>`(SELECT yp.planned FROM project_year_plans yp WHERE yp.tenant_id = p.tenant_id AND yp.project_id = p.id AND yp.year = ${year})`.as('planned'),
          sql<string | null>`(SELECT sum(r.invested) FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period LIKE ${`${year}-%`})`.as('invested'),
        ])
        .orderBy('p.code')
        .orderBy('p.id')
        .limit(Math.min(filter.limit ?? 200, 500))
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const data = rows.map((r): ProjectMaterial & { id: string } => {
      const planned = Number(r.planned ?? 0);
      const invested = Number(r.invested ?? 0);
      return { id: r.id, code: r.code, name: r.name, leadUnitName: r.lead_unit_name, stage: r.stage, stageLabel: STAGE_LABELS[r.stage], light: r.light, planned, invested, investmentRate: planned > 0 ? Math.round((invested / planned) * 1000) / 10 : null, latestPeriod: r.latest_period, progress: r.progress ?? '' };
    });
    return { data, total: Number(total.n) };
  }

  /** The agenda's items for a kind: subject, what it is about, and the data it was drawn from. */
  private async agendaOf(tx: Executor, actor: Actor, input: MeetingInput): Promise<{ items: { subject: string; problem_id?: string; unit_id?: string; project_id?: string; material?: string }[]; period: string | null }> {
    const unique = (field: string, ids: string[] | undefined, what: string) => {
      const list = ids ?? [];
      if (!list.length) throw invalid(field, `请至少选择一项${what}`);
      if (new Set(list).size !== list.length) throw invalid(field, `${what}重复`);
      return list;
    };
    const scope = scopeForRoles(actor, ['supervisor']);
    if (input.kind === 'coordination') {
      const ids = unique('problemIds', input.problemIds, '议题');
      const problems = await problemsOf(tx, actor.tenantId)
        .select(['pp.id', 'pp.description', 'p.name as project_name'])
        .where('pp.id', 'in', ids)
        .where('pp.task_id', 'is', null)
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('p.lead_unit_id')))
        .execute();
      if (problems.length !== ids.length) throw invalid('problemIds', '议题中有问题不存在、不在您的督查范围内或已交办');
      const byId = new Map(problems.map((p) => [p.id, p]));
      return { period: null, items: ids.map((id) => ({ problem_id: id, subject: `${byId.get(id)!.project_name}：${byId.get(id)!.description}`.slice(0, 1000) })) };
    }
    if (input.kind === 'site_visit') {
      const ids = unique('projectIds', input.projectIds, '观摩项目');
      const found = await this.projectCandidates(actor, { ids, limit: ids.length }, tx);
      if (found.data.length !== ids.length) throw invalid('projectIds', '观摩项目中有项目不存在或不在您的督查范围内');
      const byId = new Map(found.data.map((p) => [p.id, p]));
      return {
        period: null,
        items: ids.map((id) => {
          const { id: _id, ...m } = byId.get(id)!;
          return { project_id: id, subject: `${m.name}（${m.leadUnitName}）：${m.stageLabel}，年度投资完成 ${pct(m.investmentRate)}`.slice(0, 1000), material: JSON.stringify(m) };
        }),
      };
    }
    const ids = unique('unitIds', input.unitIds, input.kind === 'review' ? '点评单位' : '述职单位');
    const lines = await this.unitCandidates(actor, { kind: input.kind, period: input.period, scopeUnitId: input.scopeUnitId }, tx);
    const byId = new Map(lines.map((l) => [l.unitId, l]));
    if (ids.some((id) => !byId.has(id))) throw invalid('unitIds', '所选单位不是范围单位的下级单位');
    const period = lines[0]?.period ?? this.periodOf(input.period).range.key;
    return { period, items: ids.map((id) => ({ unit_id: id, subject: rankingSubject(input.kind as 'review' | 'duty_report', byId.get(id)!, byId.get(id)!.periodLabel).slice(0, 1000), material: JSON.stringify(byId.get(id)) })) };
  }

  async create(actor: Actor, input: MeetingInput): Promise<string> {
    this.requireSupervisor(actor, `只有督查人员可以组织${MEETING_KIND_LABELS[input.kind]}`);
    return this.deps.db.transaction().execute(async (tx) => {
      const occurrence = input.occurrenceId ? await this.occurrenceFor(tx, actor, input) : null;
      const agenda = await this.agendaOf(tx, actor, { ...input, period: input.period ?? occurrence?.period_key });
      const now = this.deps.clock.now();
      const meeting = await tx
        .insertInto('meetings')
        .values({ tenant_id: actor.tenantId, kind: input.kind, title: input.title, held_on: input.heldOn, place: input.place ?? '', host_name: input.hostName, attendees: input.attendees ?? '', organizer_unit_id: actor.orgUnitId, period: agenda.period, occurrence_id: occurrence?.id ?? null, created_by: actor.userId || null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('meeting_items')
        .values(agenda.items.map((item, i) => ({ tenant_id: actor.tenantId, meeting_id: meeting.id, position: i + 1, problem_id: item.problem_id ?? null, unit_id: item.unit_id ?? null, project_id: item.project_id ?? null, material: item.material ?? null, subject: item.subject })))
        .execute();
      if (input.attendance?.length) await this.writeAttendance(tx, actor, meeting.id, input.attendance);
      if (occurrence) {
        // The rhythm's occurrence is held by this meeting: taken place if its day has come, else prepared.
        const held = input.heldOn <= shanghaiDate(now);
        await tx
          .updateTable('cadence_occurrences')
          .set({ status: held ? 'done' : 'prepared', held_on: held ? input.heldOn : null, record: `召开${MEETING_KIND_LABELS[input.kind]}会议「${input.title}」（${input.heldOn}），议题 ${agenda.items.length} 项`, recorded_by: actor.userId || null, updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', occurrence.id)
          .execute();
      }
      await this.deps.audit.record(tx, actor, { action: 'meeting.create', entityType: 'meeting', entityId: meeting.id, summary: `组织${MEETING_KIND_LABELS[input.kind]} ${input.title}（${input.heldOn}，议题 ${agenda.items.length} 项）`, after: input });
      return meeting.id;
    });
  }

  /** The occurrence a meeting holds: open, of the meeting's kind, and run by the actor's unit. */
  private async occurrenceFor(tx: Executor, actor: Actor, input: MeetingInput) {
    const o = await tx
      .selectFrom('cadence_occurrences as c')
      .innerJoin('cadence_rules as r', (j) => j.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.rule_id'))
      .select(['c.id', 'c.status', 'c.period_key', 'r.action', 'r.owner_unit_id', 'r.name'])
      .where('c.tenant_id', '=', actor.tenantId)
      .where('c.id', '=', input.occurrenceId!)
      .executeTakeFirst();
    if (!o || !(await unitInScope(tx, scopeForRoles(actor, ['supervisor']), actor.tenantId, o.owner_unit_id))) throw invalid('occurrenceId', '工作节点不存在或不由您的单位办理');
    if (o.action !== input.kind) throw invalid('occurrenceId', `该工作节点是「${o.name}」，不是${MEETING_KIND_LABELS[input.kind]}`);
    if (o.status === 'done' || o.status === 'skipped') throw conflict('该工作节点已记录，不能再组织会议');
    return o;
  }

  private async writeAttendance(tx: Executor, actor: Actor, meetingId: string, list: AttendanceInput[]): Promise<void> {
    await tx.deleteFrom('meeting_attendance').where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).execute();
    if (!list.length) return;
    await tx
      .insertInto('meeting_attendance')
      .values(list.map((a, i) => ({ tenant_id: actor.tenantId, meeting_id: meetingId, position: i + 1, name: a.name, unit_name: a.unitName ?? '', status: a.status, substitute: a.status === 'present' ? '' : (a.substitute ?? '') })))
      .execute();
  }

  /** Records who attended (the whole list replaces the last). */
  async recordAttendance(actor: Actor, meetingId: string, list: AttendanceInput[]): Promise<void> {
    const { meeting, runs } = await this.load(actor, meetingId);
    if (!runs) throw forbidden('只有组织单位的督查人员可以记录会议');
    list.forEach((a, i) => {
      if (!a.name.trim()) throw invalid(`attendance[${i}].name`, `第 ${i + 1} 位参会人员未填写姓名`);
    });
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('meeting_attendance').select(['name', 'unit_name', 'status', 'substitute']).where('tenant_id', '=', actor.tenantId).where('meeting_id', '=', meetingId).orderBy('position').execute();
      await this.writeAttendance(tx, actor, meetingId, list);
      await tx.updateTable('meetings').set({ updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', meetingId).execute();
      const counts = ATTENDANCE_STATUSES.map((s) => list.filter((a) => a.status === s).length);
      await this.deps.audit.record(tx, actor, { action: 'meeting.attendance', entityType: 'meeting', entityId: meetingId, summary: `${meeting.title} 考勤：出席 ${counts[0]} 人，请假 ${counts[1]} 人，缺席 ${counts[2]} 人`, before, after: list });
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
    const [items, decisions, attendance] = await Promise.all([
      this.deps.db
        .selectFrom('meeting_items as mi')
        .leftJoin('project_problems as pp', (j) => j.onRef('pp.tenant_id', '=', 'mi.tenant_id').onRef('pp.id', '=', 'mi.problem_id'))
        .leftJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'mi.tenant_id').on((eb) => eb.or([eb('p.id', '=', eb.ref('pp.project_id')), eb('p.id', '=', eb.ref('mi.project_id'))])))
        .leftJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
        .leftJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'mi.tenant_id').onRef('u.id', '=', 'mi.unit_id'))
        .select(['mi.id', 'mi.position', 'mi.subject', 'mi.minutes', 'mi.problem_id', 'mi.material', 'mi.unit_id', 'u.name as unit_name', 'pp.description as problem', 'pp.task_id as problem_task_id', 'p.id as project_id', 'p.code as project_code', 'p.name as project_name', 'o.name as lead_unit_name'])
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
      this.deps.db.selectFrom('meeting_attendance').select(['name', 'unit_name', 'status', 'substitute']).where('tenant_id', '=', t).where('meeting_id', '=', id).orderBy('position').execute(),
    ]);
    return { meeting, runs, attendance, items: items.map((i) => ({ ...i, decisions: decisions.filter((d) => d.item_id === i.id) })) };
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
    const label = MEETING_KIND_LABELS[meeting.kind];
    const about = project ? `${project.name}：` : '';
    const content = `${meeting.title}（${meeting.held_on}）议定：${input.content}${project ? `\n问题：${project.description}` : `\n议题：${item.subject}`}`;
    const taskInput =
      meeting.kind === 'coordination'
        ? coordinationTask(`【${label}】${about}${input.content}`, content, input)
        : { module: DECISION_MODULE, title: `【${label}】${input.content}`.slice(0, 200), content, tags: [`${label}议定`], leadUnitIds: input.leadUnitIds, coUnitIds: input.coUnitIds, deadline: input.deadline };
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
      await this.deps.audit.record(tx, actor, { action: 'meeting.decide', entityType: 'meeting', entityId: meetingId, summary: `${meeting.title} 议定事项转为任务：${input.content}`, after: { itemId, taskId: task.id, ...input } });
      return { decisionId: decision.id, taskId: task.id };
    });
  }
}

export type MeetingListRow = Awaited<ReturnType<MeetingService['list']>>['data'][number];
export type MeetingDetail = Awaited<ReturnType<MeetingService['detail']>>;
