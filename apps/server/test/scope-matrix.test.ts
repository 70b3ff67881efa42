import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type Client, type TestContext } from './support/harness.ts';

/**
 * Every route, walked with every role, on a target inside the caller's scope and one outside.
 * Outside scope answers 404 (existence never leaks); inside scope without the right answers 403.
 * A route missing from ROUTES fails the coverage test, so the matrix grows with the API.
 */

type Role = 'admin' | 'admin_dc' | 'supervisor' | 'leader' | 'liaison_dc' | 'deputy' | 'viewer';
const ROLES: Role[] = ['admin', 'admin_dc', 'supervisor', 'leader', 'liaison_dc', 'deputy', 'viewer'];
const ADMINS = new Set<Role>(['admin', 'admin_dc']);
const USER_READERS = new Set<Role>(['admin', 'admin_dc', 'supervisor', 'leader']);
/** Each role's unit inside its scope and one outside (null: its scope is everything). */
const SCOPE: Record<Role, { inUnit: string; outUnit: string | null; own?: true }> = {
  admin: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  admin_dc: { inUnit: 'SFS-DC-CZJ', outUnit: 'SFS-XC-CZJ' },
  supervisor: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  leader: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  // The district liaison's in-scope target is its own unit, so the owner's actions succeed.
  liaison_dc: { inUnit: 'SFS-DC', outUnit: 'SFS-XC-CZJ' },
  deputy: { inUnit: 'SFS-NH', outUnit: 'SFS-XC-CZJ', own: true },
  viewer: { inUnit: 'SFS-FGW', outUnit: 'SFS-XC-CZJ', own: true },
};

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}
interface RouteCase {
  method: Call['method'];
  path: string;
  /** Builds the request against a target unit code (fresh records are created as needed). */
  call(t: TestContext, unitCode: string, fresh: Fresh, role: Role): Promise<Call>;
  /** Expected status inside the scope for a role. */
  inScope(role: Role): number;
  /** Expected status outside the scope; undefined when the route has no target. */
  outScope?: (role: Role) => number;
}

