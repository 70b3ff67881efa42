import { escapeLike, searchKey, type ProjectReportInput } from '@luoshi/shared';
import { projectSearchKey, refusedTag, refusedTagMessage, tagDictionary } from './project-tags.service.ts';
import { sql, type Kysely } from 'kysely';
import { inScope, scopeContains, scopeForRoles, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import type { DB, ProjectRow, ProjectStage } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AttachmentService } from '../../supervision/attachment.service.ts';
import { bindAttachments, type TaskService } from '../../supervision/task.service.ts';
import { addWorkdays, shanghaiDate, type WorkCalendar } from '../../supervision/rules/working-days.ts';
import type { NotificationService } from '../../supervision/notification.service.ts';
import { leadVisits } from './leads.service.ts';
import { projectBulletin, projectDashboard, type DashboardFilter } from './projects.dashboard.ts';
import { isLateProjectReport, lastDuePeriod, reportReminders, MILESTONE_STAGES, projectLight, reachedStage, STAGE_LABELS, type MilestoneStage } from './project-rules.ts';

/** The task module of a coordination matter handed to units (issue 11). */
export const COORDINATION_MODULE = 'coordination';

/** Who must solve a coordination matter, and by when. */
export interface CoordinationAssignment {
  leadUnitIds: string[];
  coUnitIds?: string[] | undefined;
  deadline: string;
}

/** The task a coordination matter becomes (handed over directly, or decided at a 会办 meeting). */
export function coordinationTask(title: string, content: string, to: CoordinationAssignment) {
  return { module: COORDINATION_MODULE, title: title.slice(0, 200), content, tags: ['项目协调'], leadUnitIds: to.leadUnitIds, coUnitIds: to.coUnitIds, deadline: to.deadline };
}

export interface ProjectSettings {
  /** A month's report is on time up to this day of the next month. */
  reportDueDay: number;
  /** The lead unit's liaisons are reminded this many working days before the due day. */
  remindWorkdays: number;
  /** The stage each year on the list must reach (first year, second …); empty: no check. */
  yearCheck: readonly ProjectStage[];
}

export interface ProjectDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: TaskService;
  calendar: WorkCalendar;
  notifications: Pick<NotificationService, 'notifyUnits'>;
  settings: ProjectSettings;
}

export interface MilestoneInput {
  stage: MilestoneStage;
  plannedDate?: string | null | undefined;
  actualDate?: string | null | undefined;
}

export interface ProjectInput {
  code: string;
  name: string;
  kind: ProjectRow['kind'];
  industry?: string | null | undefined;
  level: ProjectRow['level'];
  address?: string | null | undefined;
  longitude?: number | null | undefined;
  latitude?: number | null | undefined;
  ownerCompany?: string | null | undefined;
  totalInvestment: number;
  leadUnitId: string;
  leaderName?: string | null | undefined;
  startYear: number;
  tags?: string[] | undefined;
  milestones?: MilestoneInput[] | undefined;
  yearPlans?: { year: number; planned: number }[] | undefined;
}

export type ProjectPatch = Partial<ProjectInput>;

export interface ProjectFilter extends PageQuery {
  q?: string | undefined;
  stage?: ProjectStage[] | undefined;
  kind?: ProjectRow['kind'] | undefined;
  level?: ProjectRow['level'] | undefined;
  light?: ProjectRow['light'][] | undefined;
  /** The unit and everything below it. */
  unitId?: string | undefined;
  tag?: string | undefined;
  /** Projects carrying any tag of this dictionary group. */
  tagGroupId?: string | undefined;
  startYear?: number | undefined;
  /** Only projects whose newest due monthly report is not in (the lead unit's to-do). */
  due?: boolean | undefined;
}


export interface ProjectAccess {
  /** A supervisor over the lead unit: edits the project, hands problems to units. */
  supervises: boolean;
  /** The lead unit's liaison (or a supervisor): files monthly reports and milestone dates. */
  reports: boolean;
}

export type ProjectListRow = ProjectRow & { lead_unit_name: string; year_planned: number; year_invested: number; last_period: string | null };


