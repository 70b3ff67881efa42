import { searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { hasRole, inScope, scopeForRoles, subtreeInScope, unitInScope, unitsInScope, type Actor } from '../../access/index.ts';
import { isOwner } from '../../supervision/task.policy.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { ActivityKind, CampaignKind, CampaignProblemRow, CampaignRow, DB, ProblemSeverity, ProblemSource, ProblemStatus } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Page } from '../../db/pagination.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { bindAttachments, type TaskService } from '../../supervision/task.service.ts';
import type { AttachmentService } from '../../supervision/attachment.service.ts';

/** The owner types of the campaign's files in the attachment store. */
type CampaignFileOwner = 'campaignActivity' | 'campaignProblemEvent';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { findCampaign, listCampaigns, listProblems, PROBLEM_COLUMNS, problemsFrom, type CampaignFilter, type ProblemFilter } from './campaigns.repository.ts';
import { ACTIVITY_KINDS, CAMPAIGN_KINDS, currentStageIndex, defaultStages, isOverdue, PROBLEM_SOURCES, stageProblem, type Stage } from './campaigns.rules.ts';
import type { CampaignSummaryView } from '../../reports/campaign-summary.docx.ts';

export interface CampaignsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  tasks: TaskService;
}

export interface CampaignInput {
  title: string;
  kind: CampaignKind;
  startDate: string;
  endDate: string;
  planDirectiveId?: string | null | undefined;
  /** Absent: the default template spread over the period. */
  stages?: Stage[] | undefined;
  /** Participating units; with `subtree` each brings every unit below it. */
  unitIds: string[];
  subtree?: boolean | undefined;
  contactPoints?: { leaderUserId: string; unitId: string }[] | undefined;
  /** Absent: the seven fields of the task categories. */
  topics?: string[] | undefined;
  publicEnabled?: boolean | undefined;
}

export interface OpinionInput {
  content: string;
  topic?: string | null | undefined;
  raisedByUserId?: string | null | undefined;
  raisedByName?: string | undefined;
  raisedByUnitId?: string | null | undefined;
}

export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  heldOn: string;
  place?: string | undefined;
  hostLeaderId?: string | null | undefined;
  attendees?: string | undefined;
  attendeeUnitIds?: string[] | undefined;
  agenda?: string | undefined;
  minutes?: string | undefined;
  outcomes?: string | undefined;
  opinions?: OpinionInput[] | undefined;
  /** Photos and files: the actor's pending uploads, attached to the activity. */
  attachmentIds?: string[] | undefined;
}

export interface ProblemInput {
  source: ProblemSource;
  topic?: string | null | undefined;
  unitId: string;
  description: string;
  severity?: ProblemSeverity | undefined;
  foundOn?: string | undefined;
}

export interface PlanInput {
  measures: string;
  ownerUserId?: string | null | undefined;
  leaderUserId?: string | null | undefined;
  deadline: string;
  milestones?: { title: string; due: string | null }[] | undefined;
}

/** The actor acts for the unit (a liaison of it): the owner side of its rectification. */
const isOwnerUnit = (actor: Actor, unitId: string) => isOwner(actor, { owner_unit_id: unitId });

/** The most problems a public page lists. */
export const PUBLIC_PROBLEMS_MAX = 2000;

/** Who verifies a close-out: a supervisor or a leader whose scope holds the unit (and who is not its owner). */
const VERIFIER_ROLES = ['supervisor', 'leader'] as const;

const STATUS_WORDS: Record<ProblemStatus, string> = { found: '待制定整改措施', rectifying: '整改中', review: '待核验销号', returned: '已退回', closed: '已销号' };

/**
 * Campaigns (大讨论、主题教育、专项整治) and their rectification: stages, participating units,
 * contact points, activities with opinions, problems with a rectification plan whose task the
 * supervision core runs (module 'rectification'), close-out and verification by someone other
 * than the owner. Actor first; every write in one transaction with its audit row.
 */
interface Counts {
  found: number;
  rectifying: number;
  review: number;
  closed: number;
  overdue: number;
}
type StatsRow = Counts & { unit_id: string; unit_name: string };

export class CampaignService {
  constructor(private readonly deps: CampaignsDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  /** Supervisors run campaigns: create them, record activities, turn opinions into work, plan rectifications. */
  private requireSupervisor(actor: Actor): void {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) throw forbidden('只有督查人员可以管理活动和整改');
  }

  /** The campaign, visible to the actor, or 404. */
  async campaignRow(actor: Actor, id: string, db: Executor = this.deps.db): Promise<CampaignRow & { organizer_unit_name: string }> {
    const row = await findCampaign(db, actor, id);
    if (!row) throw notFound('活动');
    return row;
  }

  /** The campaign may be changed by a supervisor whose scope holds its organising unit. */
  private async requireManager(actor: Actor, c: CampaignRow, db: Executor = this.deps.db): Promise<void> {
    this.requireSupervisor(actor);
    if (!(await unitInScope(db, scopeForRoles(actor, ['supervisor']), actor.tenantId, c.organizer_unit_id))) throw forbidden('只有组织单位的督查人员可以管理该活动');
  }

  list(actor: Actor, filter: CampaignFilter) {
    return listCampaigns(this.deps.db, actor, filter);
  }