class Fresh {
  private static n = 0;
  /** `ownUnit`: for roles whose scope is their own unit only, a child of it would be out of scope, so that unit itself is the target. */
  constructor(
    private readonly t: TestContext,
    private readonly ownUnit?: string,
  ) {}
  /** A new empty leaf unit under the given unit. */
  async unit(parentCode: string): Promise<string> {
    if (parentCode === this.ownUnit) return this.t.unit(parentCode);
    const u = await this.t.container.org.create(systemActor(this.t.tenantId), { parentId: this.t.unit(parentCode), kind: 'other', code: `MX-${Date.now().toString(36)}-${++Fresh.n}`, name: `矩阵测试单位${Fresh.n}` });
    return u.id;
  }
  private supervisorActor: Actor | undefined;
  /** A new task owned by the unit, assigned by the supervisor, then put in the given status. */
  async task(unitCode: string, status: string = 'assigned'): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const task = await this.t.container.tasks.create(this.supervisorActor, { title: `矩阵任务${++Fresh.n}`, leadUnitIds: [this.t.unit(unitCode)], deadline: '2026-12-31', assign: status !== 'draft' });
    if (status !== 'draft' && status !== 'assigned') await this.t.container.db.updateTable('tasks').set({ status: status as never }).where('id', '=', task.id).execute();
    return task.id;
  }
  private async row<T extends 'progress_reports' | 'supervision_orders' | 'extension_requests' | 'instructions' | 'attachments' | 'escalation_proposals'>(table: T, values: Record<string, unknown>): Promise<string> {
    const r = await this.t.container.db.insertInto(table).values({ tenant_id: this.t.tenantId, ...values } as never).returning('id' as never).executeTakeFirstOrThrow();
    return (r as unknown as { id: string }).id;
  }
  async report(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    return this.row('progress_reports', { task_id: taskId, org_unit_id: this.t.unit(unitCode), period: '2026-03', done: '进展', percent: 10, reported_by: this.t.userId('supervisor'), reported_at: new Date() });
  }
  async order(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    return this.row('supervision_orders', { task_id: taskId, number: `矩阵〔2026〕${++Fresh.n}号`, level: 'yellow', matter: '事项', reply_deadline: '2026-12-31', recipient_unit_id: this.t.unit(unitCode), issuing_office: '督查室', issued_by: this.t.userId('supervisor'), issued_at: new Date() });
  }
  /** An order drafted for 签发 on a task whose responsible leader is the demo leader. */
  async orderToSign(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    await this.t.container.db.updateTable('tasks').set({ responsible_leader_ids: [this.t.userId('leader')] }).where('id', '=', taskId).execute();
    return this.row('supervision_orders', { task_id: taskId, number: null, status: 'pending_signoff', level: 'red', matter: '事项', reply_deadline: '2026-12-31', recipient_unit_id: this.t.unit(unitCode), issuing_office: '督查室', issued_by: this.t.userId('supervisor'), issued_at: new Date() });
  }
  async proposal(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    return this.row('escalation_proposals', { task_id: taskId, level: 'blue', overdue_workdays: 1, reason: '逾期', created_at: new Date() });
  }
  async extension(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    return this.row('extension_requests', { task_id: taskId, current_deadline: '2026-12-31', requested_deadline: '2027-03-31', reason: '理由', requested_by: this.t.userId('supervisor'), requested_at: new Date() });
  }
  async instruction(unitCode: string): Promise<string> {
    const taskId = await this.task(unitCode, 'in_progress');
    return this.row('instructions', { task_id: taskId, leader_id: this.t.userId('leader'), content: '批示', created_at: new Date() });
  }
  async attachment(unitCode: string): Promise<string> {
    const reportId = await this.report(unitCode);
    const sha = await this.t.container.attachments['deps'].files.put(this.t.tenantId, PNG);
    return this.row('attachments', { owner_type: 'progressReport', owner_id: reportId, file_name: 'a.png', content_type: 'image/png', size_bytes: PNG.length, sha256: sha, uploaded_by: this.t.userId('supervisor'), uploaded_at: new Date() });
  }
  /** A notification for the role's user (in scope) or for somebody else (out of scope). */
  async notification(username: string): Promise<string> {
    const r = await this.t.container.db.insertInto('notifications').values({ tenant_id: this.t.tenantId, user_id: this.t.userId(username), kind: 'reminder', title: '测试', dedupe_key: `mx:${++Fresh.n}`, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }
  async savedFilter(username: string): Promise<string> {
    const r = await this.t.container.db.insertInto('saved_filters').values({ tenant_id: this.t.tenantId, user_id: this.t.userId(username), scope: 'tasks', name: '筛选', filter: '{}' }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }
  /** A new draft directive issued by the unit. */
  async directive(unitCode: string): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const id = await this.t.container.directives.create(this.supervisorActor, { text: `矩阵工作方案${++Fresh.n}\n一、要加快推进重点项目建设。\n市财政局参加。` });
    await this.t.container.db.updateTable('directives').set({ unit_id: this.t.unit(unitCode) }).where('id', '=', id).execute();
    return id;
  }
  /** A new campaign organised by the supervisor's office in which the unit takes part. */
  async campaign(unitCode: string): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    return this.t.container.campaigns.create(this.supervisorActor, { title: `矩阵活动${++Fresh.n}`, kind: 'discussion', startDate: '2026-01-01', endDate: '2026-12-31', unitIds: [this.t.unit(unitCode)] });
  }
  async activity(unitCode: string): Promise<string> {
    const campaignId = await this.campaign(unitCode);
    return this.t.container.campaigns.createActivity(this.supervisorActor!, campaignId, { kind: 'symposium', title: '矩阵座谈会', heldOn: '2026-03-01', opinions: [{ content: '矩阵意见', raisedByName: '代表' }] });
  }
  async opinion(unitCode: string): Promise<string> {
    const activityId = await this.activity(unitCode);
    const r = await this.t.container.db.selectFrom('campaign_opinions').select('id').where('activity_id', '=', activityId).executeTakeFirstOrThrow();
    return r.id;
  }
  /** A problem of the unit in a given state: found, rectifying (task assigned), review (close-out asked), closed. */
  async problem(unitCode: string, status: 'found' | 'rectifying' | 'review' | 'closed' = 'found'): Promise<string> {
    const campaignId = await this.campaign(unitCode);
    const id = await this.t.container.campaigns.createProblem(this.supervisorActor!, campaignId, { source: 'inspection', unitId: this.t.unit(unitCode), description: `矩阵问题${++Fresh.n}` });
    if (status === 'found') return id;
    await this.t.container.campaigns.plan(this.supervisorActor!, id, { measures: '措施', deadline: '2026-12-31' });
    if (status === 'rectifying') return id;
    const p = await this.t.container.db.selectFrom('campaign_problems').select('task_id').where('id', '=', id).executeTakeFirstOrThrow();
    await this.t.container.db.updateTable('tasks').set({ status: status === 'review' ? 'completion_requested' : 'completed' }).where('id', '=', p.task_id!).execute();
    await this.t.container.db.updateTable('campaign_problems').set({ status }).where('id', '=', id).execute();
    return id;
  }
  /** A new key project led by the unit. */
  async project(unitCode: string): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const p = await this.t.container.projects.create(this.supervisorActor, { code: `MXP-${++Fresh.n}-${Math.random().toString(36).slice(2, 7)}`, name: `矩阵项目${Fresh.n}`, kind: 'industry', level: 'city', totalInvestment: 1000, leadUnitId: this.t.unit(unitCode), startYear: 2026 });
    return p.id;
  }
  /** A new project tag group, with one tag when asked: [groupId, tagId]. */
  async projectTag(withTag = true): Promise<[string, string]> {
    const g = await this.t.container.db.insertInto('project_tag_groups').values({ tenant_id: this.t.tenantId, name: `矩阵分组${++Fresh.n}-${Math.random().toString(36).slice(2, 7)}` }).returning('id').executeTakeFirstOrThrow();
    if (!withTag) return [g.id, ''];
    const tag = await this.t.container.db.insertInto('project_tags').values({ tenant_id: this.t.tenantId, group_id: g.id, name: `矩阵标签${++Fresh.n}-${Math.random().toString(36).slice(2, 7)}` }).returning('id').executeTakeFirstOrThrow();
    return [g.id, tag.id];
  }
  /** A 会办 meeting organised by the unit, its agenda one problem of a project the unit leads: [meetingId, itemId]. */
  async meeting(unitCode: string): Promise<[string, string]> {
    const [, problemId] = await this.projectProblem(unitCode);
    const db = this.t.container.db;
    const m = await db.insertInto('meetings').values({ tenant_id: this.t.tenantId, kind: 'coordination', title: `矩阵会办${++Fresh.n}`, held_on: '2026-03-01', host_name: '主持领导', organizer_unit_id: this.t.unit(unitCode) }).returning('id').executeTakeFirstOrThrow();
    const i = await db.insertInto('meeting_items').values({ tenant_id: this.t.tenantId, meeting_id: m.id, position: 1, problem_id: problemId, subject: '矩阵议题' }).returning('id').executeTakeFirstOrThrow();
    return [m.id, i.id];
  }
  /** A project with one problem needing coordination: [projectId, problemId]. */
  async projectProblem(unitCode: string): Promise<[string, string]> {
    const projectId = await this.project(unitCode);
    const r = await this.t.container.db.insertInto('project_problems').values({ tenant_id: this.t.tenantId, project_id: projectId, description: '矩阵协调问题' }).returning('id').executeTakeFirstOrThrow();
    return [projectId, r.id];
  }
  /** A cadence rule owned by the unit (its supervisors run it), over the unit's subtree. */
  async rule(unitCode: string): Promise<string> {
    const r = await this.t.container.db
      .insertInto('cadence_rules')
      .values({ tenant_id: this.t.tenantId, name: `矩阵机制${++Fresh.n}`, period: 'month', anchor_days: 5, action: 'review', scope_unit_id: this.t.unit(unitCode), owner_unit_id: this.t.unit(unitCode), starts_on: '2026-02-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }
  /** An open occurrence of a new rule owned by the unit. */
  async occurrence(unitCode: string): Promise<string> {
    const ruleId = await this.rule(unitCode);
    const o = await this.t.container.db.insertInto('cadence_occurrences').values({ tenant_id: this.t.tenantId, rule_id: ruleId, period_key: '2026-02', period_start: '2026-02-01', period_end: '2026-02-28', due_on: '2026-03-06' }).returning('id').executeTakeFirstOrThrow();
    return o.id;
  }
  /** An assessment scheme owned by the unit, scoring the unit alone; its manual item's reviewer is the given user. */
  async assessmentScheme(unitCode: string, reviewerId?: string): Promise<string> {
    const definition = {
      dimensions: [{ key: 'd', name: '工作', items: [
        { key: 'ontime', name: '按时办结率', weight: 50, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 50, target: 100 }, noDataScore: 0 },
        { key: 'review', name: '评议', weight: 50, source: { kind: 'manual', reviewerIds: [reviewerId ?? this.t.userId('supervisor')] }, formula: { kind: 'manual' }, noDataScore: 0 },
      ] }],
      adjustments: [{ key: 'praise', name: '表扬', kind: 'bonus', cap: 3 }],
      groups: [{ key: 'g', name: '分组', unitIds: [this.t.unit(unitCode)] }],
      bonusCap: 3,
      deductionCap: 3,
    };
    const r = await this.t.container.db.insertInto('assessment_schemes').values({ tenant_id: this.t.tenantId, year: 2026, name: `矩阵考核${++Fresh.n}`, owner_unit_id: this.t.unit(unitCode), definition: JSON.stringify(definition) }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }
  /** A run of a new scheme of the unit with the unit's result; published runs' objection window is open. */
  async assessmentRun(unitCode: string, opts: { reviewerId?: string; published?: boolean } = {}): Promise<string> {
    const schemeId = await this.assessmentScheme(unitCode, opts.reviewerId);
    const db = this.t.container.db;
    const s = await db.selectFrom('assessment_schemes').select('definition').where('id', '=', schemeId).executeTakeFirstOrThrow();
    const r = await db
      .insertInto('assessment_runs')
      .values({ tenant_id: this.t.tenantId, scheme_id: schemeId, period: '2026-Q1', period_start: '2026-01-01', period_end: '2026-03-31', definition: JSON.stringify(s.definition), computed_at: new Date(), ...(opts.published ? { status: 'published', published_at: new Date(), objection_until: '2026-12-31' } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const derivation = { items: [], itemsTotal: 0, adjustments: [], bonusEntered: 0, bonusCap: 3, bonus: 0, deductionEntered: 0, deductionCap: 3, deduction: 0, total: 0 };
    await db.insertInto('assessment_results').values({ tenant_id: this.t.tenantId, run_id: r.id, unit_id: this.t.unit(unitCode), group_key: 'g', total: 0, rank: 1, derivation: JSON.stringify(derivation) }).execute();
    return r.id;
  }
  /** An open objection of the unit on its published result. */
  async assessmentObjection(unitCode: string): Promise<string> {
    const runId = await this.assessmentRun(unitCode, { published: true });
    const o = await this.t.container.db.insertInto('assessment_objections').values({ tenant_id: this.t.tenantId, run_id: runId, unit_id: this.t.unit(unitCode), reason: '矩阵异议', filed_by: this.t.userId('liaison_dc'), filed_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    return o.id;
  }
  /** A cadence the parser found in a directive of the unit. */
  async cadence(unitCode: string): Promise<string> {
    const db = this.t.container.db;
    const d = await db.insertInto('directives').values({ tenant_id: this.t.tenantId, unit_id: this.t.unit(unitCode), title: `矩阵文件${++Fresh.n}`, script: 'simplified', format: 'text', body: '一月一通报。', parsed: '{}' } as never).returning('id').executeTakeFirstOrThrow();
    const c = await db.insertInto('directive_cadences').values({ tenant_id: this.t.tenantId, directive_id: d.id, text: '一月一通报', period: 'month', action: '通报' }).returning('id').executeTakeFirstOrThrow();
    return c.id;
  }
  private drafts = new Map<string, string>();
  /** A draft bulletin of the unit kept for the routes that leave it a draft (generating one counts live data, the slowest fixture). */
  async draftBulletin(unitCode: string): Promise<string> {
    const known = this.drafts.get(unitCode);
    if (known) return known;
    const id = await this.bulletin(unitCode);
    this.drafts.set(unitCode, id);
    return id;
  }
  /** A draft bulletin of February over the unit's subtree, with its number filled in (ready to publish). */
  async bulletin(unitCode: string): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const id = await this.t.container.rhythm.generateBulletin(this.supervisorActor, { period: '2026-02', scopeUnitId: this.t.unit(unitCode) });
    await this.t.container.db.updateTable('bulletins').set({ doc_number: `矩阵通〔2026〕${++Fresh.n}号` }).where('id', '=', id).execute();
    return id;
  }
  /** A new investment lead of the unit, signed (convertible) unless in talks. */
  async lead(unitCode: string, signed = false): Promise<string> {
    const r = await this.t.container.db
      .insertInto('investment_leads')
      .values({ tenant_id: this.t.tenantId, company: `矩阵企业${++Fresh.n}`, unit_id: this.t.unit(unitCode), ...(signed ? { stage: 'signed', signed_on: '2026-03-01', signed_amount: 100 } : {}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }
  /** A new indicator (quarterly, entered) owned by the statistics office: its id and code. */
  async indicator(): Promise<{ id: string; code: string }> {
    const code = `MXI${++Fresh.n}-${Math.random().toString(36).slice(2, 7)}`;
    const r = await this.t.container.db.insertInto('indicators').values({ tenant_id: this.t.tenantId, code, name: `矩阵指标${Fresh.n}`, direction: 'higher', frequency: 'quarter', unit_id: this.t.unit('SFS') }).returning('id').executeTakeFirstOrThrow();
    return { id: r.id, code };
  }
  /** A new peer city. */
  async peer(): Promise<string> {
    const r = await this.t.container.db.insertInto('peers').values({ tenant_id: this.t.tenantId, name: `矩阵对标市${++Fresh.n}-${Math.random().toString(36).slice(2, 7)}`, kind: 'city' }).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }
  private directiveTarget: string | undefined;
  /** A target the parser found in a directive of the supervisor's office. */
  async target(): Promise<string> {
    if (this.directiveTarget) return this.directiveTarget;
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const id = await this.t.container.directives.create(this.supervisorActor, { text: ['关于推动经济稳进提质的工作方案', '2026年3月1日', '一、主要目标', '到2026年,全市地区生产总值增长8%以上。', '二、主要任务', '(一)抓好项目开工。责任单位:市发改委。'].join('\n') });
    const r = await this.t.container.db.selectFrom('directive_targets').select('id').where('directive_id', '=', id).executeTakeFirstOrThrow();
    return (this.directiveTarget = r.id);
  }
  /**
   * A suggestion registered by the unit's office (so whoever sees the unit sees it), the demo
   * deputy its proposer when `proposer`; 'handling': assigned to the unit as its main unit;
   * 'answered': answered too, its task awaiting the rating.
   */
  async suggestion(unitCode: string, status: 'new' | 'handling' | 'answered', proposer: boolean): Promise<string> {
    this.supervisorActor ??= await this.t.container.auth.loadActor(this.t.tenantId, await this.t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const s = this.t.container.suggestions;
    const id = await s.create(this.supervisorActor, { kind: 'suggestion', session: '矩阵会议', number: `MX${++Fresh.n}`, title: '矩阵建议', ...(proposer ? { proposerUserIds: [this.t.userId('deputy')] } : { proposerNames: ['矩阵代表'] }) });
    const db = this.t.container.db;
    await db.updateTable('suggestions').set({ office_unit_id: this.t.unit(unitCode) }).where('id', '=', id).execute();
    if (status === 'new') return id;
    await s.assign(this.supervisorActor, id, { mainUnitId: this.t.unit(unitCode), deadline: '2026-12-31' });
    if (status === 'answered') {
      const row = await db.selectFrom('suggestions').select('task_id').where('id', '=', id).executeTakeFirstOrThrow();
      await db.updateTable('tasks').set({ status: 'completion_requested' }).where('id', '=', row.task_id!).execute();
      await db.updateTable('suggestion_rounds').set({ answer: '矩阵答复', category: 'A', answered_at: new Date(), on_time: true }).where('suggestion_id', '=', id).execute();
      await db.updateTable('suggestions').set({ status: 'answered', category: 'A', answered_at: new Date() }).where('id', '=', id).execute();
    }
    return id;
  }
  /** A unit below the given one (or itself when it has none), for decomposition. */
  async childOf(unitCode: string): Promise<string> {
    const child = await this.t.container.db.selectFrom('org_units').select('id').where('parent_id', '=', this.t.unit(unitCode)).orderBy('code').executeTakeFirst();
    return child?.id ?? this.t.unit(unitCode);
  }
  /** A new user in the given unit. */
  async user(unitCode: string): Promise<string> {
    const u = await this.t.container.users.create(systemActor(this.t.tenantId), { username: `mx_${Date.now().toString(36)}_${++Fresh.n}`, displayName: `矩阵用户${Fresh.n}`, orgUnitId: this.t.unit(unitCode), password: 'Matrix#2026kq', grants: [{ role: 'viewer', scopeKind: 'own' }] });
    return u.id;
  }
}

const byAdmin = (ok: number) => (r: Role) => (ADMINS.has(r) ? ok : 403);
const only = (role: Role, ok: number) => (r: Role) => (r === role ? ok : 403);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
const OTHER: Record<Role, string> = { admin: 'viewer', admin_dc: 'viewer', supervisor: 'viewer', leader: 'viewer', liaison_dc: 'viewer', deputy: 'viewer', viewer: 'deputy' };


async function divisionFile(t: TestContext, unitCode: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const unit = await t.container.db.selectFrom('org_units').select('name').where('id', '=', t.unit(unitCode)).executeTakeFirstOrThrow();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分工');
  ws.addRow(['序号', '任务', '牵头单位', '完成时限']);
  ws.addRow(['1', `导入矩阵任务${Math.random().toString(36).slice(2, 7)}`, unit.name, '2026年12月31日']);
  return multipartBody('division.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
}
const always = (ok: number) => () => ok;
const draftItem = (leadUnitId: string) => ({ key: 'k1', title: '矩阵发布任务', content: '', clause: '', offset: null, length: 0, headingPath: [], leadUnitIds: [leadUnitId], coUnitIds: [], leadUnitNames: [], coUnitNames: [], deadline: '2026-12-31', deadlineText: null, category: null, include: true });
const hidden = () => 404;
/** A valid assessment scheme scoring the unit alone. */
const schemeBody = (t: TestContext, u: string) => ({ year: 2026, name: '矩阵考核办法', definition: { dimensions: [{ key: 'd', name: '工作', items: [{ key: 'ontime', name: '按时办结率', weight: 100, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 50, target: 100 } }] }], groups: [{ key: 'g', name: '分组', unitIds: [t.unit(u)] }] } });

async function importFile(parentCode: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('x');
  ws.addRow(['编码', '名称', '上级编码', '类型']);
  ws.addRow([`MXI-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`, '导入矩阵单位', parentCode, '其他']);
  return multipartBody('a.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
}

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/org-units', call: async () => ({ method: 'GET', url: '/api/org-units' }), inScope: always(200) },
  { method: 'GET', path: '/api/org-units/tree', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/tree?parentId=${t.unit(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/org-units/without-liaison', call: async () => ({ method: 'GET', url: '/api/org-units/without-liaison' }), inScope: byAdmin(200) },
  { method: 'GET', path: '/api/org-units/export', call: async () => ({ method: 'GET', url: '/api/org-units/export' }), inScope: always(200) },
  { method: 'GET', path: '/api/org-units/{id}', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/${t.unit(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units', call: async (t, u) => ({ method: 'POST', url: '/api/org-units', body: { parentId: t.unit(u), kind: 'other', code: `MXC-${Math.random().toString(36).slice(2, 9)}`, name: '矩阵新建' } }), inScope: byAdmin(201), outScope: hidden },
  { method: 'PATCH', path: '/api/org-units/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/org-units/${await f.unit(u)}`, body: { name: '改名' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/move', call: async (t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/move`, body: { parentId: t.unit(u) } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/deactivate', call: async (_t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/deactivate` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/activate', call: async (_t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/activate` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'DELETE', path: '/api/org-units/{id}', call: async (_t, u, f) => ({ method: 'DELETE', url: `/api/org-units/${await f.unit(u)}` }), inScope: byAdmin(200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/org-units/import',
    call: async (_t, u) => {
      const { body, headers } = await importFile(u);
      return { method: 'POST', url: '/api/org-units/import', body, headers };
    },
    inScope: byAdmin(200),
    // A parent outside the administrator's scope is a row error, not a hidden record.
    outScope: (r) => (ADMINS.has(r) ? 400 : 403),
  },
  { method: 'GET', path: '/api/users', call: async () => ({ method: 'GET', url: '/api/users' }), inScope: (r) => (USER_READERS.has(r) ? 200 : 403) },
  { method: 'GET', path: '/api/users/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/users/${await f.user(u)}` }), inScope: (r) => (USER_READERS.has(r) ? 200 : 403), outScope: hidden },
  {
    method: 'POST',
    path: '/api/users',
    call: async (t, u) => ({ method: 'POST', url: '/api/users', body: { username: `mxn_${Math.random().toString(36).slice(2, 9)}`, displayName: '新用户', orgUnitId: t.unit(u), password: 'Matrix#2026kq', grants: [] } }),
    inScope: byAdmin(201),
    outScope: hidden,
  },
  { method: 'PATCH', path: '/api/users/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/users/${await f.user(u)}`, body: { displayName: '改名' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'PUT', path: '/api/users/{id}/grants', call: async (_t, u, f) => ({ method: 'PUT', url: `/api/users/${await f.user(u)}/grants`, body: { grants: [{ role: 'viewer', scopeKind: 'own' }] } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/users/{id}/reset-password', call: async (_t, u, f) => ({ method: 'POST', url: `/api/users/${await f.user(u)}/reset-password`, body: { password: 'Reset#2026x' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/users/{id}/unlock', call: async (_t, u, f) => ({ method: 'POST', url: `/api/users/${await f.user(u)}/unlock` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'GET', path: '/api/audit', call: async () => ({ method: 'GET', url: '/api/audit' }), inScope: byAdmin(200) },
  { method: 'GET', path: '/api/audit/export', call: async () => ({ method: 'GET', url: '/api/audit/export' }), inScope: byAdmin(200) },
  { method: 'GET', path: '/api/tasks', call: async () => ({ method: 'GET', url: '/api/tasks' }), inScope: always(200) },
  { method: 'GET', path: '/api/tasks/export', call: async () => ({ method: 'GET', url: '/api/tasks/export' }), inScope: always(200) },
  { method: 'GET', path: '/api/tasks/import/template', call: async () => ({ method: 'GET', url: '/api/tasks/import/template' }), inScope: always(200) },
  { method: 'POST', path: '/api/tasks/unit-check', call: async (t, u) => ({ method: 'POST', url: '/api/tasks/unit-check', body: { unitIds: [t.unit(u)] } }), inScope: only('supervisor', 200), outScope: () => 403 },
  { method: 'GET', path: '/api/tasks/categories', call: async () => ({ method: 'GET', url: '/api/tasks/categories' }), inScope: always(200) },
  { method: 'GET', path: '/api/tasks/inbox', call: async () => ({ method: 'GET', url: '/api/tasks/inbox' }), inScope: always(200) },
  // The caller's own counts over the tasks it may see (home.test.ts checks them against the lists).
  { method: 'GET', path: '/api/home', call: async () => ({ method: 'GET', url: '/api/home' }), inScope: always(200) },
  { method: 'POST', path: '/api/escalations/{id}/accept', call: async (_t, u, f) => ({ method: 'POST', url: `/api/escalations/${await f.proposal(u)}/accept`, body: {} }), inScope: only('supervisor', 201), outScope: hidden },
  { method: 'POST', path: '/api/escalations/{id}/dismiss', call: async (_t, u, f) => ({ method: 'POST', url: `/api/escalations/${await f.proposal(u)}/dismiss`, body: { reason: '不需要' } }), inScope: only('supervisor', 200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/tasks',
    call: async (t, u) => ({ method: 'POST', url: '/api/tasks', body: { title: '矩阵新任务', leadUnitIds: [t.unit(u)], deadline: '2026-12-31' } }),
    inScope: only('supervisor', 201),
    outScope: () => 403,
  },
  {
    method: 'POST',
    path: '/api/tasks/import',
    call: async (t, u) => {
      const { body, headers } = await divisionFile(t, u);
      return { method: 'POST', url: '/api/tasks/import', body, headers };
    },
    inScope: only('supervisor', 200),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/tasks/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/tasks/${await f.task(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/tasks/{id}/reports', call: async (_t, u, f) => ({ method: 'GET', url: `/api/tasks/${await f.task(u)}/reports?page=1&pageSize=5` }), inScope: always(200), outScope: hidden },
  { method: 'PATCH', path: '/api/tasks/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/tasks/${await f.task(u)}`, body: { deadline: '2026-12-30', priority: 'high' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/assign', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'draft')}/assign`, body: {} }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/acknowledge', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u)}/acknowledge` }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/reports', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'acknowledged')}/reports`, body: { done: '进展', percent: 30 } }), inScope: only('liaison_dc', 201), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/request-completion', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'in_progress')}/request-completion`, body: { summary: '完成' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/complete', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'completion_requested')}/complete`, body: {} }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/return', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'completion_requested')}/return`, body: { reason: '材料不全' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/cancel', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u)}/cancel`, body: { reason: '不再需要' } }), inScope: only('supervisor', 200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/tasks/{id}/decompose',
    call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'acknowledged')}/decompose`, body: { parts: [{ title: '分解部分', ownerUnitId: await f.childOf(u) }] } }),
    inScope: only('liaison_dc', 200),
    outScope: hidden,
  },
  { method: 'POST', path: '/api/tasks/{id}/remind', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u)}/remind`, body: { message: '请抓紧' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/batch/remind', call: async (_t, u, f) => ({ method: 'POST', url: '/api/tasks/batch/remind', body: { ids: [await f.task(u)], message: '请抓紧' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/batch/orders', call: async (_t, u, f) => ({ method: 'POST', url: '/api/tasks/batch/orders', body: { ids: [await f.task(u)], level: 'yellow', matter: '进度滞后', replyDeadline: '2026-12-30' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/orders', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u)}/orders`, body: { level: 'yellow', matter: '进度滞后', replyDeadline: '2026-12-30' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/extensions', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u, 'in_progress')}/extensions`, body: { requestedDeadline: '2027-03-31', reason: '客观原因' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/tasks/{id}/instructions', call: async (_t, u, f) => ({ method: 'POST', url: `/api/tasks/${await f.task(u)}/instructions`, body: { content: '请抓紧落实' } }), inScope: only('leader', 200), outScope: hidden },
  { method: 'POST', path: '/api/reports/{id}/review', call: async (_t, u, f) => ({ method: 'POST', url: `/api/reports/${await f.report(u)}/review`, body: { comment: '请补充佐证', sendBack: true } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/orders', call: async () => ({ method: 'GET', url: '/api/orders?status=open,replied' }), inScope: always(200) },
  { method: 'GET', path: '/api/orders/export', call: async () => ({ method: 'GET', url: '/api/orders/export' }), inScope: always(200) },
  // Only the task's responsible leader signs or sends back a drafted order.
  { method: 'POST', path: '/api/orders/{id}/sign', call: async (_t, u, f) => ({ method: 'POST', url: `/api/orders/${await f.orderToSign(u)}/sign`, body: {} }), inScope: only('leader', 200), outScope: hidden },
  { method: 'POST', path: '/api/orders/{id}/refuse', call: async (_t, u, f) => ({ method: 'POST', url: `/api/orders/${await f.orderToSign(u)}/refuse`, body: { comment: '暂缓下发' } }), inScope: only('leader', 200), outScope: hidden },
  { method: 'GET', path: '/api/orders/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/orders/${await f.order(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/orders/{id}/docx', call: async (_t, u, f) => ({ method: 'GET', url: `/api/orders/${await f.order(u)}/docx` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/orders/{id}/reply', call: async (_t, u, f) => ({ method: 'POST', url: `/api/orders/${await f.order(u)}/reply`, body: { reply: '已整改' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/orders/{id}/close', call: async (_t, u, f) => ({ method: 'POST', url: `/api/orders/${await f.order(u)}/close` }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/extensions/{id}/decide', call: async (_t, u, f) => ({ method: 'POST', url: `/api/extensions/${await f.extension(u)}/decide`, body: { approve: true } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/instructions/{id}/answer', call: async (_t, u, f) => ({ method: 'POST', url: `/api/instructions/${await f.instruction(u)}/answer`, body: { answer: '已落实' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/attachments',
    call: async () => {
      const { body, headers } = multipartBody('photo.png', PNG);
      return { method: 'POST', url: '/api/attachments', body, headers };
    },
    // Only the roles that attach files (to a task, a report, a 批示件, a suggestion) may upload them.
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' || r === 'deputy' ? 201 : 403),
  },
  { method: 'GET', path: '/api/attachments/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/attachments/${await f.attachment(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/notifications', call: async () => ({ method: 'GET', url: '/api/notifications' }), inScope: always(200) },
  { method: 'GET', path: '/api/notifications/unread-count', call: async () => ({ method: 'GET', url: '/api/notifications/unread-count' }), inScope: always(200) },
  { method: 'POST', path: '/api/notifications/read-all', call: async () => ({ method: 'POST', url: '/api/notifications/read-all' }), inScope: always(200) },
  { method: 'GET', path: '/api/dashboard', call: async (t, u) => ({ method: 'GET', url: `/api/dashboard?unitId=${t.unit(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/org-units/{id}/responsibilities', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/${t.unit(u)}/responsibilities` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/org-units/{id}/responsibilities/export', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/${t.unit(u)}/responsibilities/export` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/saved-filters', call: async () => ({ method: 'GET', url: '/api/saved-filters' }), inScope: always(200) },
  { method: 'POST', path: '/api/saved-filters', call: async () => ({ method: 'POST', url: '/api/saved-filters', body: { name: '我的筛选', filter: { light: ['red'] } } }), inScope: always(201) },
  { method: 'GET', path: '/api/directives', call: async () => ({ method: 'GET', url: '/api/directives?q=%E6%96%B9%E6%A1%88' }), inScope: always(200) },
  { method: 'POST', path: '/api/directives', call: async () => ({ method: 'POST', url: '/api/directives', body: { text: '矩阵讲话\n一、要抓好项目建设。' } }), inScope: only('supervisor', 201) },
  {
    method: 'POST',
    path: '/api/directives/upload',
    call: async () => {
      const { body, headers } = multipartBody('矩阵.txt', Buffer.from('矩阵方案\n一、要抓好项目建设。'));
      return { method: 'POST', url: '/api/directives/upload', body, headers };
    },
    inScope: only('supervisor', 201),
  },
  { method: 'POST', path: '/api/directives/instruction', call: async () => ({ method: 'POST', url: '/api/directives/instruction', body: { instructedBy: '李市长', instructedOn: '2026-03-01', subject: '关于矩阵的报告', text: '请市发改委牵头研究,月底前报结果。' } }), inScope: only('supervisor', 201) },
  { method: 'POST', path: '/api/directives/suggest-units', call: async () => ({ method: 'POST', url: '/api/directives/suggest-units', body: { text: '市财政局牵头' } }), inScope: only('supervisor', 200) },
  { method: 'GET', path: '/api/directives/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/directives/${await f.directive(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'PATCH', path: '/api/directives/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/directives/${await f.directive(u)}`, body: { source: '市政府' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/directives/corrections', call: async () => ({ method: 'GET', url: '/api/directives/corrections' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/directives/{id}/corrections',
    call: async (_t, u, f) => {
      const id = await f.directive(u);
      return { method: 'POST', url: `/api/directives/${id}/corrections`, body: { field: 'organizations', action: 'drop', name: '市财政局' } };
    },
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  { method: 'PUT', path: '/api/directives/{id}/draft', call: async (t, u, f) => ({ method: 'PUT', url: `/api/directives/${await f.directive(u)}/draft`, body: { items: [draftItem(t.unit(u))] } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/directives/{id}/publish', call: async (t, u, f) => ({ method: 'POST', url: `/api/directives/${await f.directive(u)}/publish`, body: { items: [draftItem(t.unit(u))] } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'DELETE', path: '/api/directives/{id}', call: async (_t, u, f) => ({ method: 'DELETE', url: `/api/directives/${await f.directive(u)}` }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/me/notification-settings', call: async () => ({ method: 'GET', url: '/api/me/notification-settings' }), inScope: always(200) },
  { method: 'PUT', path: '/api/me/notification-settings', call: async () => ({ method: 'PUT', url: '/api/me/notification-settings', body: { email: null, channels: [] } }), inScope: always(200) },
  { method: 'GET', path: '/api/notification-deliveries', call: async () => ({ method: 'GET', url: '/api/notification-deliveries' }), inScope: byAdmin(200) },
  // An id no delivery has: administrators are told it is not there, anyone else that they may not retry (the retry itself: notification-outbox.test.ts).
  { method: 'POST', path: '/api/notification-deliveries/retry', call: async () => ({ method: 'POST', url: '/api/notification-deliveries/retry', body: { ids: [randomUUID()] } }), inScope: (r) => (ADMINS.has(r) ? 404 : 403) },
  { method: 'GET', path: '/api/org/units/{id}/webhook', call: async (t, u) => ({ method: 'GET', url: `/api/org/units/${t.unit(u)}/webhook` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'PUT', path: '/api/org/units/{id}/webhook', call: async (t, u) => ({ method: 'PUT', url: `/api/org/units/${t.unit(u)}/webhook`, body: { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'DELETE', path: '/api/org/units/{id}/webhook', call: async (t, u) => ({ method: 'DELETE', url: `/api/org/units/${t.unit(u)}/webhook` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'GET', path: '/api/projects', call: async () => ({ method: 'GET', url: '/api/projects' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/projects',
    call: async (t, u) => ({ method: 'POST', url: '/api/projects', body: { code: `MXN-${Math.random().toString(36).slice(2, 9)}`, name: '矩阵新项目', kind: 'other', level: 'district', totalInvestment: 10, leadUnitId: t.unit(u), startYear: 2026 } }),
    inScope: only('supervisor', 201),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/projects/dashboard', call: async () => ({ method: 'GET', url: '/api/projects/dashboard?year=2026' }), inScope: always(200) },
  { method: 'GET', path: '/api/projects/bulletin.docx', call: async () => ({ method: 'GET', url: '/api/projects/bulletin.docx?period=2026-02' }), inScope: always(200) },
  { method: 'GET', path: '/api/projects/export', call: async () => ({ method: 'GET', url: '/api/projects/export' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/projects/import',
    call: async (t, u) => {
      const unit = await t.container.db.selectFrom('org_units').select('name').where('id', '=', t.unit(u)).executeTakeFirstOrThrow();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('重点项目台账');
      ws.addRow(['项目编号', '项目名称', '项目类型', '项目级别', '牵头单位', '总投资（万元）', '入库年份']);
      ws.addRow([`MXI-${Math.random().toString(36).slice(2, 9)}`, '导入矩阵项目', '产业', '市级', unit.name, 100, 2026]);
      const { body, headers } = multipartBody('projects.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      return { method: 'POST', url: '/api/projects/import', body, headers };
    },
    inScope: only('supervisor', 200),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/projects/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/projects/${await f.project(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'PATCH', path: '/api/projects/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/projects/${await f.project(u)}`, body: { name: '改名' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'DELETE', path: '/api/projects/{id}', call: async (_t, u, f) => ({ method: 'DELETE', url: `/api/projects/${await f.project(u)}` }), inScope: only('supervisor', 200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/projects/{id}/milestones',
    call: async (_t, u, f) => ({ method: 'POST', url: `/api/projects/${await f.project(u)}/milestones`, body: { stage: 'signed', actualDate: '2026-03-01' } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 200 : 403),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/projects/{id}/reports', call: async (_t, u, f) => ({ method: 'GET', url: `/api/projects/${await f.project(u)}/reports` }), inScope: always(200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/projects/{id}/reports',
    call: async (_t, u, f) => ({ method: 'POST', url: `/api/projects/${await f.project(u)}/reports`, body: { period: '2026-02', invested: 10, progress: '矩阵进度' } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 201 : 403),
    outScope: hidden,
  },
  {
    method: 'POST',
    path: '/api/projects/{id}/problems/{problemId}/assign',
    call: async (t, u, f) => {
      const [projectId, problemId] = await f.projectProblem(u);
      return { method: 'POST', url: `/api/projects/${projectId}/problems/${problemId}/assign`, body: { leadUnitIds: [t.unit(u)], deadline: '2026-12-31' } };
    },
    inScope: only('supervisor', 201),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/meetings', call: async () => ({ method: 'GET', url: '/api/meetings' }), inScope: always(200) },
  { method: 'GET', path: '/api/meetings/agenda-candidates', call: async () => ({ method: 'GET', url: '/api/meetings/agenda-candidates' }), inScope: only('supervisor', 200) },
  { method: 'GET', path: '/api/meetings/unit-candidates', call: async (t, u) => ({ method: 'GET', url: `/api/meetings/unit-candidates?kind=review&period=2026-Q1&scopeUnitId=${t.unit(u)}` }), inScope: only('supervisor', 200) },
  // The tag dictionary is the tenant's: read by all, kept by the supervisors of the root unit (no unit target).
  { method: 'GET', path: '/api/project-tags', call: async () => ({ method: 'GET', url: '/api/project-tags' }), inScope: always(200) },
  { method: 'POST', path: '/api/project-tags/groups', call: async () => ({ method: 'POST', url: '/api/project-tags/groups', body: { name: `矩阵分组-${Math.random().toString(36).slice(2, 9)}` } }), inScope: only('supervisor', 201) },
  { method: 'PATCH', path: '/api/project-tags/groups/{id}', call: async (_t, _u, f) => ({ method: 'PATCH', url: `/api/project-tags/groups/${(await f.projectTag(false))[0]}`, body: { sortOrder: 3 } }), inScope: only('supervisor', 200) },
  { method: 'DELETE', path: '/api/project-tags/groups/{id}', call: async (_t, _u, f) => ({ method: 'DELETE', url: `/api/project-tags/groups/${(await f.projectTag(false))[0]}` }), inScope: only('supervisor', 200) },
  { method: 'POST', path: '/api/project-tags', call: async (_t, _u, f) => ({ method: 'POST', url: '/api/project-tags', body: { groupId: (await f.projectTag(false))[0], name: `矩阵标签-${Math.random().toString(36).slice(2, 9)}` } }), inScope: only('supervisor', 201) },
  { method: 'PATCH', path: '/api/project-tags/{id}', call: async (_t, _u, f) => ({ method: 'PATCH', url: `/api/project-tags/${(await f.projectTag())[1]}`, body: { enabled: false } }), inScope: only('supervisor', 200) },
  { method: 'DELETE', path: '/api/project-tags/{id}', call: async (_t, _u, f) => ({ method: 'DELETE', url: `/api/project-tags/${(await f.projectTag())[1]}` }), inScope: only('supervisor', 200) },
  { method: 'GET', path: '/api/meetings/project-candidates', call: async () => ({ method: 'GET', url: '/api/meetings/project-candidates' }), inScope: only('supervisor', 200) },
  {
    method: 'PUT',
    path: '/api/meetings/{id}/attendance',
    call: async (_t, u, f) => ({ method: 'PUT', url: `/api/meetings/${(await f.meeting(u))[0]}/attendance`, body: { attendance: [{ name: '矩阵参会', status: 'present' }] } }),
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  {
    method: 'POST',
    path: '/api/meetings',
    call: async (_t, u, f) => ({ method: 'POST', url: '/api/meetings', body: { title: '矩阵会办', heldOn: '2026-03-01', hostName: '主持领导', problemIds: [(await f.projectProblem(u))[1]] } }),
    inScope: only('supervisor', 201),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/meetings/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/meetings/${(await f.meeting(u))[0]}` }), inScope: always(200), outScope: hidden },
  {
    method: 'PUT',
    path: '/api/meetings/{id}/items/{itemId}/minutes',
    call: async (_t, u, f) => {
      const [meetingId, itemId] = await f.meeting(u);
      return { method: 'PUT', url: `/api/meetings/${meetingId}/items/${itemId}/minutes`, body: { minutes: '矩阵纪要' } };
    },
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  {
    method: 'POST',
    path: '/api/meetings/{id}/items/{itemId}/decisions',
    call: async (t, u, f) => {
      const [meetingId, itemId] = await f.meeting(u);
      return { method: 'POST', url: `/api/meetings/${meetingId}/items/${itemId}/decisions`, body: { content: '矩阵议定', leadUnitIds: [t.unit(u)], deadline: '2026-12-31' } };
    },
    inScope: only('supervisor', 201),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/rhythm/rules', call: async () => ({ method: 'GET', url: '/api/rhythm/rules' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/rhythm/rules',
    call: async (t, u) => ({ method: 'POST', url: '/api/rhythm/rules', body: { name: '矩阵机制', period: 'month', anchorDays: 5, action: 'bulletin', scopeUnitId: t.unit(u) } }),
    inScope: only('supervisor', 201),
    outScope: () => 403,
  },
  { method: 'POST', path: '/api/rhythm/rules/defaults', call: async () => ({ method: 'POST', url: '/api/rhythm/rules/defaults' }), inScope: only('supervisor', 200) },
  { method: 'POST', path: '/api/rhythm/rules/from-cadence', call: async (_t, u, f) => ({ method: 'POST', url: '/api/rhythm/rules/from-cadence', body: { cadenceId: await f.cadence(u) } }), inScope: only('supervisor', 201), outScope: () => 403 },
  { method: 'PATCH', path: '/api/rhythm/rules/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/rhythm/rules/${await f.rule(u)}`, body: { name: '改名' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/rhythm/occurrences', call: async () => ({ method: 'GET', url: '/api/rhythm/occurrences' }), inScope: always(200) },
  { method: 'POST', path: '/api/rhythm/occurrences/{id}/prepare', call: async (_t, u, f) => ({ method: 'POST', url: `/api/rhythm/occurrences/${await f.occurrence(u)}/prepare` }), inScope: only('supervisor', 200), outScope: hidden },
  {
    method: 'PUT',
    path: '/api/rhythm/occurrences/{id}/record',
    call: async (_t, u, f) => ({ method: 'PUT', url: `/api/rhythm/occurrences/${await f.occurrence(u)}/record`, body: { status: 'done', heldOn: '2026-03-06', record: '矩阵记录' } }),
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/bulletins', call: async () => ({ method: 'GET', url: '/api/bulletins' }), inScope: always(200) },
  { method: 'POST', path: '/api/bulletins', call: async (t, u) => ({ method: 'POST', url: '/api/bulletins', body: { period: '2026-02', scopeUnitId: t.unit(u) } }), inScope: only('supervisor', 201), outScope: () => 403 },
  { method: 'GET', path: '/api/bulletins/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/bulletins/${await f.draftBulletin(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'PUT', path: '/api/bulletins/{id}', call: async (_t, u, f) => ({ method: 'PUT', url: `/api/bulletins/${await f.draftBulletin(u)}`, body: { title: '矩阵通报' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/bulletins/{id}/regenerate', call: async (_t, u, f) => ({ method: 'POST', url: `/api/bulletins/${await f.draftBulletin(u)}/regenerate` }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/bulletins/{id}/publish', call: async (_t, u, f) => ({ method: 'POST', url: `/api/bulletins/${await f.bulletin(u)}/publish` }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/bulletins/{id}/document.docx', call: async (_t, u, f) => ({ method: 'GET', url: `/api/bulletins/${await f.draftBulletin(u)}/document.docx` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/assessment-schemes', call: async () => ({ method: 'GET', url: '/api/assessment-schemes' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/assessment-schemes',
    call: async (t, u) => ({ method: 'POST', url: '/api/assessment-schemes', body: schemeBody(t, u) }),
    inScope: only('supervisor', 201),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/assessment-schemes/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/assessment-schemes/${await f.assessmentScheme(u)}` }), inScope: always(200), outScope: hidden },
  {
    method: 'PUT',
    path: '/api/assessment-schemes/{id}',
    call: async (t, u, f) => ({ method: 'PUT', url: `/api/assessment-schemes/${await f.assessmentScheme(u)}`, body: schemeBody(t, u) }),
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  { method: 'POST', path: '/api/assessment-schemes/{id}/runs', call: async (_t, u, f) => ({ method: 'POST', url: `/api/assessment-schemes/${await f.assessmentScheme(u)}/runs`, body: { period: '2026-Q1' } }), inScope: only('supervisor', 201), outScope: hidden },
  { method: 'GET', path: '/api/assessment-runs', call: async () => ({ method: 'GET', url: '/api/assessment-runs' }), inScope: always(200) },
  { method: 'GET', path: '/api/assessment-runs/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/assessment-runs/${await f.assessmentRun(u)}` }), inScope: always(200), outScope: hidden },
  {
    method: 'PUT',
    path: '/api/assessment-runs/{id}/manual-scores',
    // The caller is the item's named reviewer: whoever is named scores, if the run is within their scope.
    call: async (t, u, f, role) => ({ method: 'PUT', url: `/api/assessment-runs/${await f.assessmentRun(u, { reviewerId: t.userId(role) })}/manual-scores`, body: { unitId: t.unit(u), itemKey: 'review', score: 90 } }),
    inScope: always(200),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/assessment-runs/{id}/results.xlsx', call: async (_t, u, f) => ({ method: 'GET', url: `/api/assessment-runs/${await f.assessmentRun(u)}/results.xlsx` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/assessment-runs/{id}/document.docx', call: async (_t, u, f) => ({ method: 'GET', url: `/api/assessment-runs/${await f.assessmentRun(u)}/document.docx` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/assessment-runs/{id}/adjustments', call: async (t, u, f) => ({ method: 'POST', url: `/api/assessment-runs/${await f.assessmentRun(u)}/adjustments`, body: { unitId: t.unit(u), key: 'praise', points: 1, note: '矩阵加分' } }), inScope: only('supervisor', 201), outScope: hidden },
  {
    method: 'DELETE',
    path: '/api/assessment-runs/{id}/adjustments',
    call: async (t, u, f) => {
      const runId = await f.assessmentRun(u);
      await t.container.db.insertInto('assessment_inputs').values({ tenant_id: t.tenantId, run_id: runId, unit_id: t.unit(u), kind: 'adjustment', item_key: 'praise', value: 1, note: '矩阵加分', entered_at: new Date() }).execute();
      return { method: 'DELETE', url: `/api/assessment-runs/${runId}/adjustments?unitId=${t.unit(u)}&key=praise` };
    },
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  { method: 'POST', path: '/api/assessment-runs/{id}/publish', call: async (_t, u, f) => ({ method: 'POST', url: `/api/assessment-runs/${await f.assessmentRun(u)}/publish` }), inScope: only('supervisor', 200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/assessment-runs/{id}/objections',
    call: async (t, u, f) => ({ method: 'POST', url: `/api/assessment-runs/${await f.assessmentRun(u, { published: true })}/objections`, body: { unitId: t.unit(u), reason: '矩阵异议' } }),
    inScope: only('liaison_dc', 201),
    outScope: hidden,
  },
  { method: 'POST', path: '/api/assessment-objections/{id}/answer', call: async (_t, u, f) => ({ method: 'POST', url: `/api/assessment-objections/${await f.assessmentObjection(u)}/answer`, body: { decision: 'rejected', answer: '矩阵答复' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/leads', call: async () => ({ method: 'GET', url: '/api/leads' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/leads',
    call: async (t, u) => ({ method: 'POST', url: '/api/leads', body: { company: '矩阵新企业', unitId: t.unit(u) } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 201 : 403),
    // A unit outside the liaison's scope is a field error of the form.
    outScope: (r) => (r === 'liaison_dc' ? 400 : 403),
  },
  { method: 'GET', path: '/api/leads/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/leads/${await f.lead(u)}` }), inScope: always(200), outScope: hidden },
  {
    method: 'PATCH',
    path: '/api/leads/{id}',
    call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/leads/${await f.lead(u)}`, body: { nextStep: '再次洽谈' } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 200 : 403),
    outScope: hidden,
  },
  {
    method: 'DELETE',
    path: '/api/leads/{id}',
    call: async (_t, u, f) => ({ method: 'DELETE', url: `/api/leads/${await f.lead(u)}` }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 200 : 403),
    outScope: hidden,
  },
  {
    method: 'POST',
    path: '/api/leads/{id}/visits',
    call: async (_t, u, f) => ({ method: 'POST', url: `/api/leads/${await f.lead(u)}/visits`, body: { visitedOn: '2026-03-01', kind: 'visit', summary: '矩阵走访' } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 201 : 403),
    outScope: hidden,
  },
  {
    method: 'POST',
    path: '/api/leads/{id}/convert',
    call: async (_t, u, f) => ({ method: 'POST', url: `/api/leads/${await f.lead(u, true)}/convert`, body: { code: `MXZ-${Math.random().toString(36).slice(2, 9)}`, name: '矩阵转化项目', kind: 'industry', level: 'city' } }),
    inScope: only('supervisor', 201),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/leads/quotas', call: async () => ({ method: 'GET', url: '/api/leads/quotas?year=2026' }), inScope: always(200) },
  {
    method: 'PUT',
    path: '/api/leads/quotas',
    call: async (t, u) => ({ method: 'PUT', url: '/api/leads/quotas', body: { unitId: t.unit(u), year: 2026, signedProjects: 1, signedAmount: 10, fundsInPlace: 5 } }),
    inScope: only('supervisor', 200),
    outScope: () => 403,
  },
  { method: 'GET', path: '/api/auth/me', call: async () => ({ method: 'GET', url: '/api/auth/me' }), inScope: always(200) },
  { method: 'POST', path: '/api/auth/password', call: async () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: 'wrong-one', newPassword: 'Whatever#2026' } }), inScope: always(400) },
  { method: 'GET', path: '/api/tokens', call: async () => ({ method: 'GET', url: '/api/tokens' }), inScope: always(200) },
  { method: 'POST', path: '/api/tokens', call: async () => ({ method: 'POST', url: '/api/tokens', body: { name: '矩阵', access: 'read' } }), inScope: always(201) },
  { method: 'GET', path: '/api/campaigns', call: async () => ({ method: 'GET', url: '/api/campaigns' }), inScope: always(200) },
  { method: 'POST', path: '/api/campaigns', call: async (t, u) => ({ method: 'POST', url: '/api/campaigns', body: { title: '矩阵新活动', kind: 'other', startDate: '2026-01-01', endDate: '2026-12-31', unitIds: [t.unit(u)] } }), inScope: only('supervisor', 201), outScope: () => 403 },
  { method: 'GET', path: '/api/campaigns/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaigns/${await f.campaign(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/campaigns/{id}/stats', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaigns/${await f.campaign(u)}/stats` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/campaigns/{id}/summary.docx', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaigns/${await f.campaign(u)}/summary.docx` }), inScope: always(200), outScope: hidden },
  { method: 'PUT', path: '/api/campaigns/{id}', call: async (t, u, f) => ({ method: 'PUT', url: `/api/campaigns/${await f.campaign(u)}`, body: { title: '改名活动', kind: 'other', startDate: '2026-01-01', endDate: '2026-12-31', unitIds: [t.unit(u)] } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'PUT', path: '/api/campaigns/{id}/publication', call: async (_t, u, f) => ({ method: 'PUT', url: `/api/campaigns/${await f.campaign(u)}/publication`, body: { enabled: true } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/campaigns/{id}/activities', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaigns/${await f.campaign(u)}/activities` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/campaigns/{id}/activities', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaigns/${await f.campaign(u)}/activities`, body: { kind: 'research', title: '矩阵调研', heldOn: '2026-03-01' } }), inScope: only('supervisor', 201), outScope: hidden },
  { method: 'GET', path: '/api/campaign-activities/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaign-activities/${await f.activity(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/campaign-activities/{id}/opinions', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-activities/${await f.activity(u)}/opinions`, body: { content: '补记意见', raisedByName: '代表' } }), inScope: only('supervisor', 201), outScope: hidden },
  // Only supervisors handle opinions: the others are refused before the opinion is looked up.
  { method: 'POST', path: '/api/campaign-opinions/{id}/to-task', call: async (t, u, f) => ({ method: 'POST', url: `/api/campaign-opinions/${await f.opinion(u)}/to-task`, body: { title: '意见转任务', leadUnitIds: [t.unit(u)], deadline: '2026-12-31' } }), inScope: only('supervisor', 201), outScope: () => 403 },
  { method: 'POST', path: '/api/campaign-opinions/{id}/to-problem', call: async (t, u, f) => ({ method: 'POST', url: `/api/campaign-opinions/${await f.opinion(u)}/to-problem`, body: { source: 'public', unitId: t.unit(u) } }), inScope: only('supervisor', 201), outScope: () => 403 },
  { method: 'POST', path: '/api/campaign-opinions/{id}/answer', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-opinions/${await f.opinion(u)}/answer`, body: { answer: '已答复' } }), inScope: only('supervisor', 200), outScope: () => 403 },
  { method: 'GET', path: '/api/campaign-opinions/mine', call: async () => ({ method: 'GET', url: '/api/campaign-opinions/mine' }), inScope: always(200) },
  { method: 'GET', path: '/api/campaign-problems', call: async () => ({ method: 'GET', url: '/api/campaign-problems' }), inScope: always(200) },
  // A supervisor records problems for units in scope; a liaison self-identified ones of its own unit.
  { method: 'POST', path: '/api/campaigns/{id}/problems', call: async (t, u, f) => ({ method: 'POST', url: `/api/campaigns/${await f.campaign(u)}/problems`, body: { source: 'self', unitId: t.unit(u), description: '自查问题' } }), inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 201 : 403), outScope: hidden },
  { method: 'GET', path: '/api/campaign-problems/export', call: async () => ({ method: 'GET', url: '/api/campaign-problems/export' }), inScope: always(200) },
  {
    method: 'POST',
    path: '/api/campaigns/{id}/problems/import',
    call: async (t, u, f) => {
      const unit = await t.container.db.selectFrom('org_units').select('name').where('id', '=', t.unit(u)).executeTakeFirstOrThrow();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('整改台账');
      ws.addRow(['问题', '责任单位']);
      ws.addRow(['导入矩阵问题', unit.name]);
      const { body, headers } = multipartBody('ledger.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      return { method: 'POST', url: `/api/campaigns/${await f.campaign(u)}/problems/import`, body, headers };
    },
    inScope: only('supervisor', 200),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/campaign-problems/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/campaign-problems/${await f.problem(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/campaign-problems/{id}/plan', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-problems/${await f.problem(u)}/plan`, body: { measures: '整改措施', deadline: '2026-12-31' } }), inScope: only('supervisor', 200), outScope: hidden },
  // The unit asks for close-out; the office, not being its owner, verifies it.
  { method: 'POST', path: '/api/campaign-problems/{id}/close-request', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-problems/${await f.problem(u, 'rectifying')}/close-request`, body: { note: '已整改' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/campaign-problems/{id}/verify', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-problems/${await f.problem(u, 'review')}/verify`, body: { approve: true } }), inScope: (r) => (r === 'supervisor' || r === 'leader' ? 200 : 403), outScope: hidden },
  { method: 'POST', path: '/api/campaign-problems/{id}/reopen', call: async (_t, u, f) => ({ method: 'POST', url: `/api/campaign-problems/${await f.problem(u, 'closed')}/reopen`, body: { reason: '反弹', deadline: '2026-12-31' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/suggestions', call: async () => ({ method: 'GET', url: '/api/suggestions' }), inScope: always(200) },
  { method: 'POST', path: '/api/suggestions', call: async () => ({ method: 'POST', url: '/api/suggestions', body: { kind: 'suggestion', session: '矩阵会议', title: '矩阵新建议', proposerNames: ['矩阵代表'] } }), inScope: (r) => (r === 'supervisor' || r === 'deputy' ? 201 : 403) },
  { method: 'GET', path: '/api/suggestions/options', call: async () => ({ method: 'GET', url: '/api/suggestions/options' }), inScope: always(200) },
  { method: 'GET', path: '/api/suggestions/todo', call: async () => ({ method: 'GET', url: '/api/suggestions/todo' }), inScope: always(200) },
  { method: 'GET', path: '/api/suggestions/stats', call: async () => ({ method: 'GET', url: '/api/suggestions/stats?by=session' }), inScope: always(200) },
  { method: 'GET', path: '/api/suggestions/stats/export', call: async () => ({ method: 'GET', url: '/api/suggestions/stats/export?by=unit' }), inScope: always(200) },
  { method: 'GET', path: '/api/suggestions/import/template', call: async () => ({ method: 'GET', url: '/api/suggestions/import/template' }), inScope: always(200) },
  { method: 'GET', path: '/api/burden', call: async (t, u) => ({ method: 'GET', url: `/api/burden?month=2026-03&unitId=${t.unit(u)}` }), inScope: (r) => (r === 'deputy' ? 403 : 200), outScope: (r) => (r === 'deputy' ? 403 : 404) },
  { method: 'GET', path: '/api/burden/unit', call: async (t, u) => ({ method: 'GET', url: `/api/burden/unit?month=2026-03&unitId=${t.unit(u)}` }), inScope: (r) => (r === 'deputy' ? 403 : 200), outScope: (r) => (r === 'deputy' ? 403 : 404) },
  { method: 'GET', path: '/api/burden/export', call: async (t, u) => ({ method: 'GET', url: `/api/burden/export?month=2026-03&unitId=${t.unit(u)}` }), inScope: (r) => (r === 'deputy' ? 403 : 200), outScope: (r) => (r === 'deputy' ? 403 : 404) },
  {
    method: 'POST',
    path: '/api/suggestions/import',
    call: async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('建议');
      ws.addRow(['类别', '届次', '提出人', '标题']);
      ws.addRow(['建议', `矩阵导入${Math.random().toString(36).slice(2, 9)}`, '矩阵代表', '导入矩阵建议']);
      const { body, headers } = multipartBody('suggestions.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      return { method: 'POST', url: '/api/suggestions/import', body, headers };
    },
    inScope: only('supervisor', 200),
  },
  // The deputy's target is one they proposed; everyone else's one their scope holds the unit of.
  { method: 'GET', path: '/api/suggestions/{id}', call: async (_t, u, f, r) => ({ method: 'GET', url: `/api/suggestions/${await f.suggestion(u, 'handling', r === 'deputy' && u === SCOPE.deputy.inUnit)}` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/suggestions/{id}/assign', call: async (t, u, f, r) => ({ method: 'POST', url: `/api/suggestions/${await f.suggestion(u, 'new', r === 'deputy' && u === SCOPE.deputy.inUnit)}/assign`, body: { mainUnitId: t.unit(u), deadline: '2026-12-31' } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'POST', path: '/api/suggestions/{id}/answer', call: async (_t, u, f, r) => ({ method: 'POST', url: `/api/suggestions/${await f.suggestion(u, 'handling', r === 'deputy' && u === SCOPE.deputy.inUnit)}/answer`, body: { answer: '矩阵答复', category: 'A' } }), inScope: only('liaison_dc', 200), outScope: hidden },
  { method: 'POST', path: '/api/suggestions/{id}/rating', call: async (_t, u, f, r) => ({ method: 'POST', url: `/api/suggestions/${await f.suggestion(u, 'answered', r === 'deputy' && u === SCOPE.deputy.inUnit)}/rating`, body: { rating: 'satisfied', means: '电话' } }), inScope: (r) => (r === 'supervisor' || r === 'deputy' ? 200 : 403), outScope: hidden },
  { method: 'PUT', path: '/api/suggestions/{id}/agreement', call: async (_t, u, f, r) => ({ method: 'PUT', url: `/api/suggestions/${await f.suggestion(u, 'answered', r === 'deputy' && u === SCOPE.deputy.inUnit)}/agreement`, body: { agreed: true } }), inScope: only('deputy', 200), outScope: hidden },
  { method: 'PUT', path: '/api/suggestions/{id}/publication', call: async (_t, u, f, r) => ({ method: 'PUT', url: `/api/suggestions/${await f.suggestion(u, 'answered', r === 'deputy' && u === SCOPE.deputy.inUnit)}/publication`, body: { published: false } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/suggestions/{id}/answer.docx', call: async (_t, u, f, r) => ({ method: 'GET', url: `/api/suggestions/${await f.suggestion(u, 'answered', r === 'deputy' && u === SCOPE.deputy.inUnit)}/answer.docx` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/indicators', call: async () => ({ method: 'GET', url: '/api/indicators' }), inScope: always(200) },
  { method: 'POST', path: '/api/indicators', call: async (t, u) => ({ method: 'POST', url: '/api/indicators', body: { code: `MXN${Math.random().toString(36).slice(2, 9)}`, name: '矩阵新指标', direction: 'higher', frequency: 'year', unitId: t.unit(u) } }), inScope: only('supervisor', 201) },
  { method: 'GET', path: '/api/indicators/achievement', call: async (t, u) => ({ method: 'GET', url: `/api/indicators/achievement?orgUnitId=${t.unit(u)}&year=2026` }), inScope: always(200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/indicators/values/import',
    call: async (t, u, f) => {
      const unit = await t.container.db.selectFrom('org_units').select('name').where('id', '=', t.unit(u)).executeTakeFirstOrThrow();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('指标数据');
      ws.addRow(['指标编码', '填报单位', '期间', '数值']);
      ws.addRow([(await f.indicator()).code, unit.name, '2026-Q1', 12.5]);
      const { body, headers } = multipartBody('values.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      return { method: 'POST', url: '/api/indicators/values/import', body, headers };
    },
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 200 : 403),
  },
  {
    method: 'POST',
    path: '/api/indicators/targets/from-directive',
    call: async (t, u, f) => ({ method: 'POST', url: '/api/indicators/targets/from-directive', body: { directiveTargetId: await f.target(), indicatorId: (await f.indicator()).id, orgUnitId: t.unit(u), year: 2026 } }),
    // The directive is the supervisors' office's: outside a district's or an own-unit scope it does not exist.
    inScope: (r) => (r === 'supervisor' ? 200 : r === 'admin' || r === 'leader' ? 403 : 404),
    outScope: hidden,
  },
  { method: 'GET', path: '/api/indicators/benchmark', call: async (t, u) => ({ method: 'GET', url: `/api/indicators/benchmark?orgUnitId=${t.unit(u)}&fromYear=2025&toYear=2026` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/indicators/benchmark.xlsx', call: async (t, u) => ({ method: 'GET', url: `/api/indicators/benchmark.xlsx?orgUnitId=${t.unit(u)}&fromYear=2025&toYear=2026` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/indicators/benchmark.docx', call: async (t, u) => ({ method: 'GET', url: `/api/indicators/benchmark.docx?orgUnitId=${t.unit(u)}&fromYear=2025&toYear=2026` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/indicators/{id}', call: async (_t, _u, f) => ({ method: 'GET', url: `/api/indicators/${(await f.indicator()).id}` }), inScope: always(200) },
  { method: 'PATCH', path: '/api/indicators/{id}', call: async (_t, _u, f) => ({ method: 'PATCH', url: `/api/indicators/${(await f.indicator()).id}`, body: { name: '改名' } }), inScope: only('supervisor', 200) },
  { method: 'DELETE', path: '/api/indicators/{id}', call: async (_t, _u, f) => ({ method: 'DELETE', url: `/api/indicators/${(await f.indicator()).id}` }), inScope: only('supervisor', 200) },
  { method: 'GET', path: '/api/indicators/{id}/values', call: async (t, u, f) => ({ method: 'GET', url: `/api/indicators/${(await f.indicator()).id}/values?orgUnitId=${t.unit(u)}&fromYear=2025&toYear=2026` }), inScope: always(200), outScope: hidden },
  {
    method: 'PUT',
    path: '/api/indicators/{id}/values',
    call: async (t, u, f) => ({ method: 'PUT', url: `/api/indicators/${(await f.indicator()).id}/values`, body: { orgUnitId: t.unit(u), period: '2026-Q1', value: 3 } }),
    inScope: (r) => (r === 'supervisor' || r === 'liaison_dc' ? 200 : 403),
    outScope: hidden,
  },
  { method: 'PUT', path: '/api/indicators/{id}/targets', call: async (t, u, f) => ({ method: 'PUT', url: `/api/indicators/${(await f.indicator()).id}/targets`, body: { orgUnitId: t.unit(u), year: 2026, target: 10 } }), inScope: only('supervisor', 200), outScope: hidden },
  { method: 'GET', path: '/api/peers', call: async () => ({ method: 'GET', url: '/api/peers' }), inScope: always(200) },
  { method: 'POST', path: '/api/peers', call: async () => ({ method: 'POST', url: '/api/peers', body: { name: `矩阵新对标市${Math.random().toString(36).slice(2, 9)}`, kind: 'city' } }), inScope: only('supervisor', 201) },
  {
    method: 'POST',
    path: '/api/peers/values/import',
    call: async (t, _u, f) => {
      const peer = await t.container.db.selectFrom('peers').select('name').where('id', '=', await f.peer()).executeTakeFirstOrThrow();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('对标数据');
      ws.addRow(['对标对象', '指标编码', '期间', '数值', '数据来源']);
      ws.addRow([peer.name, (await f.indicator()).code, '2026-Q1', 9, '统计公报']);
      const { body, headers } = multipartBody('peers.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      return { method: 'POST', url: '/api/peers/values/import', body, headers };
    },
    inScope: only('supervisor', 200),
  },
  { method: 'PATCH', path: '/api/peers/{id}', call: async (_t, _u, f) => ({ method: 'PATCH', url: `/api/peers/${await f.peer()}`, body: { note: '改备注' } }), inScope: only('supervisor', 200) },
  { method: 'DELETE', path: '/api/peers/{id}', call: async (_t, _u, f) => ({ method: 'DELETE', url: `/api/peers/${await f.peer()}` }), inScope: only('supervisor', 200) },
  { method: 'PUT', path: '/api/peers/{id}/values', call: async (_t, _u, f) => ({ method: 'PUT', url: `/api/peers/${await f.peer()}/values`, body: { indicatorId: (await f.indicator()).id, period: '2026-Q1', value: 5, source: '统计公报' } }), inScope: only('supervisor', 200) },
];

/** Routes that need no login, or are the login flow itself; checked separately below. */
const PUBLIC = ['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'DELETE /api/tokens/{id}', 'POST /api/notifications/{id}/read', 'DELETE /api/saved-filters/{id}', 'GET /api/public/campaigns/{id}', 'GET /api/public/suggestions/{id}'];

async function send(client: Client, call: Call) {
  return client.request(call.method, call.url, call.body, call.headers);
}

describe.each(testEngines())('scope matrix on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_SESSION_IDLE_MINUTES: '600' });

  it('covers every route the API serves', async () => {
    const doc = (await t.anon().get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.path}`), ...PUBLIC]);
    expect(served.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('answers 401 to anonymous callers on every protected route', async () => {
    const fresh = new Fresh(t);
    for (const route of ROUTES) {
      const res = await send(t.anon(), await route.call(t, 'SFS-DC-CZJ', fresh, 'viewer'));
      expect.soft(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it.each(ROLES)('answers %s as the matrix says, in scope and out of scope', async (role) => {
    const client = await t.login(role);
    const { inUnit, outUnit, own } = SCOPE[role];
    const fresh = new Fresh(t, own ? inUnit : undefined);
    for (const route of ROUTES) {
      const inside = await send(client, await route.call(t, inUnit, fresh, role));
      expect.soft(inside.status, `${role} ${route.method} ${route.path} in scope: ${JSON.stringify(inside.body?.error ?? '')}`).toBe(route.inScope(role));
      if (outUnit && route.outScope) {
        const outside = await send(client, await route.call(t, outUnit, fresh, role));
        expect.soft(outside.status, `${role} ${route.method} ${route.path} out of scope`).toBe(route.outScope(role));
      }
    }
  });

  it('serves a campaign\'s public page alike to anonymous callers and every role: not found until published', async () => {
    const fresh = new Fresh(t);
    const id = await fresh.campaign('SFS-XC-CZJ');
    const clients = [t.anon(), ...(await Promise.all(ROLES.map((r) => t.login(r))))];
    for (const c of clients) expect.soft((await c.get(`/api/public/campaigns/${id}`)).status).toBe(404);
    await t.container.db.updateTable('campaigns').set({ public_enabled: true }).where('id', '=', id).execute();
    for (const c of clients) expect.soft((await c.get(`/api/public/campaigns/${id}`)).status).toBe(200);
  });

  it('serves a suggestion\'s published answer alike to anonymous callers and every role: not found until agreed and published', async () => {
    const fresh = new Fresh(t);
    const id = await fresh.suggestion('SFS-XC-CZJ', 'answered', false);
    const clients = [t.anon(), ...(await Promise.all(ROLES.map((r) => t.login(r))))];
    for (const c of clients) expect.soft((await c.get(`/api/public/suggestions/${id}`)).status).toBe(404);
    await t.container.db.updateTable('suggestions').set({ published_at: new Date() }).where('id', '=', id).execute();
    for (const c of clients) expect.soft((await c.get(`/api/public/suggestions/${id}`)).status).toBe(404);
    await t.container.db.updateTable('suggestions').set({ public_agreed: true }).where('id', '=', id).execute();
    for (const c of clients) expect.soft((await c.get(`/api/public/suggestions/${id}`)).status).toBe(200);
  });

  it('lets nobody revoke another person\'s token, and everyone revoke their own', async () => {
    const viewer = await t.login('viewer');
    const admin = await t.login('admin');
    const token = (await viewer.post('/api/tokens', { name: '我的' })).body.data.id;
    expect((await admin.delete(`/api/tokens/${token}`)).status).toBe(404);
    expect((await viewer.delete(`/api/tokens/${token}`)).status).toBe(200);
  });

  it.each(ROLES)('lets %s mark only their own notifications read and delete only their own saved filters', async (role) => {
    const client = await t.login(role);
    const fresh = new Fresh(t);
    expect((await client.post(`/api/notifications/${await fresh.notification(role)}/read`)).status).toBe(200);
    expect((await client.post(`/api/notifications/${await fresh.notification(OTHER[role])}/read`)).status).toBe(404);
    expect((await client.delete(`/api/saved-filters/${await fresh.savedFilter(OTHER[role])}`)).status).toBe(404);
    expect((await client.delete(`/api/saved-filters/${await fresh.savedFilter(role)}`)).status).toBe(200);
  });

  it('keeps lists inside the caller\'s scope', async () => {
    const liaison = await t.login('liaison_dc');
    const all = await liaison.get('/api/org-units?pageSize=200');
    const allowed = new Set((await t.container.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', t.unit('SFS-DC')).execute()).map((r) => r.descendant_id));
    expect(all.body.data.length).toBe(allowed.size);
    expect(all.body.data.every((u: { id: string }) => allowed.has(u.id))).toBe(true);
    const street = await liaison.get(`/api/org-units/${t.unit('SFS-DC-J01')}`);
    expect(street.body.data.path.map((p: { name: string }) => p.name)).toEqual(['东城区']);
    const roots = await liaison.get('/api/org-units/tree');
    expect(roots.body.data.map((u: { code: string }) => u.code)).toEqual(['SFS-DC']);
    const adminDc = await t.login('admin_dc');
    const users = await adminDc.get('/api/users?pageSize=200');
    const unitsOfUsers = await t.container.db.selectFrom('users').select(['id', 'org_unit_id']).execute();
    const inScopeUsers = unitsOfUsers.filter((u) => allowed.has(u.org_unit_id)).length;
    expect(users.body.page.total).toBe(inScopeUsers);
  });
});