const MILESTONE_ORDER = new Map<string, number>(MILESTONE_STAGES.map((s, i) => [s, i]));

/**
 * Key projects (issue 11): the register, stage milestones, monthly reports entered once, the
 * project's light, and problems handed to units as coordination tasks through the supervision
 * core. Every read and write is scoped by the project's lead unit.
 */
export class ProjectService {
  constructor(private readonly deps: ProjectDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  /** The project with what the actor may do with it; 404 outside scope. */
  async load(actor: Actor, id: string, db: Executor = this.deps.db): Promise<{ project: ProjectRow; access: ProjectAccess }> {
    const row = await db
      .selectFrom('projects as p')
      .selectAll('p')
      .select(sql<string[]>`ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id)`.as('lead_path'))
      .where('p.tenant_id', '=', actor.tenantId)
      .where('p.id', '=', id)
      .where('p.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('项目');
    const { lead_path: path, ...project } = row;
    if (!scopeContains(actor.scope, project.lead_unit_id, path)) throw notFound('项目');
    const supervises = !actor.readOnly && scopeContains(scopeForRoles(actor, ['supervisor']), project.lead_unit_id, path);
    const reports = supervises || (!actor.readOnly && scopeContains(scopeForRoles(actor, ['liaison']), project.lead_unit_id, path));
    return { project, access: { supervises, reports } };
  }

  private async checkUnit(actor: Actor, unitId: string): Promise<void> {
    const scope = scopeForRoles(actor, ['supervisor']);
    const unit = await this.deps.db
      .selectFrom('org_units as u')
      .select('u.id')
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.id', '=', unitId)
      .where('u.active', '=', true)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id')))
      .executeTakeFirst();
    if (!unit) throw invalid('leadUnitId', '牵头单位不存在或不在您的督查范围内');
  }

  private checkMilestones(milestones: MilestoneInput[] | undefined, today: string): void {
    const seen = new Set<string>();
    for (const m of milestones ?? []) {
      if (seen.has(m.stage)) throw invalid('milestones', `阶段「${STAGE_LABELS[m.stage]}」重复`);
      seen.add(m.stage);
      if (m.actualDate && m.actualDate > today) throw invalid('milestones', `「${STAGE_LABELS[m.stage]}」的实际日期不能晚于今天`);
    }
  }

  private checkYearPlans(plans: { year: number }[] | undefined): void {
    const years = (plans ?? []).map((p) => p.year);
    if (new Set(years).size !== years.length) throw invalid('yearPlans', '年度计划投资的年份重复');
  }

  private requireSupervisor(actor: Actor): void {
    if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw forbidden('只有督查人员可以登记和修改重点项目');
  }

  async create(actor: Actor, input: ProjectInput): Promise<ProjectRow> {
    await this.validateNew(actor, input);
    return this.deps.db.transaction().execute((tx) => this.createIn(tx, actor, input));
  }

  /** Checks a new project's input: a supervisor, a lead unit in the supervising scope, dates and plans. */
  async validateNew(actor: Actor, input: ProjectInput): Promise<void> {
    this.requireSupervisor(actor);
    await this.checkUnit(actor, input.leadUnitId);
    this.checkMilestones(input.milestones, this.today());
    this.checkYearPlans(input.yearPlans);
    await this.checkTags(actor, input.tags);
  }

  /** With a tag dictionary, a project's tags come from its enabled tags (those it already carries may stay). */
  private async checkTags(actor: Actor, tags: string[] | undefined, kept: readonly string[] = []): Promise<void> {
    if (!tags?.length) return;
    const dictionary = await tagDictionary(this.deps.db, actor.tenantId);
    const refused = refusedTag(dictionary, tags, kept);
    if (refused) throw invalid('tags', refusedTagMessage(dictionary, refused));
  }

  /** Registers a validated project inside the caller's transaction (a lead's conversion uses it). */
  async createIn(tx: Executor, actor: Actor, input: ProjectInput): Promise<ProjectRow> {
    const taken = await tx.selectFrom('projects').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', input.code).where('deleted_at', 'is', null).executeTakeFirst();
    if (taken) throw invalid('code', `项目编号「${input.code}」已被使用`);
    const now = this.deps.clock.now();
    const values = this.columns(input);
    const row = await tx
      .insertInto('projects')
      .values({ tenant_id: actor.tenantId, ...values, code: input.code, name: input.name, kind: input.kind, level: input.level, total_investment: input.totalInvestment, lead_unit_id: input.leadUnitId, start_year: input.startYear, search_key: projectSearchKey(input), created_by: actor.userId || null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.writeMilestones(tx, actor.tenantId, row.id, input.milestones ?? []);
    await this.writeYearPlans(tx, actor.tenantId, row.id, input.yearPlans ?? []);
    const lit = await this.relight(tx, actor.tenantId, row.id);
    await this.deps.audit.record(tx, actor, { action: 'project.create', entityType: 'project', entityId: row.id, summary: `登记重点项目 ${input.code} ${input.name}`, after: input });
    return lit;
  }

  /** Table columns of the optional fields present in an input or patch. */
  private columns(input: ProjectPatch) {
    const v: Record<string, unknown> = {};
    if (input.industry !== undefined) v.industry = input.industry || null;
    if (input.address !== undefined) v.address = input.address || null;
    if (input.longitude !== undefined) v.longitude = input.longitude;
    if (input.latitude !== undefined) v.latitude = input.latitude;
    if (input.ownerCompany !== undefined) v.owner_company = input.ownerCompany || null;
    if (input.leaderName !== undefined) v.leader_name = input.leaderName || null;
    if (input.tags !== undefined) v.tags = [...new Set(input.tags)];
    return v as Partial<Pick<ProjectRow, 'industry' | 'address' | 'longitude' | 'latitude' | 'owner_company' | 'leader_name' | 'tags'>>;
  }

  private async writeMilestones(tx: Executor, tenantId: string, projectId: string, milestones: MilestoneInput[]): Promise<void> {
    await tx.deleteFrom('project_milestones').where('tenant_id', '=', tenantId).where('project_id', '=', projectId).execute();
    const rows = milestones.filter((m) => m.plannedDate || m.actualDate);
    if (rows.length > 0) {
      await tx.insertInto('project_milestones').values(rows.map((m) => ({ tenant_id: tenantId, project_id: projectId, stage: m.stage, planned_date: m.plannedDate ?? null, actual_date: m.actualDate ?? null }))).execute();
    }
  }

  private async writeYearPlans(tx: Executor, tenantId: string, projectId: string, plans: { year: number; planned: number }[]): Promise<void> {
    await tx.deleteFrom('project_year_plans').where('tenant_id', '=', tenantId).where('project_id', '=', projectId).execute();
    if (plans.length > 0) await tx.insertInto('project_year_plans').values(plans.map((p) => ({ tenant_id: tenantId, project_id: projectId, year: p.year, planned: p.planned }))).execute();
  }

  /**
   * Recomputes a project's stage (from its milestones' actual dates) and its light, inside the
   * writer's transaction; the one place both are written.
   */
  async relight(tx: Executor, tenantId: string, projectId: string): Promise<ProjectRow> {
    const today = this.today();
    const year = Number(today.slice(0, 4));
    const due = lastDuePeriod(today, this.deps.settings.reportDueDay);
    const [project, milestones, reports, plan] = await Promise.all([
      tx.selectFrom('projects').selectAll().where('tenant_id', '=', tenantId).where('id', '=', projectId).executeTakeFirstOrThrow(),
      tx.selectFrom('project_milestones').select(['stage', 'planned_date', 'actual_date']).where('tenant_id', '=', tenantId).where('project_id', '=', projectId).execute(),
      tx.selectFrom('project_reports').select(['period', 'late', 'invested']).where('tenant_id', '=', tenantId).where('project_id', '=', projectId).where('period', '>=', `${year - 1}-01`).execute(),
      tx.selectFrom('project_year_plans').select('planned').where('tenant_id', '=', tenantId).where('project_id', '=', projectId).where('year', '=', year).executeTakeFirst(),
    ]);
    const list = milestones.map((m) => ({ stage: m.stage, plannedDate: m.planned_date, actualDate: m.actual_date }));
    const stage = reachedStage(list);
    const yearInvested = reports.filter((r) => r.period.startsWith(`${year}-`) && r.period <= due).reduce((s, r) => s + Number(r.invested), 0);
    const lit = projectLight({
      today,
      stage,
      startYear: project.start_year,
      firstPeriod: shanghaiDate(project.created_at).slice(0, 7),
      milestones: list,
      reports,
      yearPlanned: Number(plan?.planned ?? 0),
      yearInvested,
      dueDay: this.deps.settings.reportDueDay,
      yearCheck: this.deps.settings.yearCheck,
    });
    const reason = lit.reasons.join('；') || null;
    if (project.stage === stage && project.light === lit.light && project.light_reason === reason) return project;
    return tx.updateTable('projects').set({ stage, light: lit.light, light_reason: reason }).where('tenant_id', '=', tenantId).where('id', '=', projectId).returningAll().executeTakeFirstOrThrow();
  }

  /** Every project of a tenant relit (nightly: reports fall due and milestones pass as days go by). */
  async relightAll(tenantId: string): Promise<number> {
    const ids = await this.deps.db.selectFrom('projects').select('id').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).orderBy('id').execute();
    for (let i = 0; i < ids.length; i += 500) {
      await this.deps.db.transaction().execute(async (tx) => {
        for (const { id } of ids.slice(i, i + 500)) await this.relight(tx, tenantId, id);
      });
    }
    return ids.length;
  }

  /**
   * Deletes a project registered by mistake (a supervisor; the screen asks first). A project with
   * a history is refused: once a monthly report is in, or when it came from an investment lead
   * whose record it carries, it ends by its stage, not by deletion. Kept as a soft delete, audited;
   * its code is free again.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    const { project, access } = await this.load(actor, id);
    if (!access.supervises) throw forbidden('只有督查人员可以删除重点项目');
    await this.deps.db.transaction().execute(async (tx) => {
      const [report, lead] = await Promise.all([
        tx.selectFrom('project_reports').select('id').where('tenant_id', '=', actor.tenantId).where('project_id', '=', id).limit(1).executeTakeFirst(),
        tx.selectFrom('investment_leads').select('company').where('tenant_id', '=', actor.tenantId).where('project_id', '=', id).executeTakeFirst(),
      ]);
      if (report) throw conflict('项目已报送月报，不能删除；项目结束请填报节点或调整阶段');
      if (lead) throw conflict(`项目由招商线索「${lead.company}」转来，不能删除`);
      const now = this.deps.clock.now();
      await tx.updateTable('projects').set({ deleted_at: now, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'project.delete', entityType: 'project', entityId: id, summary: `删除重点项目 ${project.code} ${project.name}`, before: { code: project.code, name: project.name, leadUnitId: project.lead_unit_id, stage: project.stage } });
    });
  }

  async update(actor: Actor, id: string, patch: ProjectPatch): Promise<ProjectRow> {
    const { project, access } = await this.load(actor, id);
    if (!access.supervises) throw forbidden('只有督查人员可以修改重点项目');
    if (patch.leadUnitId && patch.leadUnitId !== project.lead_unit_id) await this.checkUnit(actor, patch.leadUnitId);
    this.checkMilestones(patch.milestones, this.today());
    this.checkYearPlans(patch.yearPlans);
    await this.checkTags(actor, patch.tags, project.tags);
    return this.deps.db.transaction().execute(async (tx) => {
      if (patch.code && patch.code !== project.code) {
        const taken = await tx.selectFrom('projects').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', patch.code).where('deleted_at', 'is', null).executeTakeFirst();
        if (taken) throw invalid('code', `项目编号「${patch.code}」已被使用`);
      }
      const next = {
        code: patch.code ?? project.code,
        name: patch.name ?? project.name,
        ownerCompany: patch.ownerCompany !== undefined ? patch.ownerCompany : project.owner_company,
        industry: patch.industry !== undefined ? patch.industry : project.industry,
        tags: patch.tags ?? project.tags,
      };
      await tx
        .updateTable('projects')
        .set({
          ...this.columns(patch),
          code: next.code,
          name: next.name,
          ...(patch.kind ? { kind: patch.kind } : {}),
          ...(patch.level ? { level: patch.level } : {}),
          ...(patch.totalInvestment !== undefined ? { total_investment: patch.totalInvestment } : {}),
          ...(patch.leadUnitId ? { lead_unit_id: patch.leadUnitId } : {}),
          ...(patch.startYear ? { start_year: patch.startYear } : {}),
          search_key: projectSearchKey(next),
          updated_at: this.deps.clock.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      if (patch.milestones) await this.writeMilestones(tx, actor.tenantId, id, patch.milestones);
      if (patch.yearPlans) await this.writeYearPlans(tx, actor.tenantId, id, patch.yearPlans);
      const lit = await this.relight(tx, actor.tenantId, id);
      await this.deps.audit.record(tx, actor, { action: 'project.update', entityType: 'project', entityId: id, summary: `修改重点项目 ${lit.code} ${lit.name}`, before: { code: project.code, name: project.name, leadUnitId: project.lead_unit_id }, after: patch });
      return lit;
    });
  }

  /** The lead unit records that a stage was reached (签约, 开工 …) on a date. */
  async reachMilestone(actor: Actor, id: string, stage: MilestoneStage, actualDate: string): Promise<ProjectRow> {
    const { project, access } = await this.load(actor, id);
    if (!access.reports) throw forbidden('只有牵头单位联络员或督查人员可以填报项目节点');
    if (actualDate > this.today()) throw invalid('actualDate', '实际日期不能晚于今天');
    return this.deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('project_milestones')
        .values({ tenant_id: actor.tenantId, project_id: id, stage, planned_date: null, actual_date: actualDate })
        .onConflict((oc) => oc.columns(['tenant_id', 'project_id', 'stage']).doUpdateSet({ actual_date: actualDate }))
        .execute();
      const lit = await this.relight(tx, actor.tenantId, id);
      await this.deps.audit.record(tx, actor, { action: 'project.milestone', entityType: 'project', entityId: id, summary: `${project.name} ${STAGE_LABELS[stage]}：${actualDate}`, after: { stage, actualDate } });
      return lit;
    });
  }

  /**
   * Files a month's report, once: the month's investment and the running total, progress on
   * site, next month's plan and the problems needing coordination. Filed after its due day it
   * is marked late (and the project lit); an earlier month filed afterwards moves later totals.
   */
  async submitReport(actor: Actor, id: string, input: ProjectReportInput): Promise<{ reportId: string; late: boolean; project: ProjectRow }> {
    const { project, access } = await this.load(actor, id);
    if (!access.reports) throw forbidden('只有牵头单位联络员或督查人员可以报送项目月报');
    const today = this.today();
    if (input.period > today.slice(0, 7)) throw invalid('period', '不能报送未来月份的月报');
    if (input.period < `${project.start_year - 1}-01`) throw invalid('period', '月份早于项目入库时间');
    const late = isLateProjectReport(input.period, today, this.deps.settings.reportDueDay);
    return this.deps.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom('project_reports').select('id').where('tenant_id', '=', actor.tenantId).where('project_id', '=', id).where('period', '=', input.period).executeTakeFirst();
      if (exists) throw conflict(`${input.period} 的月报已报送，每月只报一次`);
      const before = await tx
        .selectFrom('project_reports')
        .select(sql<number>`coalesce(sum(invested), 0)`.as('total'))
        .where('tenant_id', '=', actor.tenantId)
        .where('project_id', '=', id)
        .where('period', '<', input.period)
        .executeTakeFirstOrThrow();
      const report = await tx
        .insertInto('project_reports')
        .values({ tenant_id: actor.tenantId, project_id: id, period: input.period, invested: input.invested, cumulative: Number(before.total) + input.invested, progress: input.progress, next_plan: input.nextPlan ?? '', late, reported_by: actor.userId || null, reported_at: this.deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('project_reports')
        .set((eb) => ({ cumulative: eb('cumulative', '+', input.invested) }))
        .where('tenant_id', '=', actor.tenantId)
        .where('project_id', '=', id)
        .where('period', '>', input.period)
        .execute();
      const problems = (input.problems ?? []).map((p) => p.trim()).filter(Boolean);
      if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'projectReport', report.id, input.attachmentIds);
      if (problems.length > 0) {
        await tx.insertInto('project_problems').values(problems.map((description) => ({ tenant_id: actor.tenantId, project_id: id, report_id: report.id, description, created_at: this.deps.clock.now() }))).execute();
      }
      const lit = await this.relight(tx, actor.tenantId, id);
      await this.deps.audit.record(tx, actor, { action: 'project.report', entityType: 'project', entityId: id, summary: `${project.name} ${input.period} 月报${late ? '（迟报）' : ''}`, after: input });
      return { reportId: report.id, late, project: lit };
    });
  }