  /** Validates and expands a campaign's units, stages and contact points. */
  private async prepare(actor: Actor, input: CampaignInput): Promise<{ units: string[]; stages: Stage[]; topics: string[] }> {
    if (!input.title.trim()) throw invalid('title', '请填写活动名称');
    if (input.endDate < input.startDate) throw invalid('endDate', '结束日期不能早于开始日期');
    const stages = input.stages ?? defaultStages(input.startDate, input.endDate);
    const sp = stageProblem(stages, input.startDate, input.endDate);
    if (sp) throw invalid(`stages.${sp.index}`, sp.message);
    const chosen = [...new Set(input.unitIds)];
    if (chosen.length === 0) throw invalid('unitIds', '请选择参加单位');
    const visible = await unitsInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, chosen);
    if (chosen.some((u) => !visible.has(u))) throw invalid('unitIds', '所选单位不存在或不在您的数据范围内');
    let units = chosen;
    if (input.subtree) {
      const below = await this.deps.db.selectFrom('org_closure as oc').innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'oc.tenant_id').onRef('u.id', '=', 'oc.descendant_id')).select('oc.descendant_id').where('oc.tenant_id', '=', actor.tenantId).where('oc.ancestor_id', 'in', chosen).where('u.active', '=', true).execute();
      units = [...new Set([...chosen, ...below.map((r) => r.descendant_id)])];
    }
    for (const [i, cp] of (input.contactPoints ?? []).entries()) {
      if (!units.includes(cp.unitId)) throw invalid(`contactPoints.${i}.unitId`, '联系点应为参加单位之一');
      const leader = await this.deps.db.selectFrom('role_grants').select('user_id').where('tenant_id', '=', actor.tenantId).where('user_id', '=', cp.leaderUserId).where('role', '=', 'leader').executeTakeFirst();
      if (!leader) throw invalid(`contactPoints.${i}.leaderUserId`, '联系领导应为有领导角色的用户');
    }
    if (input.planDirectiveId) {
      const d = await this.deps.db.selectFrom('directives').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.planDirectiveId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!d) throw invalid('planDirectiveId', '所选实施方案不存在');
    }
    const topics = input.topics ?? (await this.deps.tasks.categories(actor.tenantId)).slice(0, 7);
    return { units, stages, topics };
  }

  private async writeParts(tx: Executor, actor: Actor, id: string, p: { units: string[]; stages: Stage[] }, contactPoints: CampaignInput['contactPoints']): Promise<void> {
    const t = actor.tenantId;
    await tx.deleteFrom('campaign_stages').where('tenant_id', '=', t).where('campaign_id', '=', id).execute();
    await tx.deleteFrom('campaign_units').where('tenant_id', '=', t).where('campaign_id', '=', id).execute();
    await tx.deleteFrom('campaign_contact_points').where('tenant_id', '=', t).where('campaign_id', '=', id).execute();
    await tx.insertInto('campaign_stages').values(p.stages.map((s, i) => ({ tenant_id: t, campaign_id: id, seq: i + 1, name: s.name.trim(), start_date: s.startDate, end_date: s.endDate }))).execute();
    for (let i = 0; i < p.units.length; i += 1000) await tx.insertInto('campaign_units').values(p.units.slice(i, i + 1000).map((u) => ({ tenant_id: t, campaign_id: id, unit_id: u }))).execute();
    const cps = [...new Map((contactPoints ?? []).map((c) => [`${c.leaderUserId}:${c.unitId}`, c])).values()];
    if (cps.length) await tx.insertInto('campaign_contact_points').values(cps.map((c) => ({ tenant_id: t, campaign_id: id, leader_user_id: c.leaderUserId, unit_id: c.unitId }))).execute();
  }

  async create(actor: Actor, input: CampaignInput): Promise<string> {
    this.requireSupervisor(actor);
    const p = await this.prepare(actor, input);
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('campaigns')
        .values({ tenant_id: actor.tenantId, title: input.title.trim(), kind: input.kind, start_date: input.startDate, end_date: input.endDate, plan_directive_id: input.planDirectiveId ?? null, organizer_unit_id: actor.orgUnitId, topics: p.topics, public_enabled: input.publicEnabled ?? false, search_key: searchKey(input.title), created_by: actor.userId || null, created_at: this.deps.clock.now(), updated_at: this.deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.writeParts(tx, actor, row.id, p, input.contactPoints);
      await this.deps.audit.record(tx, actor, { action: 'campaign.create', entityType: 'campaign', entityId: row.id, summary: `新建活动 ${input.title.trim()}`, after: { ...input, units: p.units.length } });
      return row.id;
    });
  }

  async update(actor: Actor, id: string, input: CampaignInput): Promise<void> {
    const c = await this.campaignRow(actor, id);
    await this.requireManager(actor, c);
    const p = await this.prepare(actor, input);
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('campaigns').set({ title: input.title.trim(), kind: input.kind, start_date: input.startDate, end_date: input.endDate, plan_directive_id: input.planDirectiveId ?? null, topics: p.topics, public_enabled: input.publicEnabled ?? c.public_enabled, search_key: searchKey(input.title), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.writeParts(tx, actor, id, p, input.contactPoints);
      await this.deps.audit.record(tx, actor, { action: 'campaign.update', entityType: 'campaign', entityId: id, summary: `修改活动 ${input.title.trim()}`, before: { title: c.title, kind: c.kind, startDate: c.start_date, endDate: c.end_date }, after: { ...input, units: p.units.length } });
    });
  }

  /**
   * What the public page shows: whether it is on, and which problems' rectification results it
   * lists — `publish` are added to them, `unpublish` taken off, the rest keep their choice. A
   * supervisor who manages the campaign chooses. Answers how many are published now.
   */
  async setPublication(actor: Actor, id: string, input: { enabled: boolean; publish?: string[] | undefined; unpublish?: string[] | undefined }): Promise<{ published: number }> {
    const c = await this.campaignRow(actor, id);
    await this.requireManager(actor, c);
    const publish = [...new Set(input.publish ?? [])];
    const unpublish = [...new Set(input.unpublish ?? [])].filter((p) => !publish.includes(p));
    const chosen = [...publish, ...unpublish];
    const found = chosen.length ? await problemsFrom(this.deps.db, actor).select('p.id').where('p.campaign_id', '=', id).where('p.id', 'in', chosen).execute() : [];
    if (found.length !== chosen.length) throw invalid('publish', '所选问题不属于该活动或不在您的数据范围内');
    return this.deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('campaigns').set({ public_enabled: input.enabled, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      for (const [ids, published] of [[publish, true], [unpublish, false]] as const) {
        if (ids.length) await tx.updateTable('campaign_problems').set({ published }).where('tenant_id', '=', actor.tenantId).where('campaign_id', '=', id).where('id', 'in', ids).execute();
      }
      const now = await tx.selectFrom('campaign_problems').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', actor.tenantId).where('campaign_id', '=', id).where('published', '=', true).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
      const published = Number(now.n);
      await this.deps.audit.record(tx, actor, { action: 'campaign.publish', entityType: 'campaign', entityId: id, summary: input.enabled ? `公开整改结果：共 ${published} 个问题` : '关闭公开页面', before: { publicEnabled: c.public_enabled }, after: { publicEnabled: input.enabled, publish, unpublish } });
      return { published };
    });
  }

  /**
   * The public page of a campaign, read without login: its title and period and the problems
   * chosen for publication — what was found, the measures, the unit, the state and its dates.
   * No person is named. A campaign whose page is off (or that does not exist) is not found.
   */
  async publicView(id: string) {
    const db = this.deps.db;
    const c = await db.selectFrom('campaigns as c').innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'c.tenant_id').onRef('o.id', '=', 'c.organizer_unit_id')).select(['c.tenant_id', 'c.id', 'c.title', 'c.kind', 'c.start_date', 'c.end_date', 'o.name as organizer_unit_name']).where('c.id', '=', id).where('c.public_enabled', '=', true).where('c.deleted_at', 'is', null).executeTakeFirst();
    if (!c) throw notFound('活动');
    const problems = await db
      .selectFrom('campaign_problems as p')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.unit_id'))
      .select(['p.id', 'p.description', 'p.measures', 'u.name as unit_name', 'p.status', 'p.found_on', 'p.deadline', 'p.verified_at'])
      .where('p.tenant_id', '=', c.tenant_id)
      .where('p.campaign_id', '=', id)
      .where('p.published', '=', true)
      .where('p.deleted_at', 'is', null)
      .orderBy('u.depth')
      .orderBy('u.sort_order')
      .orderBy('u.code')
      .orderBy('p.found_on')
      .orderBy('p.id')
      .limit(PUBLIC_PROBLEMS_MAX)
      .execute();
    return { campaign: c, problems };
  }

  /**
   * The campaign home: the campaign with its stages (the current one marked), contact points,
   * what each unit in the actor's sight has found and rectified, and what is late.
   */
  async detail(actor: Actor, id: string) {
    const c = await this.campaignRow(actor, id);
    const db = this.deps.db;
    const t = actor.tenantId;
    const today = this.today();
    const [stageRows, contactPoints, unitCount, activityCount, perUnit, late, policies] = await Promise.all([
      db.selectFrom('campaign_stages').selectAll().where('tenant_id', '=', t).where('campaign_id', '=', id).orderBy('seq').execute(),
      db.selectFrom('campaign_contact_points as cp').innerJoin('users as l', (j) => j.onRef('l.tenant_id', '=', 'cp.tenant_id').onRef('l.id', '=', 'cp.leader_user_id')).innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'cp.tenant_id').onRef('u.id', '=', 'cp.unit_id')).select(['cp.leader_user_id', 'l.display_name as leader_name', 'cp.unit_id', 'u.name as unit_name']).where('cp.tenant_id', '=', t).where('cp.campaign_id', '=', id).orderBy('l.display_name').orderBy('u.name').execute(),
      db.selectFrom('campaign_units').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t).where('campaign_id', '=', id).executeTakeFirstOrThrow(),
      db.selectFrom('campaign_activities').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t).where('campaign_id', '=', id).where('deleted_at', 'is', null).executeTakeFirstOrThrow(),
      this.perUnit(actor, id, today),
      problemsFrom(db, actor).where('p.campaign_id', '=', id).where('p.status', 'in', ['rectifying', 'returned']).where('p.deadline', '<', today).selectAll('p').select(PROBLEM_COLUMNS).orderBy('p.deadline').limit(20).execute(),
      this.canManage(actor, c),
    ]);
    const stages = stageRows.map((s) => ({ name: s.name, startDate: s.start_date, endDate: s.end_date }));
    return {
      campaign: c,
      stages,
      currentStage: currentStageIndex(stages, today),
      contactPoints,
      unitCount: Number(unitCount.n),
      activityCount: Number(activityCount.n),
      perUnit,
      late,
      canManage: policies,
      unitChoice: policies ? await this.unitChoice(actor.tenantId, id) : null,
      /** Who may record a problem of their own unit here (自查): a liaison whose unit takes part. */
      canSelfReport: !actor.readOnly && hasRole(actor, 'liaison') && (await this.participates(c.id, actor.tenantId, actor.orgUnitId)),
    };
  }

  /**
   * The participating units as the edit form chooses them: the top units with "含下级单位" when
   * every active unit below them takes part, else every unit listed.
   */
  private async unitChoice(tenantId: string, id: string): Promise<{ unitIds: string[]; subtree: boolean }> {
    const r = await sql<{ tops: string[]; members: number; below: number }>`
      WITH m AS (SELECT unit_id FROM campaign_units WHERE tenant_id = ${tenantId}::uuid AND campaign_id = ${id}::uuid),
      tops AS (SELECT m.unit_id FROM m JOIN org_units u ON u.tenant_id = ${tenantId}::uuid AND u.id = m.unit_id WHERE u.parent_id IS NULL OR u.parent_id NOT IN (SELECT unit_id FROM m))
      SELECT (SELECT coalesce(array_agg(unit_id::text), '{}') FROM tops) AS tops, (SELECT count(*) FROM m)::int AS members,
        (SELECT count(DISTINCT oc.descendant_id) FROM org_closure oc JOIN org_units d ON d.tenant_id = oc.tenant_id AND d.id = oc.descendant_id
          WHERE oc.tenant_id = ${tenantId}::uuid AND oc.ancestor_id IN (SELECT unit_id FROM tops) AND (d.active OR oc.descendant_id IN (SELECT unit_id FROM m)))::int AS below`.execute(this.deps.db);
    const row = r.rows[0]!;
    if (row.tops.length > 0 && row.below === row.members) return { unitIds: row.tops, subtree: true };
    const all = await this.deps.db.selectFrom('campaign_units').select('unit_id').where('tenant_id', '=', tenantId).where('campaign_id', '=', id).execute();
    return { unitIds: all.map((u) => u.unit_id), subtree: false };
  }

  private async canManage(actor: Actor, c: CampaignRow): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) return false;
    return unitInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, c.organizer_unit_id);
  }

  private async participates(campaignId: string, tenantId: string, unitId: string, db: Executor = this.deps.db): Promise<boolean> {
    const r = await db.selectFrom('campaign_units').select('unit_id').where('tenant_id', '=', tenantId).where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
    return r !== undefined;
  }

  /**
   * The campaign home's table: the statistics' rows for the units below the reader's own (the
   * tenant's root for a reader who sees it all), being rectified counting those awaiting
   * verification. A reader whose own unit is outside their scope gets, as before, a row for
   * each unit (up to 500) where problems they may see were found.
   */
  private async perUnit(actor: Actor, id: string, today: string): Promise<{ unitId: string; unitName: string; found: number; rectifying: number; closed: number; overdue: number }[]> {
    if (actor.scope.all || (await unitInScope(this.deps.db, actor.scope, actor.tenantId, actor.orgUnitId))) {
      const s = await this.statsOf(actor, id);
      return s.byUnit.map((r) => ({ unitId: r.unitId, unitName: r.unitName, found: r.found, rectifying: r.rectifying + r.review, closed: r.closed, overdue: r.overdue }));
    }
    const rows = await problemsFrom(this.deps.db, actor)
        .where('p.campaign_id', '=', id)
        .select([
          'p.unit_id',
          'u.name as unit_name',
          sql<number>`count(*)`.as('found'),
          sql<number>`count(*) FILTER (WHERE p.status IN ('rectifying', 'returned', 'review'))`.as('rectifying'),
          sql<number>`count(*) FILTER (WHERE p.status = 'closed')`.as('closed'),
          sql<number>`count(*) FILTER (WHERE p.status IN ('rectifying', 'returned') AND p.deadline < ${today})`.as('overdue'),
        ])
        .groupBy(['p.unit_id', 'u.name', 'u.depth', 'u.sort_order', 'u.code'])
        .orderBy('u.depth')
        .orderBy('u.sort_order')
        .orderBy('u.code')
        .limit(500)
        .execute();
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, found: Number(r.found), rectifying: Number(r.rectifying), closed: Number(r.closed), overdue: Number(r.overdue) }));
  }

  /**
   * Statistics of a campaign by unit: for each child of `unitId` (default: the organising unit's
   * parent's top, i.e. the tenant's root when the actor sees it all, else the actor's own unit),
   * the problems found in its subtree, being rectified, struck off and overdue, with the
   * rectification rate (rectified: awaiting verification or struck off) and the close-out rate;
   * and the campaign's totals. Only problems the actor may see are counted.
   */
  async stats(actor: Actor, id: string, unitId?: string) {
    await this.campaignRow(actor, id);
    return this.statsOf(actor, id, unitId);
  }

  /** The statistics of a campaign the caller has already been allowed to see (see `stats`). */
  private async statsOf(actor: Actor, id: string, unitId?: string) {
    const t = actor.tenantId;
    const today = this.today();
    const root = unitId ?? (actor.scope.all ? (await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', t).where('parent_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow()).id : actor.orgUnitId);
    if (!(await unitInScope(this.deps.db, actor.scope, t, root))) throw notFound('单位');
    // A reader who sees the whole subtree of `root` reads the counters (migration 0030) of `root`
    // and its children; anyone else counts the problems they may see.
    const wholeSubtree = await subtreeInScope(this.deps.db, actor.scope, t, root);
    const grouped = wholeSubtree ? await this.countedStats(t, id, root, today) : await this.scopedStats(actor, id, root, today);
    const rows = grouped.filter((r) => r.unit_id !== null) as StatsRow[];
    const totals = grouped.filter((r) => r.unit_id === null);
    const rated = (r: Counts) => {
      const n = { found: Number(r.found), rectifying: Number(r.rectifying), review: Number(r.review), closed: Number(r.closed), overdue: Number(r.overdue) };
      return { ...n, rectificationRate: n.found ? Math.round(((n.review + n.closed) / n.found) * 1000) / 10 : 0, closeOutRate: n.found ? Math.round((n.closed / n.found) * 1000) / 10 : 0 };
    };
    return { unitId: root, totals: rated(totals[0] ?? { found: 0, rectifying: 0, review: 0, closed: 0, overdue: 0 }), byUnit: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, ...rated(r) })) };
  }

  /**
   * The statistics from the counters: the rows of `root` (its whole subtree: the totals) and of its
   * children, with overdue corrected from the counter day to `today` — the problems being
   * rectified whose deadline falls between the two, read through their own index. The root's own
   * row (problems of the root unit itself) is its total less its children's.
   */
  private async countedStats(t: string, id: string, root: string, today: string): Promise<(StatsRow | (Counts & { unit_id: null; unit_name: null }))[]> {
    const r = await sql<StatsRow & { depth: number }>`
      WITH shown AS (SELECT id, name, depth, sort_order, code FROM org_units WHERE tenant_id = ${t}::uuid AND (parent_id = ${root}::uuid OR id = ${root}::uuid)),
      k AS (SELECT unit_id, sum(found) AS found, sum(rectifying) AS rectifying, sum(review) AS review, sum(closed) AS closed, sum(overdue) AS overdue
            FROM campaign_problem_counts WHERE tenant_id = ${t}::uuid AND campaign_id = ${id}::uuid AND unit_id IN (SELECT id FROM shown)
            GROUP BY unit_id HAVING sum(found) <> 0),
      day AS (SELECT luoshi_counter_day(${t}::uuid) AS d),
      adj AS (SELECT oc.ancestor_id AS unit_id, sum(CASE WHEN p.deadline < ${today}::date THEN 1 ELSE -1 END) AS n
              FROM day, campaign_problems p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.unit_id
              WHERE p.tenant_id = ${t}::uuid AND p.campaign_id = ${id}::uuid AND p.status IN ('rectifying', 'returned') AND p.deleted_at IS NULL
                AND p.deadline >= least(day.d, ${today}::date) AND p.deadline < greatest(day.d, ${today}::date)
                AND oc.ancestor_id IN (SELECT id FROM shown)
              GROUP BY 1)
      SELECT s.id AS unit_id, s.name AS unit_name, s.depth, k.found, k.rectifying, k.review, k.closed, k.overdue + coalesce(adj.n, 0) AS overdue
      FROM shown s JOIN k ON k.unit_id = s.id LEFT JOIN adj ON adj.unit_id = s.id
      ORDER BY s.depth, s.sort_order, s.code`.execute(this.deps.db);
    const num = (x: Counts): Counts => ({ found: Number(x.found), rectifying: Number(x.rectifying), review: Number(x.review), closed: Number(x.closed), overdue: Number(x.overdue) });
    const top = r.rows.find((x) => x.unit_id === root);
    const children = r.rows.filter((x) => x.unit_id !== root).map((x) => ({ unit_id: x.unit_id, unit_name: x.unit_name, ...num(x) }));
    if (!top) return [];
    const totals = num(top);
    const less = (k: keyof Counts) => totals[k] - children.reduce((sum, c) => sum + c[k], 0);
    const own: Counts = { found: less('found'), rectifying: less('rectifying'), review: less('review'), closed: less('closed'), overdue: less('overdue') };
    return [...(own.found > 0 ? [{ unit_id: root, unit_name: top.unit_name, ...own }] : []), ...children, { unit_id: null, unit_name: null, ...totals }];
  }

  /** The statistics counted from the problems the actor may see (a reader who sees only part of the subtree). */
  private async scopedStats(actor: Actor, id: string, root: string, today: string) {
    const t = actor.tenantId;
    // Counted per problem unit first (one pass over the campaign's problems), then rolled up to
    // the children of `root` through org_closure: the join meets units, not problems.
    const visible = sql`${inScope(actor.scope, t, sql.ref('p.unit_id'))}`;
    const perUnit = sql`
      SELECT p.unit_id, count(*) AS found,
             count(*) FILTER (WHERE p.status IN ('rectifying', 'returned')) AS rectifying,
             count(*) FILTER (WHERE p.status = 'review') AS review,
             count(*) FILTER (WHERE p.status = 'closed') AS closed,
             count(*) FILTER (WHERE p.status IN ('rectifying', 'returned') AND p.deadline < ${today}) AS overdue
      FROM campaign_problems p
      WHERE p.tenant_id = ${t}::uuid AND p.campaign_id = ${id}::uuid AND p.deleted_at IS NULL AND ${visible}
        AND p.unit_id IN (SELECT d.descendant_id FROM org_closure d WHERE d.tenant_id = ${t}::uuid AND d.ancestor_id = ${root}::uuid)
      GROUP BY p.unit_id`;
    const sums = sql`sum(x.found) AS found, sum(x.rectifying) AS rectifying, sum(x.review) AS review, sum(x.closed) AS closed, sum(x.overdue) AS overdue`;
    const grouped = await sql<StatsRow | (Counts & { unit_id: null; unit_name: null })>`
      WITH x AS (${perUnit})
      SELECT ch.id AS unit_id, ch.name AS unit_name, ${sums}
      FROM x
      JOIN org_closure oc ON oc.tenant_id = ${t}::uuid AND oc.descendant_id = x.unit_id
      JOIN org_units ch ON ch.tenant_id = oc.tenant_id AND ch.id = oc.ancestor_id
      WHERE ch.parent_id = ${root}::uuid OR (ch.id = ${root}::uuid AND oc.depth = 0)
      GROUP BY GROUPING SETS ((ch.id, ch.name, ch.depth, ch.sort_order, ch.code), ())
      ORDER BY ch.depth, ch.sort_order, ch.code`.execute(this.deps.db);
    return grouped.rows;
  }

  /** What the campaign's Word summary reports, as the actor may see it. */
  async summaryView(actor: Actor, id: string): Promise<CampaignSummaryView> {
    const c = await this.campaignRow(actor, id);
    const today = this.today();
    const [stageRows, activities, opinions, stats, tenant] = await Promise.all([
      this.deps.db.selectFrom('campaign_stages').selectAll().where('tenant_id', '=', actor.tenantId).where('campaign_id', '=', id).orderBy('seq').execute(),
      this.activities(actor, id),
      this.deps.db.selectFrom('campaign_opinions').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('tenant_id', '=', actor.tenantId).where('campaign_id', '=', id).groupBy('status').execute(),
      this.statsOf(actor, id),
      this.deps.db.selectFrom('tenants').select('is_demo').where('id', '=', actor.tenantId).executeTakeFirst(),
    ]);
    const stages = stageRows.map((s) => ({ name: s.name, startDate: s.start_date, endDate: s.end_date }));
    const current = currentStageIndex(stages, today);
    const count = (status: string) => Number(opinions.find((o) => o.status === status)?.n ?? 0);
    return {
      title: c.title,
      kind: CAMPAIGN_KINDS[c.kind],
      startDate: c.start_date,
      endDate: c.end_date,
      organizer: c.organizer_unit_name,
      asOf: today,
      stages: stages.map((s, i) => ({ ...s, current: i === current })),
      activities: [...activities].reverse().map((a) => ({ kind: ACTIVITY_KINDS[a.kind], title: a.title, heldOn: a.held_on, opinions: Number(a.opinion_count) })),
      opinions: { total: opinions.reduce((n, o) => n + Number(o.n), 0), task: count('task'), problem: count('problem'), answered: count('answered'), open: count('open') },
      totals: stats.totals,
      byUnit: stats.byUnit,
      isDemo: tenant?.is_demo ?? false,
    };
  }

  // ——— activities and opinions ———

  async activities(actor: Actor, campaignId: string) {
    await this.campaignRow(actor, campaignId);
    return this.deps.db
      .selectFrom('campaign_activities as a')
      .leftJoin('users as h', (j) => j.onRef('h.tenant_id', '=', 'a.tenant_id').onRef('h.id', '=', 'a.host_leader_id'))
      .selectAll('a')
      .select(['h.display_name as host_leader_name', sql<number>`(SELECT count(*) FROM campaign_opinions o WHERE o.tenant_id = a.tenant_id AND o.activity_id = a.id)`.as('opinion_count')])
      .where('a.tenant_id', '=', actor.tenantId)
      .where('a.campaign_id', '=', campaignId)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.held_on', 'desc')
      .orderBy('a.created_at', 'desc')
      .execute();
  }

  private async validateOpinion(actor: Actor, o: OpinionInput, field: string, topics: string[]): Promise<void> {
    if (!o.content.trim()) throw invalid(`${field}.content`, '请填写意见建议内容');
    if (o.topic && !topics.includes(o.topic)) throw invalid(`${field}.topic`, `议题应为 ${topics.join('、')} 之一`);
    if (o.raisedByUserId) {
      const u = await this.deps.db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', o.raisedByUserId).executeTakeFirst();
      if (!u) throw invalid(`${field}.raisedByUserId`, '提出人不存在');
    }
    if (!o.raisedByUserId && !o.raisedByName?.trim()) throw invalid(`${field}.raisedByName`, '请填写提出人');
  }

  private async insertOpinions(tx: Executor, actor: Actor, campaignId: string, activityId: string, opinions: OpinionInput[]): Promise<void> {
    if (opinions.length === 0) return;
    const names = new Map((opinions.some((o) => o.raisedByUserId) ? await tx.selectFrom('users').select(['id', 'display_name', 'org_unit_id']).where('tenant_id', '=', actor.tenantId).where('id', 'in', opinions.flatMap((o) => (o.raisedByUserId ? [o.raisedByUserId] : []))).execute() : []).map((u) => [u.id, u]));
    await tx
      .insertInto('campaign_opinions')
      .values(
        opinions.map((o, i) => {
          const u = o.raisedByUserId ? names.get(o.raisedByUserId) : undefined;
          return { tenant_id: actor.tenantId, campaign_id: campaignId, activity_id: activityId, content: o.content.trim(), topic: o.topic ?? null, raised_by_user_id: o.raisedByUserId ?? null, raised_by_name: o.raisedByName?.trim() || u?.display_name || '', raised_by_unit_id: o.raisedByUnitId ?? u?.org_unit_id ?? null, created_at: new Date(this.deps.clock.now().getTime() + i) };
        }),
      )
      .execute();
  }

  async createActivity(actor: Actor, campaignId: string, input: ActivityInput): Promise<string> {
    const c = await this.campaignRow(actor, campaignId);
    await this.requireManager(actor, c);
    if (!input.title.trim()) throw invalid('title', '请填写活动主题');
    for (const [i, o] of (input.opinions ?? []).entries()) await this.validateOpinion(actor, o, `opinions.${i}`, c.topics);
    if (input.hostLeaderId) {
      const h = await this.deps.db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', input.hostLeaderId).executeTakeFirst();
      if (!h) throw invalid('hostLeaderId', '主持领导不存在');
    }
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('campaign_activities')
        .values({ tenant_id: actor.tenantId, campaign_id: campaignId, kind: input.kind, title: input.title.trim(), held_on: input.heldOn, place: input.place?.trim() ?? '', host_leader_id: input.hostLeaderId ?? null, attendees: input.attendees?.trim() ?? '', attendee_unit_ids: input.attendeeUnitIds ?? [], agenda: input.agenda ?? '', minutes: input.minutes ?? '', outcomes: input.outcomes ?? '', created_by: actor.userId || null, created_at: this.deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.insertOpinions(tx, actor, campaignId, row.id, input.opinions ?? []);
      if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'campaignActivity', row.id, input.attachmentIds);
      await this.deps.audit.record(tx, actor, { action: 'campaign.activity', entityType: 'campaignActivity', entityId: row.id, summary: `记录活动 ${input.title.trim()}（${c.title}），意见建议 ${input.opinions?.length ?? 0} 条`, after: input });
      return row.id;
    });
  }

  /** An activity of a visible campaign, or 404. */
  private async activityRow(actor: Actor, id: string, db: Executor = this.deps.db) {
    const a = await db.selectFrom('campaign_activities').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!a) throw notFound('活动记录');
    const c = await findCampaign(db, actor, a.campaign_id);
    if (!c) throw notFound('活动记录');
    return { activity: a, campaign: c };
  }

  async activity(actor: Actor, id: string) {
    const { activity, campaign } = await this.activityRow(actor, id);
    const [host, opinions, files] = await Promise.all([
      activity.host_leader_id ? this.deps.db.selectFrom('users').select('display_name').where('tenant_id', '=', actor.tenantId).where('id', '=', activity.host_leader_id).executeTakeFirst() : undefined,
      this.opinionsQuery(actor).where('o.activity_id', '=', id).orderBy('o.created_at').execute(),
      this.files(actor, 'campaignActivity', [id]),
    ]);
    return { activity, campaign, hostLeaderName: host?.display_name ?? null, opinions, attachments: files, canManage: await this.canManage(actor, campaign) };
  }

  private opinionsQuery(actor: Actor) {
    return this.deps.db
      .selectFrom('campaign_opinions as o')
      .leftJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'o.tenant_id').onRef('t.id', '=', 'o.task_id'))
      .leftJoin('campaign_problems as p', (j) => j.onRef('p.tenant_id', '=', 'o.tenant_id').onRef('p.id', '=', 'o.problem_id'))
      .selectAll('o')
      .select(['t.title as task_title', 't.status as task_status', 'p.status as problem_status', 'p.description as problem_description'])
      .where('o.tenant_id', '=', actor.tenantId);
  }

  async addOpinion(actor: Actor, activityId: string, input: OpinionInput): Promise<string> {
    const { activity, campaign } = await this.activityRow(actor, activityId);
    await this.requireManager(actor, campaign);
    await this.validateOpinion(actor, input, 'opinion', campaign.topics);
    return this.deps.db.transaction().execute(async (tx) => {
      await this.insertOpinions(tx, actor, campaign.id, activity.id, [input]);
      const row = await tx.selectFrom('campaign_opinions').select('id').where('tenant_id', '=', actor.tenantId).where('activity_id', '=', activityId).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'campaign.opinion', entityType: 'campaignOpinion', entityId: row.id, summary: `记录意见建议（${activity.title}）`, after: input });
      return row.id;
    });
  }

  /** An open opinion the actor may handle, locked inside the transaction. */
  private async openOpinion(tx: Tx, actor: Actor, id: string) {
    const o = await tx.selectFrom('campaign_opinions').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!o) throw notFound('意见建议');
    const c = await findCampaign(tx, actor, o.campaign_id);
    if (!c) throw notFound('意见建议');
    await this.requireManager(actor, c, tx);
    if (o.status !== 'open') throw conflict('该意见建议已处理');
    return { opinion: o, campaign: c };
  }

  /** The opinion becomes a supervised task (module 'campaign') for the units chosen. */
  async opinionToTask(actor: Actor, id: string, input: { title: string; leadUnitIds: string[]; coUnitIds?: string[] | undefined; deadline: string; responsibleLeaderIds?: string[] | undefined }): Promise<string> {
    this.requireSupervisor(actor);
    const categories = await this.deps.tasks.categories(actor.tenantId);
    // Read and checked before the transaction (the task checks read outside it); re-checked under lock.
    const before = await this.deps.db.selectFrom('campaign_opinions').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('意见建议');
    const c = await this.campaignRow(actor, before.campaign_id).catch(() => {
      throw notFound('意见建议');
    });
    await this.requireManager(actor, c);
    const taskInput = { module: 'campaign', title: input.title, content: `${c.title}意见建议：${before.content}`, category: before.topic && categories.includes(before.topic) ? before.topic : null, leadUnitIds: input.leadUnitIds, coUnitIds: input.coUnitIds, deadline: input.deadline, responsibleLeaderIds: input.responsibleLeaderIds };
    const problem = await this.deps.tasks.checkNew(actor, [taskInput]);
    if (problem) throw invalid(problem.field, problem.message);
    return this.deps.db.transaction().execute(async (tx) => {
      await this.openOpinion(tx, actor, id);
      const task = await this.deps.tasks.createIn(tx, actor, taskInput);
      await tx.updateTable('campaign_opinions').set({ status: 'task', task_id: task.id, handled_by: actor.userId || null, handled_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'campaign.opinionToTask', entityType: 'campaignOpinion', entityId: id, summary: `意见建议转为任务 ${task.title}`, after: { taskId: task.id } });
      return task.id;
    });
  }

  /** The opinion becomes a problem of a participating unit (查摆问题). */
  async opinionToProblem(actor: Actor, id: string, input: Omit<ProblemInput, 'description'> & { description?: string | undefined }): Promise<string> {
    this.requireSupervisor(actor);
    return this.deps.db.transaction().execute(async (tx) => {
      const { opinion, campaign } = await this.openOpinion(tx, actor, id);
      const problemId = await this.insertProblem(tx, actor, campaign, { ...input, description: input.description?.trim() || opinion.content, topic: input.topic ?? opinion.topic }, opinion.id);
      await tx.updateTable('campaign_opinions').set({ status: 'problem', problem_id: problemId, handled_by: actor.userId || null, handled_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'campaign.opinionToProblem', entityType: 'campaignOpinion', entityId: id, summary: `意见建议转为问题`, after: { problemId } });
      return problemId;
    });
  }

  /** The opinion is answered and closed. */
  async answerOpinion(actor: Actor, id: string, answer: string): Promise<void> {
    this.requireSupervisor(actor);
    if (!answer.trim()) throw invalid('answer', '请填写答复内容');
    await this.deps.db.transaction().execute(async (tx) => {
      await this.openOpinion(tx, actor, id);
      await tx.updateTable('campaign_opinions').set({ status: 'answered', answer: answer.trim(), handled_by: actor.userId || null, handled_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'campaign.opinionAnswer', entityType: 'campaignOpinion', entityId: id, summary: `答复意见建议`, after: { answer } });
    });
  }

  /** The opinions the actor raised, wherever recorded, with what became of each. */
  myOpinions(actor: Actor) {
    return this.opinionsQuery(actor)
      .innerJoin('campaigns as c', (j) => j.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.id', '=', 'o.campaign_id'))
      .innerJoin('campaign_activities as a', (j) => j.onRef('a.tenant_id', '=', 'o.tenant_id').onRef('a.id', '=', 'o.activity_id'))
      .select(['c.title as campaign_title', 'a.title as activity_title', 'a.held_on'])
      .where('o.raised_by_user_id', '=', actor.userId)
      .where('c.deleted_at', 'is', null)
      .orderBy('o.created_at', 'desc')
      .limit(200)
      .execute();
  }

  // ——— problems and rectification ———

  private async insertProblem(tx: Executor, actor: Actor, campaign: CampaignRow, input: ProblemInput, opinionId: string | null): Promise<string> {
    if (!input.description.trim()) throw invalid('description', '请填写问题描述');
    if (!(await this.participates(campaign.id, actor.tenantId, input.unitId, tx))) throw invalid('unitId', '责任单位应为参加单位之一');
    if (input.topic && !campaign.topics.includes(input.topic)) throw invalid('topic', `议题应为 ${campaign.topics.join('、')} 之一`);
    const foundOn = input.foundOn ?? this.today();
    if (foundOn > this.today()) throw invalid('foundOn', '发现日期不能晚于今天');
    const now = this.deps.clock.now();
    const row = await tx
      .insertInto('campaign_problems')
      .values({ tenant_id: actor.tenantId, campaign_id: campaign.id, opinion_id: opinionId, source: input.source, topic: input.topic ?? null, unit_id: input.unitId, description: input.description.trim(), severity: input.severity ?? 'normal', found_on: foundOn, search_key: searchKey(input.description), created_by: actor.userId || null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.event(tx, actor, row.id, 'create', `${PROBLEM_SOURCES[input.source]}：${input.description.trim().slice(0, 100)}`);
    await this.deps.audit.record(tx, actor, { action: 'problem.create', entityType: 'campaignProblem', entityId: row.id, summary: `查摆问题（${campaign.title}）：${input.description.trim().slice(0, 60)}`, after: input });
    return row.id;
  }

  private async event(tx: Executor, actor: Actor, problemId: string, kind: string, comment: string): Promise<string> {
    const row = await tx.insertInto('campaign_problem_events').values({ tenant_id: actor.tenantId, problem_id: problemId, kind, comment, actor_user_id: actor.userId || null, actor_name: actor.displayName, at: this.deps.clock.now() }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** The files attached to owners of one type (an activity, a close-out request), oldest first. */
  private files(actor: Actor, ownerType: CampaignFileOwner, ownerIds: string[]) {
    if (ownerIds.length === 0) return Promise.resolve([]);
    return this.deps.db.selectFrom('attachments').select(['id', 'owner_id', 'file_name', 'content_type', 'size_bytes']).where('tenant_id', '=', actor.tenantId).where('owner_type', '=', ownerType).where('owner_id', 'in', ownerIds).where('deleted_at', 'is', null).orderBy('uploaded_at').execute();
  }

  /**
   * The campaign's files in the one attachment store: an activity's photos and files are read by
   * whoever sees the activity, a close-out request's evidence by whoever sees the problem.
   */
  registerAttachmentOwners(attachments: Pick<AttachmentService, 'registerOwner'>): void {
    attachments.registerOwner('campaignActivity', async (actor, id) => {
      await this.activityRow(actor, id);
    });
    attachments.registerOwner('campaignProblemEvent', async (actor, id) => {
      const e = await this.deps.db.selectFrom('campaign_problem_events').select('problem_id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!e) throw notFound('附件');
      await this.problem(actor, e.problem_id);
    });
  }

  /**
   * A problem recorded directly: by a supervisor whose scope holds the unit, or by a liaison of
   * the unit itself as a self-identified one (自查).
   */
  async createProblem(actor: Actor, campaignId: string, input: ProblemInput): Promise<string> {
    const c = await this.campaignRow(actor, campaignId);
    if (actor.readOnly) throw forbidden('只读令牌不能记录问题');
    const supervises = hasRole(actor, 'supervisor') && (await unitInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, input.unitId));
    if (!supervises) {
      if (!isOwnerUnit(actor, input.unitId)) throw forbidden('只能记录本单位自查的问题');
      if (input.source !== 'self') throw invalid('source', '本单位记录的问题来源应为“自查”');
    }
    return this.deps.db.transaction().execute((tx) => this.insertProblem(tx, actor, c, input, null));
  }

  problems(actor: Actor, filter: ProblemFilter): Promise<Page<CampaignProblemRow & Record<string, unknown>>> {
    return listProblems(this.deps.db, actor, filter, this.today()) as never;
  }

  /** One problem the actor may see (404 otherwise), with its history and what the actor may do. */
  async problem(actor: Actor, id: string, db: Executor = this.deps.db) {
    const p = await problemsFrom(db, actor).selectAll('p').select(PROBLEM_COLUMNS).select(['c.organizer_unit_id', 't.deadline as task_deadline']).where('p.id', '=', id).executeTakeFirst();
    if (!p) throw notFound('问题');
    return p;
  }

  async problemDetail(actor: Actor, id: string) {
    const p = await this.problem(actor, id);
    const [events, leader, verifier] = await Promise.all([
      this.deps.db.selectFrom('campaign_problem_events').select(['id', 'kind', 'comment', 'actor_name', 'at']).where('tenant_id', '=', actor.tenantId).where('problem_id', '=', id).orderBy('at').execute(),
      p.leader_user_id ? this.deps.db.selectFrom('users').select('display_name').where('tenant_id', '=', actor.tenantId).where('id', '=', p.leader_user_id).executeTakeFirst() : undefined,
      p.verified_by ? this.deps.db.selectFrom('users').select('display_name').where('tenant_id', '=', actor.tenantId).where('id', '=', p.verified_by).executeTakeFirst() : undefined,
    ]);
    const evidence = await this.files(actor, 'campaignProblemEvent', events.filter((e) => e.kind === 'closeRequest').map((e) => e.id));
    const [supervises, verifies] = await Promise.all([this.overseesUnit(actor, p.unit_id, ['supervisor']), this.overseesUnit(actor, p.unit_id, VERIFIER_ROLES)]);
    const owns = isOwnerUnit(actor, p.unit_id);
    const selfOwned = owns || actor.userId === p.owner_user_id || actor.userId === p.close_requested_by;
    return {
      problem: p,
      leaderName: leader?.display_name ?? null,
      verifierName: verifier?.display_name ?? null,
      overdue: isOverdue(p, this.today()),
      events: events.map((e) => ({ ...e, attachments: evidence.filter((f) => f.owner_id === e.id) })),
      can: {
        plan: supervises && p.status === 'found',
        requestClose: owns && (p.status === 'rectifying' || p.status === 'returned'),
        verify: verifies && !selfOwned && p.status === 'review',
        reopen: supervises && p.status === 'closed',
      },
    };
  }

  private async lockProblem(tx: Tx, actor: Actor, id: string) {
    const p = await this.problem(actor, id, tx);
    await tx.selectFrom('campaign_problems').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().execute();
    const fresh = await tx.selectFrom('campaign_problems').select(['status', 'updated_at']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    if (fresh.status !== p.status) throw conflict('问题状态已被他人更新，请刷新后重试');
    return p;
  }

  private async requireSupervises(actor: Actor, unitId: string, message: string, db: Executor): Promise<void> {
    if (!(await this.overseesUnit(actor, unitId, ['supervisor'], db))) throw forbidden(message);
  }

  /** The actor holds one of `roles` with a scope over the unit (and is not a read-only token). */
  private async overseesUnit(actor: Actor, unitId: string, roles: readonly ('supervisor' | 'leader')[], db: Executor = this.deps.db): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, ...roles)) return false;
    return unitInScope(db, scopeForRoles(actor, [...roles]), actor.tenantId, unitId);
  }

  /** Checks a rectification plan's owner (a user of the unit or below) and leader. */
  private async checkPlan(tx: Executor, actor: Actor, unitId: string, input: PlanInput): Promise<void> {
    if (!input.measures.trim()) throw invalid('measures', '请填写整改措施');
    if (input.deadline < this.today()) throw invalid('deadline', '整改时限不能早于今天');
    if (input.ownerUserId) {
      const u = await tx.selectFrom('users as u').select('u.id').where('u.tenant_id', '=', actor.tenantId).where('u.id', '=', input.ownerUserId).where((eb) => inScope({ all: false, subtreeRoots: [unitId], units: [] }, actor.tenantId, eb.ref('u.org_unit_id'))).executeTakeFirst();
      if (!u) throw invalid('ownerUserId', '整改责任人应为责任单位的人员');
    }
    if (input.leaderUserId) {
      const l = await tx.selectFrom('role_grants').select('user_id').where('tenant_id', '=', actor.tenantId).where('user_id', '=', input.leaderUserId).where('role', '=', 'leader').executeTakeFirst();
      if (!l) throw invalid('leaderUserId', '责任领导应为有领导角色的用户');
    }
    for (const [i, m] of (input.milestones ?? []).entries()) {
      if (!m.title.trim()) throw invalid(`milestones.${i}.title`, '请填写节点内容');
      if (m.due && m.due > input.deadline) throw invalid(`milestones.${i}.due`, '节点时间不能晚于整改时限');
    }
  }

  /** Creates the rectification task (module 'rectification') for the problem's unit. */
  private async rectificationTask(tx: Tx, actor: Actor, p: { id: string; unit_id: string; description: string; campaign_title: string }, input: PlanInput): Promise<string> {
    const taskInput = {
      module: 'rectification',
      title: `整改：${p.description.slice(0, 60)}`,
      content: `${p.campaign_title}查摆问题：${p.description}\n整改措施：${input.measures.trim()}`,
      leadUnitIds: [p.unit_id],
      deadline: input.deadline,
      responsibleLeaderIds: input.leaderUserId ? [input.leaderUserId] : [],
    };
    const task = await this.deps.tasks.createIn(tx, actor, taskInput);
    return task.id;
  }

  /**
   * The supervision core's own checks of the rectification task (units in the supervisor's scope,
   * active, the deadline), made before the transaction since they read outside it.
   */
  private async checkRectification(actor: Actor, id: string, input: PlanInput): Promise<void> {
    const p = await this.problem(actor, id);
    const bad = await this.deps.tasks.checkNew(actor, [{ title: 'x', leadUnitIds: [p.unit_id], deadline: input.deadline }]);
    if (bad) throw invalid(bad.field === 'leadUnitIds' ? 'unitId' : bad.field, bad.message);
  }

  /** A supervisor sets the rectification plan; the task is assigned to the unit through the supervision core. */
  async plan(actor: Actor, id: string, input: PlanInput): Promise<void> {
    if (!input.measures.trim()) throw invalid('measures', '请填写整改措施');
    await this.checkRectification(actor, id, input);
    await this.deps.db.transaction().execute(async (tx) => {
      const p = await this.lockProblem(tx, actor, id);
      await this.requireSupervises(actor, p.unit_id, '只有对责任单位有督查权限的人员可以制定整改计划', tx);
      if (p.status !== 'found') throw conflict(`问题当前为“${STATUS_WORDS[p.status]}”，不能再制定整改计划`);
      await this.checkPlan(tx, actor, p.unit_id, input);
      const taskId = await this.rectificationTask(tx, actor, p, input);
      await tx.updateTable('campaign_problems').set({ status: 'rectifying', measures: input.measures.trim(), owner_user_id: input.ownerUserId ?? null, leader_user_id: input.leaderUserId ?? null, deadline: input.deadline, milestones: JSON.stringify(input.milestones ?? []), task_id: taskId, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.event(tx, actor, id, 'plan', `整改措施：${input.measures.trim()}；时限 ${input.deadline}`);
      await this.deps.audit.record(tx, actor, { action: 'problem.plan', entityType: 'campaignProblem', entityId: id, summary: `制定整改计划，时限 ${input.deadline}`, after: { ...input, taskId } });
    });
  }

  /** The unit asks for the problem to be struck off, with what it did; its rectification task goes to completion review. */
  async requestClose(actor: Actor, id: string, note: string, attachmentIds: string[] = []): Promise<void> {
    if (!note.trim()) throw invalid('note', '请填写整改完成情况');
    await this.deps.db.transaction().execute(async (tx) => {
      const p = await this.lockProblem(tx, actor, id);
      if (!isOwnerUnit(actor, p.unit_id)) throw forbidden('只有责任单位可以申请销号');
      if (p.status !== 'rectifying' && p.status !== 'returned') throw conflict(`问题当前为“${STATUS_WORDS[p.status]}”，不能申请销号`);
      if (p.task_status === 'assigned') await this.deps.tasks.acknowledge(actor, p.task_id!, { tx });
      await this.deps.tasks.requestCompletion(actor, p.task_id!, `申请销号：${note.trim()}`, { tx, viaModule: true });
      await tx.updateTable('campaign_problems').set({ status: 'review', close_note: note.trim(), close_requested_by: actor.userId || null, close_requested_at: this.deps.clock.now(), updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      const eventId = await this.event(tx, actor, id, 'closeRequest', note.trim());
      if (attachmentIds.length) await bindAttachments(tx, actor, 'campaignProblemEvent', eventId, attachmentIds);
      await this.deps.audit.record(tx, actor, { action: 'problem.closeRequest', entityType: 'campaignProblem', entityId: id, summary: `申请销号${attachmentIds.length ? `（佐证材料 ${attachmentIds.length} 个）` : ''}`, after: { note, attachmentIds } });
    });
  }

  /**
   * Verification of a close-out by a supervisor whose scope holds the unit and who is not its
   * owner (not a liaison of the unit, not the named owner, not who asked): struck off (销号), or
   * sent back with reasons. The rectification task is completed or returned with it.
   */
  async verify(actor: Actor, id: string, input: { approve: boolean; reason?: string | undefined }): Promise<void> {
    if (!input.approve && !input.reason?.trim()) throw invalid('reason', '请填写退回理由');
    await this.deps.db.transaction().execute(async (tx) => {
      const p = await this.lockProblem(tx, actor, id);
      if (!(await this.overseesUnit(actor, p.unit_id, VERIFIER_ROLES, tx))) throw forbidden('只有对责任单位有督查权限的人员或分管领导可以核验销号');
      if (isOwnerUnit(actor, p.unit_id) || actor.userId === p.owner_user_id || actor.userId === p.close_requested_by) throw forbidden('整改责任人不能核验自己的销号申请');
      if (p.status !== 'review') throw conflict(`问题当前为“${STATUS_WORDS[p.status]}”，不能核验`);
      const now = this.deps.clock.now();
      if (input.approve) {
        await this.deps.tasks.complete(actor, p.task_id!, `核验销号${input.reason?.trim() ? `:${input.reason.trim()}` : ''}`, { tx, viaModule: true });
        await tx.updateTable('campaign_problems').set({ status: 'closed', verified_by: actor.userId || null, verified_at: now, return_reason: null, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
        await this.event(tx, actor, id, 'closed', input.reason?.trim() ?? '');
        await this.deps.audit.record(tx, actor, { action: 'problem.close', entityType: 'campaignProblem', entityId: id, summary: `核验销号`, after: { status: 'closed' } });
      } else {
        const reason = input.reason!.trim();
        await this.deps.tasks.returnTask(actor, p.task_id!, `销号申请退回：${reason}`, { tx, viaModule: true });
        await tx.updateTable('campaign_problems').set({ status: 'returned', return_reason: reason, updated_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
        await this.event(tx, actor, id, 'returned', reason);
        await this.deps.audit.record(tx, actor, { action: 'problem.return', entityType: 'campaignProblem', entityId: id, summary: `销号申请退回：${reason}`, after: { status: 'returned', reason } });
      }
    });
  }

  /**
   * Problems of an imported ledger, all in one transaction: each recorded, and planned (its
   * rectification task assigned) when its row gave measures and a deadline. The supervision
   * core's checks of every task run first; a failing row is named by its sheet row.
   */
  async importProblems(actor: Actor, campaign: CampaignRow, rows: { row: number; unitId: string; description: string; plan: PlanInput | null }[]): Promise<{ created: number; planned: number }> {
    this.requireSupervisor(actor);
    const scope = await unitsInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, rows.map((r) => r.unitId));
    const outside = rows.find((r) => !scope.has(r.unitId));
    if (outside) throw new AppError('IMPORT_INVALID', `导入失败：第 ${outside.row} 行“责任单位”：所选单位不在您的数据范围内。没有写入任何数据。`, [{ row: outside.row, column: '责任单位', message: '所选单位不在您的数据范围内' }]);
    const withPlan = rows.filter((r) => r.plan);
    const bad = withPlan.length ? await this.deps.tasks.checkNew(actor, withPlan.map((r) => ({ title: 'x', leadUnitIds: [r.unitId], deadline: r.plan!.deadline }))) : null;
    if (bad) {
      const row = withPlan[bad.index]!.row;
      throw new AppError('IMPORT_INVALID', `导入失败：第 ${row} 行：${bad.message}。没有写入任何数据。`, [{ row, column: '', message: bad.message }]);
    }
    const [unitNames, campaignTitle] = [new Map((await this.deps.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', 'in', [...new Set(rows.map((r) => r.unitId))]).execute()).map((u) => [u.id, u.name])), campaign.title];
    return this.deps.db.transaction().execute(async (tx) => {
      let planned = 0;
      for (const r of rows) {
        const id = await this.insertProblem(tx, actor, campaign, { source: 'inspection', unitId: r.unitId, description: r.description }, null);
        if (!r.plan) continue;
        const taskId = await this.rectificationTask(tx, actor, { id, unit_id: r.unitId, description: r.description, campaign_title: campaignTitle }, r.plan);
        await tx.updateTable('campaign_problems').set({ status: 'rectifying', measures: r.plan.measures, owner_user_id: r.plan.ownerUserId ?? null, deadline: r.plan.deadline, task_id: taskId, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
        await this.event(tx, actor, id, 'plan', `整改措施：${r.plan.measures}；时限 ${r.plan.deadline}`);
        planned++;
      }
      await this.deps.audit.record(tx, actor, { action: 'problem.import', entityType: 'campaign', entityId: campaign.id, summary: `导入整改台账：${rows.length} 个问题（${unitNames.size} 个单位），其中 ${planned} 个已制定整改计划` });
      return { created: rows.length, planned };
    });
  }

  /** A struck-off problem that recurs is reopened with a new rectification task. */
  async reopen(actor: Actor, id: string, input: { reason: string; measures?: string | undefined; deadline: string }): Promise<void> {
    if (!input.reason.trim()) throw invalid('reason', '请填写重新整改的原因');
    await this.checkRectification(actor, id, { measures: 'x', deadline: input.deadline });
    await this.deps.db.transaction().execute(async (tx) => {
      const p = await this.lockProblem(tx, actor, id);
      await this.requireSupervises(actor, p.unit_id, '只有对责任单位有督查权限的人员可以重新整改', tx);
      if (p.status !== 'closed') throw conflict('只有已销号的问题可以重新整改');
      const plan: PlanInput = { measures: input.measures?.trim() || p.measures, ownerUserId: p.owner_user_id, leaderUserId: p.leader_user_id, deadline: input.deadline };
      await this.checkPlan(tx, actor, p.unit_id, plan);
      const taskId = await this.rectificationTask(tx, actor, p, plan);
      await tx.updateTable('campaign_problems').set({ status: 'rectifying', measures: plan.measures, deadline: input.deadline, task_id: taskId, reopen_count: p.reopen_count + 1, verified_by: null, verified_at: null, close_note: null, close_requested_by: null, close_requested_at: null, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.event(tx, actor, id, 'reopen', input.reason.trim());
      await this.deps.audit.record(tx, actor, { action: 'problem.reopen', entityType: 'campaignProblem', entityId: id, summary: `问题反弹，重新整改：${input.reason.trim()}`, after: { taskId, deadline: input.deadline } });
    });
  }
}