  /**
   * Hands a problem needing coordination to the units that must solve it: a task with module
   * 'coordination', created and assigned by the supervision core in the same transaction.
   */
  async assignProblem(actor: Actor, projectId: string, problemId: string, input: CoordinationAssignment): Promise<{ taskId: string }> {
    const { project, access } = await this.load(actor, projectId);
    if (!access.supervises) throw forbidden('只有督查人员可以交办协调事项');
    const problem = await this.deps.db.selectFrom('project_problems').selectAll().where('tenant_id', '=', actor.tenantId).where('project_id', '=', projectId).where('id', '=', problemId).executeTakeFirst();
    if (!problem) throw notFound('问题');
    if (problem.task_id) throw conflict('该问题已交办');
    const taskInput = coordinationTask(`【项目协调】${project.name}：${problem.description}`, problem.description, input);
    await this.deps.tasks.validateNew(actor, taskInput);
    return this.deps.db.transaction().execute(async (tx) => {
      // Locked, then checked again: two supervisors handing the same problem make one task.
      const locked = await tx.selectFrom('project_problems').select('task_id').where('tenant_id', '=', actor.tenantId).where('id', '=', problemId).forUpdate().executeTakeFirstOrThrow();
      if (locked.task_id) throw conflict('该问题已交办');
      const task = await this.deps.tasks.createIn(tx, actor, taskInput);
      await tx.updateTable('project_problems').set({ task_id: task.id }).where('tenant_id', '=', actor.tenantId).where('id', '=', problemId).execute();
      await this.deps.audit.record(tx, actor, { action: 'project.assignProblem', entityType: 'project', entityId: projectId, summary: `${project.name} 协调事项交办：${problem.description}`, after: { problemId, taskId: task.id, ...input } });
      return { taskId: task.id };
    });
  }

  async list(actor: Actor, filter: ProjectFilter): Promise<Page<ProjectListRow>> {
    const year = Number(this.today().slice(0, 4));
    let q = this.deps.db
      .selectFrom('projects as p')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
      .where('p.tenant_id', '=', actor.tenantId)
      .where('p.deleted_at', 'is', null)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('p.lead_unit_id')));
    if (filter.stage?.length) q = q.where('p.stage', 'in', filter.stage);
    if (filter.kind) q = q.where('p.kind', '=', filter.kind);
    if (filter.level) q = q.where('p.level', '=', filter.level);
    if (filter.light?.length) q = q.where('p.light', 'in', filter.light);
    if (filter.startYear) q = q.where('p.start_year', '=', filter.startYear);
    if (filter.tag) q = q.where(sql<boolean>`p.tags @> ARRAY[${filter.tag}]::text[]`);
    if (filter.tagGroupId) q = q.where(sql<boolean>`p.tags && ARRAY(SELECT g.name FROM project_tags g WHERE g.tenant_id = p.tenant_id AND g.group_id = ${filter.tagGroupId})`);
    if (filter.unitId) {
      const unit = filter.unitId;
      q = q.where('p.lead_unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', unit));
    }
    if (filter.q?.trim()) q = q.where('p.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    if (filter.due) {
      // Listed by then (the month it was entered owes a report), and that month's report missing.
      const due = lastDuePeriod(this.today(), this.deps.settings.reportDueDay);
      q = q
        .where(sql<boolean>`to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') <= ${due}`)
        .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period = ${due})`);
    }
    const rows = q
      .selectAll('p')
      .select([
        'o.name as lead_unit_name',
        sql<number>`coalesce((SELECT yp.planned FROM project_year_plans yp WHERE yp.tenant_id = p.tenant_id AND yp.project_id = p.id AND yp.year = ${year}), 0)`.as('year_planned'),
        sql<number>`coalesce((SELECT sum(r.invested) FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period LIKE ${`${year}-%`}), 0)`.as('year_invested'),
        sql<string | null>`(SELECT max(r.period) FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id)`.as('last_period'),
      ])
      .orderBy(sql`CASE p.light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END`)
      .orderBy('p.code')
      .orderBy('p.id');
    const page = await paginate(rows, q, filter);
    return { ...page, data: page.data.map((r) => ({ ...r, year_planned: Number(r.year_planned), year_invested: Number(r.year_invested) })) };
  }

  /**
   * Monthly report reminders of one tenant, run daily: the lead unit's liaisons of every project
   * whose report falls due within the configured working days get 「项目月报即将到期」, and those of
   * every project whose report is missing after its due day get 「项目月报逾期未报」 (as task
   * reminders, to the owning unit's liaisons). One statement finds the projects, one notifyUnits
   * call sends (and queues the deliveries); a dedupe key per project, period and kind makes a
   * second run send nothing new. A project owes reports from the month it was listed.
   */
  async remindReports(tenantId: string): Promise<{ soon: number; late: number; sent: number }> {
    const today = this.today();
    const horizon = addWorkdays(this.deps.calendar, today, this.deps.settings.remindWorkdays);
    const owed = reportReminders(today, this.deps.settings.reportDueDay, horizon);
    const rows = (
      await sql<{ id: string; name: string; lead_unit_id: string; period: string; kind: 'soon' | 'late'; due: string }>`
        SELECT p.id, p.name, p.lead_unit_id, k.period, k.kind, k.due
        FROM projects p
        JOIN (VALUES ${sql.join(owed.map((o) => sql`(${o.period}::text, ${o.kind}::text, ${o.dueDate}::text)`))}) AS k(period, kind, due)
          ON to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') <= k.period
        WHERE p.tenant_id = ${tenantId}::uuid AND p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period = k.period)`.execute(this.deps.db)
    ).rows;
    const notices = rows.map((r) =>
      r.kind === 'soon'
        ? { unitId: r.lead_unit_id, taskId: null, link: `/projects/${r.id}`, dedupeKey: `project-report-soon:${r.id}:${r.period}`, title: `项目月报即将到期：${r.name}`, body: `${r.period} 的月报应于 ${r.due} 前报送` }
        : { unitId: r.lead_unit_id, taskId: null, link: `/projects/${r.id}`, dedupeKey: `project-report-late:${r.id}:${r.period}`, title: `项目月报逾期未报：${r.name}`, body: `${r.period} 的月报应于 ${r.due} 前报送，至今未报` },
    );
    let sent = 0;
    await this.deps.db.transaction().execute(async (tx) => {
      for (let i = 0; i < notices.length; i += 5000) sent += await this.deps.notifications.notifyUnits(tx, tenantId, 'reminder', notices.slice(i, i + 5000));
    });
    return { soon: rows.filter((r) => r.kind === 'soon').length, late: rows.filter((r) => r.kind === 'late').length, sent };
  }

  /** The project dashboard over the projects in the caller's scope (under the unit asked for). */
  dashboard(actor: Actor, filter: DashboardFilter) {
    return projectDashboard(this.deps.db, actor, filter);
  }

  /** What the monthly bulletin of a month says, over the projects in the caller's scope. */
  bulletin(actor: Actor, period: string) {
    const today = this.today();
    if (period > today.slice(0, 7)) throw invalid('period', '不能生成未来月份的简报');
    return projectBulletin(this.deps.db, actor, period, today);
  }

  async reports(actor: Actor, id: string, query: PageQuery) {
    await this.load(actor, id);
    const rows = this.deps.db
      .selectFrom('project_reports as r')
      .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'r.tenant_id').onRef('u.id', '=', 'r.reported_by'))
      .selectAll('r')
      .select('u.display_name as reporter_name')
      .where('r.tenant_id', '=', actor.tenantId)
      .where('r.project_id', '=', id)
      .orderBy('r.period', 'desc');
    const page = await paginate(rows, rows, query);
    const ids = page.data.map((r) => r.id);
    const files = ids.length
      ? await this.deps.db.selectFrom('attachments').select(['id', 'owner_id', 'file_name', 'content_type', 'size_bytes']).where('tenant_id', '=', actor.tenantId).where('owner_type', '=', 'projectReport').where('owner_id', 'in', ids).where('deleted_at', 'is', null).orderBy('uploaded_at').execute()
      : [];
    return { ...page, data: page.data.map((r) => ({ ...r, attachments: files.filter((f) => f.owner_id === r.id) })) };
  }

  /** A monthly report's photos and files are read by whoever sees its project. */
  registerAttachmentOwners(attachments: Pick<AttachmentService, 'registerOwner'>): void {
    attachments.registerOwner('projectReport', async (actor, id) => {
      const r = await this.deps.db.selectFrom('project_reports').select('project_id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!r) throw notFound('附件');
      await this.load(actor, r.project_id);
    });
  }

  private duePeriod(project: ProjectRow): string | null {
    const due = lastDuePeriod(this.today(), this.deps.settings.reportDueDay);
    return due >= shanghaiDate(project.created_at).slice(0, 7) ? due : null;
  }

  /** The project page: the project, its milestones, yearly plans, newest reports and problems. */
  async detail(actor: Actor, id: string) {
    const { project, access } = await this.load(actor, id);
    const t = actor.tenantId;
    const db = this.deps.db;
    const [unit, milestones, yearPlans, reports, problems, lead] = await Promise.all([
      db.selectFrom('org_units').select('name').where('tenant_id', '=', t).where('id', '=', project.lead_unit_id).executeTakeFirstOrThrow(),
      db.selectFrom('project_milestones').select(['stage', 'planned_date', 'actual_date']).where('tenant_id', '=', t).where('project_id', '=', id).execute(),
      db.selectFrom('project_year_plans').select(['year', 'planned']).where('tenant_id', '=', t).where('project_id', '=', id).orderBy('year').execute(),
      this.reports(actor, id, { page: 1, pageSize: 24 }),
      db
        .selectFrom('project_problems as pp')
        .leftJoin('tasks as tk', (j) => j.onRef('tk.tenant_id', '=', 'pp.tenant_id').onRef('tk.id', '=', 'pp.task_id'))
        .leftJoin('project_reports as r', (j) => j.onRef('r.tenant_id', '=', 'pp.tenant_id').onRef('r.id', '=', 'pp.report_id'))
        .select(['pp.id', 'pp.description', 'pp.task_id', 'pp.created_at', 'tk.status as task_status', 'tk.light as task_light', 'r.period'])
        .where('pp.tenant_id', '=', t)
        .where('pp.project_id', '=', id)
        .orderBy('pp.created_at')
        .execute(),
      db.selectFrom('investment_leads').select(['id', 'company', 'signed_on', 'signed_amount']).where('tenant_id', '=', t).where('project_id', '=', id).executeTakeFirst(),
    ]);
    const byStage = new Map(milestones.map((m) => [m.stage, m]));
    return {
      project: { ...project, lead_unit_name: unit.name },
      milestones: MILESTONE_STAGES.map((stage) => ({ stage, planned_date: byStage.get(stage)?.planned_date ?? null, actual_date: byStage.get(stage)?.actual_date ?? null })).sort((a, b) => MILESTONE_ORDER.get(a.stage)! - MILESTONE_ORDER.get(b.stage)!),
      yearPlans: yearPlans.map((p) => ({ year: p.year, planned: Number(p.planned) })),
      reports,
      problems,
      access,
      /** The investment-attraction lead the project came from, with its log of visits and talks. */
      lead: lead ? { ...lead, visits: await leadVisits(db, t, lead.id) } : null,
      /** The newest month whose report is due, or null when the project owes none yet (listed since). */
      duePeriod: this.duePeriod(project),
    };
  }
}
