import { sql, type Kysely } from 'kysely';
import { hasRole, inScope, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { AttachmentService } from '../../supervision/attachment.service.ts';
import type { NotificationService } from '../../supervision/notification.service.ts';
import { addCalendarDays, shanghaiDate } from '../../supervision/rules/working-days.ts';
import { bindAttachments } from '../../supervision/task.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { achievement } from '../indicators/indicator-rules.ts';
import { assessmentPeriod, items, round2, schemeErrors, scoreGroup, type AdjustmentEntry, type Derivation, type Raw, type SchemeDefinition, type UnitInput } from './assessment-rules.ts';
import { bulletinFigures } from './bulletin.figures.ts';

export interface AssessmentDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  notifications: Pick<NotificationService, 'notifyUnits'>;
}

export interface SchemeInput {
  year: number;
  name: string;
  objectionDays: number;
  definition: SchemeDefinition;
}

export interface AnswerInput {
  decision: 'upheld' | 'rejected';
  answer: string;
  /** On an upheld objection: a manual item's new score for the unit (replacing the reviewers' average). */
  manualScores?: { itemKey: string; score: number }[] | undefined;
  /** On an upheld objection: bonus or deduction points added for the unit. */
  adjustments?: { key: string; points: number; note: string }[] | undefined;
}

type RunRow = Awaited<ReturnType<AssessmentService['loadRun']>>['run'];

const NO_SUGGESTIONS = '本期无已评价的建议';

/**
 * The comprehensive assessment (综合考核, issue 12 item 4). A scheme belongs to its owner unit:
 * those whose scope holds that unit read it and its runs in full, that unit's supervisors edit it,
 * run it, enter adjustments, publish and answer objections. A unit's liaison sees only its own
 * unit's result of a published run, and objects to it within the window. Named reviewers enter the
 * manual scores of their items while the run is a draft.
 */
export class AssessmentService {
  constructor(private readonly deps: AssessmentDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  private async supervises(actor: Actor, unitId: string, db: Executor = this.deps.db): Promise<boolean> {
    return !actor.readOnly && hasRole(actor, 'supervisor') && unitInScope(db, scopeForRoles(actor, ['supervisor']), actor.tenantId, unitId);
  }

  registerAttachmentOwners(attachments: Pick<AttachmentService, 'registerOwner'>): void {
    // Evidence of a bonus or deduction: read by whoever may read the run's result of that unit.
    attachments.registerOwner('assessmentInput', async (actor, id) => {
      const row = await this.deps.db.selectFrom('assessment_inputs').select(['run_id', 'unit_id']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('附件');
      const { full } = await this.loadRun(actor, row.run_id);
      if (!full && !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, row.unit_id))) throw notFound('附件');
    });
  }

  // ---- Schemes ------------------------------------------------------------------------------

  private async checkDefinition(actor: Actor, def: SchemeDefinition, db: Executor): Promise<void> {
    const errors = schemeErrors(def);
    if (errors.length) throw invalid(errors[0]!.field, errors[0]!.message);
    const unitIds = def.groups.flatMap((g) => g.unitIds);
    const known = await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', unitIds).where((eb) => inScope(scopeForRoles(actor, ['supervisor']), actor.tenantId, eb.ref('id'))).execute();
    if (known.length !== new Set(unitIds).size) throw invalid('groups', '考核分组中有单位不存在或不在您的督查范围内');
    const reviewers = [...new Set(items(def).flatMap((i) => i.source.reviewerIds ?? []))];
    if (reviewers.length) {
      const users = await db.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', reviewers).execute();
      if (users.length !== reviewers.length) throw invalid('dimensions', '评审人不存在');
    }
    const indicators = [...new Set(items(def).flatMap((i) => (i.source.kind === 'indicator' && i.source.indicatorId ? [i.source.indicatorId] : [])))];
    if (indicators.length) {
      const found = await db.selectFrom('indicators').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', indicators).where('deleted_at', 'is', null).execute();
      if (found.length !== indicators.length) throw invalid('dimensions', '所选指标不存在');
    }
  }

  async listSchemes(actor: Actor) {
    const rows = await this.deps.db
      .selectFrom('assessment_schemes as s')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 's.tenant_id').onRef('o.id', '=', 's.owner_unit_id'))
      .select(['s.id', 's.year', 's.name', 's.owner_unit_id', 'o.name as owner_unit_name', 's.objection_days', 's.updated_at'])
      .where('s.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('s.owner_unit_id')))
      .orderBy('s.year', 'desc')
      .orderBy('s.created_at', 'desc')
      .limit(200)
      .execute();
    const manage = new Set<string>();
    for (const id of new Set(rows.map((r) => r.owner_unit_id))) if (await this.supervises(actor, id)) manage.add(id);
    return rows.map((r) => ({ ...r, canManage: manage.has(r.owner_unit_id) }));
  }

  async getScheme(actor: Actor, id: string, db: Executor = this.deps.db) {
    const s = await db
      .selectFrom('assessment_schemes as s')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 's.tenant_id').onRef('o.id', '=', 's.owner_unit_id'))
      .selectAll('s')
      .select('o.name as owner_unit_name')
      .where('s.tenant_id', '=', actor.tenantId)
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!s || !(await unitInScope(db, actor.scope, actor.tenantId, s.owner_unit_id))) throw notFound('考核办法');
    return { ...s, definition: s.definition as SchemeDefinition, canManage: await this.supervises(actor, s.owner_unit_id, db) };
  }

  async createScheme(actor: Actor, input: SchemeInput): Promise<string> {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) throw forbidden('只有督查人员可以制定考核办法');
    return this.deps.db.transaction().execute(async (tx) => {
      await this.checkDefinition(actor, input.definition, tx);
      const row = await tx
        .insertInto('assessment_schemes')
        .values({ tenant_id: actor.tenantId, year: input.year, name: input.name, owner_unit_id: actor.orgUnitId, objection_days: input.objectionDays, definition: JSON.stringify(input.definition), created_by: actor.userId || null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'assessment.scheme_create', entityType: 'assessment_scheme', entityId: row.id, summary: `制定考核办法 ${input.name}`, after: input });
      return row.id;
    });
  }

  async updateScheme(actor: Actor, id: string, input: SchemeInput): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await this.getScheme(actor, id, tx);
      if (!before.canManage) throw forbidden('只有考核办法所属单位的督查人员可以修改');
      await this.checkDefinition(actor, input.definition, tx);
      await tx
        .updateTable('assessment_schemes')
        .set({ year: input.year, name: input.name, objection_days: input.objectionDays, definition: JSON.stringify(input.definition), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(tx, actor, { action: 'assessment.scheme_update', entityType: 'assessment_scheme', entityId: id, summary: `修改考核办法 ${input.name}`, before: { year: before.year, name: before.name, objectionDays: before.objection_days, definition: before.definition }, after: input });
    });
  }

  // ---- Runs ---------------------------------------------------------------------------------

  /** Runs the scheme for a period (or computes it again while a draft): every group's units scored and ranked, each derivation stored. */
  async run(actor: Actor, schemeId: string, period: string): Promise<string> {
    const range = assessmentPeriod(period);
    if (!range) throw invalid('period', '考核期应为 YYYY-Qn（季度）或 YYYY（年度）');
    return this.deps.db.transaction().execute(async (tx) => {
      const scheme = await this.getScheme(actor, schemeId, tx);
      if (!scheme.canManage) throw forbidden('只有考核办法所属单位的督查人员可以开展考核');
      if (Number(period.slice(0, 4)) !== scheme.year) throw invalid('period', `考核期应在 ${scheme.year} 年内`);
      const existing = await tx.selectFrom('assessment_runs').select(['id', 'status']).where('tenant_id', '=', actor.tenantId).where('scheme_id', '=', schemeId).where('period', '=', period).executeTakeFirst();
      if (existing?.status === 'published') throw conflict('该考核期的结果已公布，不能重新计算');
      const now = this.deps.clock.now();
      const id = existing
        ? existing.id
        : (await tx.insertInto('assessment_runs').values({ tenant_id: actor.tenantId, scheme_id: schemeId, period, period_start: range.start, period_end: range.end, definition: JSON.stringify(scheme.definition), computed_at: now, created_by: actor.userId || null }).returning('id').executeTakeFirstOrThrow()).id;
      if (existing) await tx.updateTable('assessment_runs').set({ definition: JSON.stringify(scheme.definition), computed_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      const run = { id, period, period_start: range.start, period_end: range.end, owner_unit_id: scheme.owner_unit_id };
      const raws = await this.sourceRaws(tx, actor, run, scheme.definition);
      await this.score(tx, actor.tenantId, id, scheme.definition, raws);
      await this.deps.audit.record(tx, actor, { action: existing ? 'assessment.recompute' : 'assessment.run', entityType: 'assessment_run', entityId: id, summary: `${existing ? '重新计算' : '开展'}考核 ${scheme.name}（${period}）` });
      return id;
    });
  }

  /**
   * Each unit's raw data of every item drawn from a data source (manual items are read from the
   * inputs when scoring): the bulletin's figures over each unit's subtree for the period, the
   * indicator's latest value in the period against the unit's target for the year.
   */
  private async sourceRaws(db: Executor, actor: Actor, run: { period: string; period_start: string; period_end: string; owner_unit_id: string }, def: SchemeDefinition): Promise<Map<string, Record<string, Raw>>> {
    const unitIds = def.groups.flatMap((g) => g.unitIds);
    const all = items(def);
    const needsFigures = all.some((i) => ['on_time_rate', 'rectification_rate', 'investment_completion'].includes(i.source.kind));
    const figures = needsFigures ? await bulletinFigures(db as Kysely<DB>, actor, { period: run.period, start: run.period_start, end: run.period_end, scopeUnitId: run.owner_unit_id, today: this.today(), unitIds }) : null;
    const lines = new Map((figures?.ranking ?? []).map((l) => [l.unitId, l]));
    const satisfaction = all.some((i) => i.source.kind === 'suggestion_satisfaction') ? await this.satisfaction(db, actor, unitIds, run) : new Map<string, { rated: number; satisfied: number }>();
    const indicatorRaws = new Map<string, Map<string, Raw>>();
    for (const it of all) {
      if (it.source.kind === 'indicator' && it.source.indicatorId && !indicatorRaws.has(it.source.indicatorId)) indicatorRaws.set(it.source.indicatorId, await this.indicatorRaws(db, actor.tenantId, it.source.indicatorId, unitIds, run));
    }
    const out = new Map<string, Record<string, Raw>>();
    for (const unitId of unitIds) {
      const l = lines.get(unitId);
      const raws: Record<string, Raw> = {};
      for (const it of all) {
        switch (it.source.kind) {
          case 'on_time_rate':
            raws[it.key] = l && l.onTimeRate !== null ? { value: l.onTimeRate, basis: `按时办结 ${l.onTime} 件 ÷ 办结 ${l.completed} 件` } : { value: null, basis: '本期无办结事项' };
            break;
          case 'rectification_rate':
            raws[it.key] = l && l.rectificationRate !== null ? { value: l.rectificationRate, basis: `已整改 ${l.rectified} 个 ÷ 查摆问题 ${l.problems} 个` } : { value: null, basis: '无查摆问题' };
            break;
          case 'investment_completion':
            raws[it.key] = l && l.investmentRate !== null ? { value: l.investmentRate, basis: `完成投资 ${l.invested} 万元 ÷ 年度计划 ${l.planned} 万元` } : { value: null, basis: '无年度计划投资' };
            break;
          case 'indicator':
            raws[it.key] = indicatorRaws.get(it.source.indicatorId!)?.get(unitId) ?? { value: null, basis: '本期无指标数据或年度目标' };
            break;
          case 'suggestion_satisfaction': {
            const sat = satisfaction.get(unitId);
            raws[it.key] = sat && sat.rated > 0 ? { value: Math.round((sat.satisfied / sat.rated) * 1000) / 10, basis: `满意及基本满意 ${sat.satisfied} 件 ÷ 已评价 ${sat.rated} 件` } : { value: null, basis: NO_SUGGESTIONS };
            break;
          }
          case 'manual':
            break;
        }
      }
      out.set(unitId, raws);
    }
    return out;
  }

  /**
   * Suggestion satisfaction per unit over its subtree: the suggestions it handled as main unit whose
   * current round was rated within the period, and how many of them 满意 or 基本满意.
   */
  private async satisfaction(db: Executor, actor: Actor, unitIds: string[], run: { period_start: string; period_end: string }): Promise<Map<string, { rated: number; satisfied: number }>> {
    if (!unitIds.length) return new Map();
    const t = actor.tenantId;
    const after = addCalendarDays(run.period_end, 1);
    const rows = await sql<{ unit_id: string; rated: string; satisfied: string }>`
      SELECT oc.ancestor_id AS unit_id, count(*) AS rated, count(*) FILTER (WHERE s.rating IN ('satisfied', 'basic')) AS satisfied
      FROM suggestions s
      JOIN suggestion_rounds r ON r.tenant_id = s.tenant_id AND r.suggestion_id = s.id AND r.round = s.round
      JOIN org_closure oc ON oc.tenant_id = s.tenant_id AND oc.descendant_id = s.main_unit_id
      WHERE s.tenant_id = ${t} AND s.deleted_at IS NULL AND s.rating IS NOT NULL
        AND r.rated_at >= ${run.period_start}::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND r.rated_at < ${after}::date::timestamp AT TIME ZONE 'Asia/Shanghai'
        AND oc.ancestor_id IN (${sql.join(unitIds)}) AND ${inScope(actor.scope, t, sql.ref('s.main_unit_id'))}
      GROUP BY oc.ancestor_id`.execute(db);
    return new Map(rows.rows.map((r) => [r.unit_id, { rated: Number(r.rated), satisfied: Number(r.satisfied) }]));
  }

  /** The indicator's achievement (%) per unit: its latest value whose period ends within the run's period and year, against the year's target. */
  private async indicatorRaws(db: Executor, tenantId: string, indicatorId: string, unitIds: string[], run: { period_end: string }): Promise<Map<string, Raw>> {
    const year = Number(run.period_end.slice(0, 4));
    const ind = await db.selectFrom('indicators').select(['name', 'measure', 'direction', 'cumulative']).where('tenant_id', '=', tenantId).where('id', '=', indicatorId).executeTakeFirst();
    if (!ind || !unitIds.length) return new Map();
    const [values, targets] = await Promise.all([
      db.selectFrom('indicator_values').select(['org_unit_id', 'period', 'value']).where('tenant_id', '=', tenantId).where('indicator_id', '=', indicatorId).where('org_unit_id', 'in', unitIds).where('period', 'like', `${year}%`).execute(),
      db.selectFrom('indicator_targets').select(['org_unit_id', 'target']).where('tenant_id', '=', tenantId).where('indicator_id', '=', indicatorId).where('org_unit_id', 'in', unitIds).where('year', '=', year).execute(),
    ]);
    const endOf = (p: string) => (p.length === 4 ? `${p}-12-31` : p.includes('-Q') ? assessmentPeriod(p)!.end : `${p}-31`);
    const target = new Map(targets.map((t) => [t.org_unit_id, t.target]));
    const latest = new Map<string, { period: string; value: number }>();
    for (const v of values) {
      if (endOf(v.period) > run.period_end) continue;
      const had = latest.get(v.org_unit_id);
      if (!had || endOf(v.period) > endOf(had.period)) latest.set(v.org_unit_id, { period: v.period, value: v.value });
    }
    const out = new Map<string, Raw>();
    for (const [unitId, v] of latest) {
      const t = target.get(unitId);
      if (t === undefined) continue;
      const a = achievement({ direction: ind.direction, cumulative: ind.cumulative }, t, v.value, v.period);
      if (a.rate !== null) out.set(unitId, { value: round2(a.rate * 100), basis: `${ind.name} ${v.period} ${v.value}${ind.measure} 对年度目标 ${t}${ind.measure}` });
    }
    return out;
  }

  /** Scores every group from the raws given and the run's inputs (manual scores, overrides, adjustments) and stores each unit's result. */
  private async score(tx: Executor, tenantId: string, runId: string, def: SchemeDefinition, raws: Map<string, Record<string, Raw>>): Promise<void> {
    const inputs = await tx
      .selectFrom('assessment_inputs as i')
      .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'i.tenant_id').onRef('u.id', '=', 'i.reviewer_id'))
      .select(['i.unit_id', 'i.kind', 'i.item_key', 'i.reviewer_id', 'i.value', 'i.note', 'u.display_name'])
      .where('i.tenant_id', '=', tenantId)
      .where('i.run_id', '=', runId)
      .orderBy('i.entered_at')
      .orderBy('i.id')
      .execute();
    const names = new Map((await tx.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', [...raws.keys(), '00000000-0000-0000-0000-000000000000']).execute()).map((u) => [u.id, u.name]));
    const manualItems = items(def).filter((i) => i.source.kind === 'manual');
    await tx.deleteFrom('assessment_results').where('tenant_id', '=', tenantId).where('run_id', '=', runId).execute();
    for (const g of def.groups) {
      const units: UnitInput[] = g.unitIds.map((unitId) => {
        const mine = inputs.filter((i) => i.unit_id === unitId);
        const unitRaws: Record<string, Raw> = { ...(raws.get(unitId) ?? {}) };
        for (const it of manualItems) {
          const override = mine.filter((i) => i.kind === 'override' && i.item_key === it.key).at(-1);
          const scores = mine.filter((i) => i.kind === 'manual' && i.item_key === it.key && it.source.reviewerIds?.includes(i.reviewer_id ?? ''));
          if (override) unitRaws[it.key] = { value: override.value, basis: `异议复核调整为 ${override.value} 分${override.note ? `（${override.note}）` : ''}` };
          else if (scores.length) {
            const missing = (it.source.reviewerIds ?? []).length - scores.length;
            unitRaws[it.key] = { value: round2(scores.reduce((s, i) => s + i.value, 0) / scores.length), basis: `评审人 ${scores.map((s) => `${s.display_name ?? ''} ${s.value}`).join('、')} 的平均分${missing > 0 ? `（尚有 ${missing} 位评审人未评分）` : ''}` };
          } else unitRaws[it.key] = { value: null, basis: '评审人尚未评分' };
        }
        const adjustments: AdjustmentEntry[] = mine.filter((i) => i.kind === 'adjustment').map((i) => ({ key: i.item_key, points: i.value, note: i.note }));
        return { unitId, name: names.get(unitId) ?? '', raws: unitRaws, adjustments };
      });
      const results = scoreGroup(def, units);
      if (results.length) await tx.insertInto('assessment_results').values(results.map((r) => ({ tenant_id: tenantId, run_id: runId, unit_id: r.unitId, group_key: g.key, total: r.total, rank: r.rank, derivation: JSON.stringify(r.derivation) }))).execute();
    }
  }

  /** The raws stored in the run's derivations (the data sources as they were when computed; manual items are read again from the inputs). */
  private async storedRaws(tx: Executor, tenantId: string, runId: string): Promise<Map<string, Record<string, Raw>>> {
    const rows = await tx.selectFrom('assessment_results').select(['unit_id', 'derivation']).where('tenant_id', '=', tenantId).where('run_id', '=', runId).execute();
    return new Map(rows.map((r) => [r.unit_id, Object.fromEntries((r.derivation as Derivation).items.filter((i) => i.source !== 'manual').map((i) => [i.key, { value: i.raw, basis: i.raw === null ? i.basis.replace(/，按 [\d.]+ 分计$/, '') : i.basis }]))]));
  }

  /** The run with whether the actor reads all of it (its scheme's owner unit in scope) or only the results of units in its scope once published. */
  async loadRun(actor: Actor, id: string, db: Executor = this.deps.db) {
    const run = await db
      .selectFrom('assessment_runs as r')
      .innerJoin('assessment_schemes as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.scheme_id'))
      .selectAll('r')
      .select(['s.name as scheme_name', 's.owner_unit_id', 's.objection_days', 's.year'])
      .where('r.tenant_id', '=', actor.tenantId)
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!run) throw notFound('考核');
    if (await unitInScope(db, actor.scope, actor.tenantId, run.owner_unit_id)) return { run, full: true, manage: await this.supervises(actor, run.owner_unit_id, db) };
    if (run.status === 'published') {
      const mine = await db.selectFrom('assessment_results').select('unit_id').where('tenant_id', '=', actor.tenantId).where('run_id', '=', id).where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('unit_id'))).limit(1).executeTakeFirst();
      if (mine) return { run, full: false, manage: false };
    }
    throw notFound('考核');
  }

  /** Runs the actor sees: all runs of schemes whose owner is in scope, and published runs holding a result of a unit in scope. */
  async listRuns(actor: Actor, filter: { schemeId?: string | undefined } = {}) {
    const t = actor.tenantId;
    let q = this.deps.db
      .selectFrom('assessment_runs as r')
      .innerJoin('assessment_schemes as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.scheme_id'))
      .select(['r.id', 'r.scheme_id', 's.name as scheme_name', 'r.period', 'r.status', 'r.computed_at', 'r.published_at', 'r.objection_until'])
      .select((eb) => [
        eb.selectFrom('assessment_objections as o').select(sql<string>`count(*)`.as('n')).whereRef('o.tenant_id', '=', 'r.tenant_id').whereRef('o.run_id', '=', 'r.id').where('o.status', '=', 'open').where((e) => inScope(actor.scope, t, e.ref('s.owner_unit_id'))).as('open_objections'),
      ])
      .where('r.tenant_id', '=', t)
      .where((eb) =>
        eb.or([
          inScope(actor.scope, t, eb.ref('s.owner_unit_id')),
          eb.and([eb('r.status', '=', 'published'), eb.exists(eb.selectFrom('assessment_results as x').select('x.unit_id').whereRef('x.tenant_id', '=', 'r.tenant_id').whereRef('x.run_id', '=', 'r.id').where((e) => inScope(actor.scope, t, e.ref('x.unit_id'))))]),
        ]),
      );
    if (filter.schemeId) q = q.where('r.scheme_id', '=', filter.schemeId);
    const rows = await q.orderBy('r.period', 'desc').orderBy('r.created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...r, open_objections: Number(r.open_objections ?? 0) }));
  }

  /** A run with the results the actor may read (all, or its own units'), each with its derivation, and the objections on them. */
  async getRun(actor: Actor, id: string) {
    const { run, full, manage } = await this.loadRun(actor, id);
    const results = await this.deps.db
      .selectFrom('assessment_results as x')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'x.tenant_id').onRef('o.id', '=', 'x.unit_id'))
      .select(['x.unit_id', 'o.name as unit_name', 'x.group_key', 'x.total', 'x.rank', 'x.derivation'])
      .where('x.tenant_id', '=', actor.tenantId)
      .where('x.run_id', '=', id)
      .$if(!full, (q) => q.where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('x.unit_id'))))
      .orderBy('x.rank')
      .orderBy('o.sort_order')
      .orderBy('o.code')
      .execute();
    const objections = await this.objectionRows(actor, id, full);
    // The evidence files of the adjustments, by unit and adjustment item (of the units shown).
    const evidence = new Map<string, Record<string, { id: string; file_name: string; content_type: string; size_bytes: number }[]>>();
    if (results.length) {
      const files = await this.deps.db
        .selectFrom('assessment_inputs as i')
        .innerJoin('attachments as a', (j) => j.onRef('a.tenant_id', '=', 'i.tenant_id').onRef('a.owner_id', '=', 'i.id'))
        .select(['i.unit_id', 'i.item_key', 'a.id', 'a.file_name', 'a.content_type', 'a.size_bytes'])
        .where('i.tenant_id', '=', actor.tenantId)
        .where('i.run_id', '=', id)
        .where('i.kind', '=', 'adjustment')
        .where('i.unit_id', 'in', results.map((r) => r.unit_id))
        .where('a.owner_type', '=', 'assessmentInput')
        .where('a.deleted_at', 'is', null)
        .orderBy('a.uploaded_at')
        .orderBy('a.id')
        .execute();
      for (const f of files) {
        const byKey = evidence.get(f.unit_id) ?? {};
        (byKey[f.item_key] ??= []).push(f);
        evidence.set(f.unit_id, byKey);
      }
    }
    const def = run.definition as SchemeDefinition;
    const today = this.today();
    const windowOpen = run.status === 'published' && run.objection_until !== null && today <= run.objection_until;
    const reviewerItems = full && !actor.readOnly && run.status === 'draft' ? items(def).filter((i) => i.source.reviewerIds?.includes(actor.userId)).map((i) => i.key) : [];
    const objectable = new Set<string>();
    if (!full || hasRole(actor, 'liaison')) {
      // A unit objects again only once its open objection is answered.
      const pending = new Set(objections.filter((o) => o.status === 'open').map((o) => o.unit_id));
      for (const r of results) if (windowOpen && hasRole(actor, 'liaison') && !actor.readOnly && !pending.has(r.unit_id) && (await unitInScope(this.deps.db, scopeForRoles(actor, ['liaison']), actor.tenantId, r.unit_id))) objectable.add(r.unit_id);
    }
    return {
      run,
      full,
      canManage: manage,
      windowOpen,
      reviewerItems,
      groups: def.groups.map((g) => ({ key: g.key, name: g.name })),
      definition: full ? def : null,
      // In the scheme's order of groups, then by rank.
      results: results
        .map((r) => ({ ...r, derivation: r.derivation as Derivation, canObject: objectable.has(r.unit_id), evidence: evidence.get(r.unit_id) ?? {} }))
        .sort((a, b) => def.groups.findIndex((g) => g.key === a.group_key) - def.groups.findIndex((g) => g.key === b.group_key)),
      objections,
    };
  }

  /** What the Word 考核结果通报 and the Excel export print: the results the actor may read, by group, and the objections' outcome. */
  async exportView(actor: Actor, id: string) {
    const v = await this.getRun(actor, id);
    const [owner, tenant] = await Promise.all([
      this.deps.db.selectFrom('org_units').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', v.run.owner_unit_id).executeTakeFirstOrThrow(),
      this.deps.db.selectFrom('tenants').select('is_demo').where('id', '=', actor.tenantId).executeTakeFirst(),
    ]);
    const periodText = /-Q\d$/.test(v.run.period) ? `${v.run.period.slice(0, 4)}年第${'一二三四'[Number(v.run.period.slice(-1)) - 1]}季度` : `${v.run.period}年度`;
    const results = v.results.map((r) => ({ groupKey: r.group_key, rank: r.rank, unitName: r.unit_name, total: r.total, derivation: r.derivation }));
    return {
      title: `${v.run.scheme_name}${periodText}考核结果通报`,
      issuer: owner.name,
      dated: v.run.published_at ? shanghaiDate(v.run.published_at) : shanghaiDate(v.run.computed_at),
      periodText,
      draft: v.run.status === 'draft',
      isDemo: tenant?.is_demo ?? false,
      groupKeys: v.groups,
      results,
      groups: v.groups.map((g) => ({ name: g.name, results: results.filter((r) => r.groupKey === g.key) })).filter((g) => g.results.length),
      objections: v.objections.map((o) => ({ unitName: o.unit_name, status: o.status, answer: o.answer })),
    };
  }

  private async objectionRows(actor: Actor, runId: string, full: boolean) {
    return this.deps.db
      .selectFrom('assessment_objections as o')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'o.tenant_id').onRef('u.id', '=', 'o.unit_id'))
      .leftJoin('users as f', (j) => j.onRef('f.tenant_id', '=', 'o.tenant_id').onRef('f.id', '=', 'o.filed_by'))
      .leftJoin('users as a', (j) => j.onRef('a.tenant_id', '=', 'o.tenant_id').onRef('a.id', '=', 'o.answered_by'))
      .select(['o.id', 'o.run_id', 'o.unit_id', 'u.name as unit_name', 'o.reason', 'f.display_name as filed_by_name', 'o.filed_at', 'o.status', 'o.answer', 'a.display_name as answered_by_name', 'o.answered_at'])
      .where('o.tenant_id', '=', actor.tenantId)
      .where('o.run_id', '=', runId)
      .$if(!full, (q) => q.where((eb) => inScope(actor.scope, actor.tenantId, eb.ref('o.unit_id'))))
      .orderBy('o.filed_at')
      .orderBy('o.id')
      .execute();
  }

  private async loadDraftToManage(actor: Actor, runId: string, tx: Executor): Promise<RunRow> {
    const { run, manage } = await this.loadRun(actor, runId, tx);
    if (!manage) throw forbidden('只有考核办法所属单位的督查人员可以操作');
    if (run.status !== 'draft') throw conflict('考核结果已公布，不能再修改');
    return run;
  }

  private async requireResult(tx: Executor, tenantId: string, runId: string, unitId: string): Promise<void> {
    const r = await tx.selectFrom('assessment_results').select('unit_id').where('tenant_id', '=', tenantId).where('run_id', '=', runId).where('unit_id', '=', unitId).executeTakeFirst();
    if (!r) throw invalid('unitId', '该单位不在本次考核范围内');
  }

  private async rescore(tx: Executor, tenantId: string, run: RunRow): Promise<void> {
    await this.score(tx, tenantId, run.id, run.definition as SchemeDefinition, await this.storedRaws(tx, tenantId, run.id));
  }

  /** A named reviewer's score (0–100) of a manual item for a unit, while the run is a draft; the unit's result is computed again. */
  async setManualScore(actor: Actor, runId: string, input: { unitId: string; itemKey: string; score: number }): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { run } = await this.loadRun(actor, runId, tx);
      const item = items(run.definition as SchemeDefinition).find((i) => i.key === input.itemKey && i.source.kind === 'manual');
      if (!item) throw invalid('itemKey', '没有这个人工评分项目');
      if (actor.readOnly || !item.source.reviewerIds?.includes(actor.userId)) throw forbidden(`您不是「${item.name}」的评审人`);
      if (run.status !== 'draft') throw conflict('考核结果已公布，不能再评分');
      await this.requireResult(tx, actor.tenantId, runId, input.unitId);
      await tx.deleteFrom('assessment_inputs').where('tenant_id', '=', actor.tenantId).where('run_id', '=', runId).where('unit_id', '=', input.unitId).where('kind', '=', 'manual').where('item_key', '=', input.itemKey).where('reviewer_id', '=', actor.userId).execute();
      await tx.insertInto('assessment_inputs').values({ tenant_id: actor.tenantId, run_id: runId, unit_id: input.unitId, kind: 'manual', item_key: input.itemKey, reviewer_id: actor.userId, value: input.score, entered_by: actor.userId, entered_at: this.deps.clock.now() }).execute();
      await this.rescore(tx, actor.tenantId, run);
      await this.deps.audit.record(tx, actor, { action: 'assessment.score', entityType: 'assessment_run', entityId: runId, summary: `考核评分：${item.name} ${input.score} 分`, after: input });
    });
  }

  /** Bonus or deduction points for a unit with their reason and evidence files, while the run is a draft. */
  async addAdjustment(actor: Actor, runId: string, input: { unitId: string; key: string; points: number; note: string; attachmentIds?: string[] | undefined }, db?: Executor, objectionId?: string): Promise<string> {
    const write = async (tx: Executor) => {
      const { run, manage } = await this.loadRun(actor, runId, tx);
      if (!manage) throw forbidden('只有考核办法所属单位的督查人员可以加减分');
      if (run.status !== 'draft' && !objectionId) throw conflict('考核结果已公布，不能再加减分');
      const def = (run.definition as SchemeDefinition).adjustments.find((a) => a.key === input.key);
      if (!def) throw invalid('key', '没有这个加减分项目');
      await this.requireResult(tx, actor.tenantId, runId, input.unitId);
      const row = await tx.insertInto('assessment_inputs').values({ tenant_id: actor.tenantId, run_id: runId, unit_id: input.unitId, kind: 'adjustment', item_key: input.key, value: input.points, note: input.note, objection_id: objectionId ?? null, entered_by: actor.userId, entered_at: this.deps.clock.now() }).returning('id').executeTakeFirstOrThrow();
      if (input.attachmentIds?.length) await bindAttachments(tx, actor, 'assessmentInput', row.id, input.attachmentIds);
      if (!objectionId) {
        await this.rescore(tx, actor.tenantId, run);
        await this.deps.audit.record(tx, actor, { action: 'assessment.adjust', entityType: 'assessment_run', entityId: runId, summary: `考核${def.kind === 'bonus' ? '加分' : '减分'}：${def.name} ${input.points} 分`, after: input });
      }
      return row.id;
    };
    return db ? write(db) : this.deps.db.transaction().execute(write);
  }

  /**
   * Withdraws a unit's bonus or deduction of one adjustment item while the run is a draft: every
   * entry of that item for the unit goes, with its evidence files, and the run is scored again.
   */
  async removeAdjustment(actor: Actor, runId: string, input: { unitId: string; key: string }): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const { run, manage } = await this.loadRun(actor, runId, tx);
      if (!manage) throw forbidden('只有考核办法所属单位的督查人员可以撤销加减分');
      if (run.status !== 'draft') throw conflict('考核结果已公布，不能再撤销加减分');
      const def = (run.definition as SchemeDefinition).adjustments.find((a) => a.key === input.key);
      if (!def) throw invalid('key', '没有这个加减分项目');
      const removed = await tx
        .deleteFrom('assessment_inputs')
        .where('tenant_id', '=', actor.tenantId)
        .where('run_id', '=', runId)
        .where('unit_id', '=', input.unitId)
        .where('kind', '=', 'adjustment')
        .where('item_key', '=', input.key)
        .returning(['id', 'value', 'note'])
        .execute();
      if (removed.length === 0) throw notFound('该单位的这项加减分');
      const now = this.deps.clock.now();
      await tx.updateTable('attachments').set({ deleted_at: now }).where('tenant_id', '=', actor.tenantId).where('owner_type', '=', 'assessmentInput').where('owner_id', 'in', removed.map((r) => r.id)).where('deleted_at', 'is', null).execute();
      await this.rescore(tx, actor.tenantId, run);
      const points = removed.reduce((n, r) => n + r.value, 0);
      await this.deps.audit.record(tx, actor, {
        action: 'assessment.unadjust',
        entityType: 'assessment_run',
        entityId: runId,
        summary: `撤销考核${def.kind === 'bonus' ? '加分' : '减分'}：${def.name} ${points} 分（${removed.length} 条）`,
        before: { unitId: input.unitId, key: input.key, entries: removed.map((r) => ({ points: r.value, note: r.note })) },
      });
    });
  }

  /** Publishes the ranking: the results are locked and the objection window opens for the scheme's number of days; the units are told. */
  async publish(actor: Actor, runId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const run = await this.loadDraftToManage(actor, runId, tx);
      const until = addCalendarDays(this.today(), run.objection_days);
      const done = await tx.updateTable('assessment_runs').set({ status: 'published', published_at: this.deps.clock.now(), published_by: actor.userId, objection_until: until }).where('tenant_id', '=', actor.tenantId).where('id', '=', runId).where('status', '=', 'draft').executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw conflict('考核结果已公布');
      const units = (run.definition as SchemeDefinition).groups.flatMap((g) => g.unitIds);
      await this.deps.notifications.notifyUnits(
        tx,
        actor.tenantId,
        'report',
        units.map((unitId) => ({ unitId, title: `考核结果已公布：${run.scheme_name}（${run.period}）`, body: `如有异议，请于 ${until} 前提出。`, taskId: null, dedupeKey: `assessment:${runId}:published` })),
      );
      await this.deps.audit.record(tx, actor, { action: 'assessment.publish', entityType: 'assessment_run', entityId: runId, summary: `公布考核结果 ${run.scheme_name}（${run.period}），异议期至 ${until}` });
    });
  }

  // ---- Objections ---------------------------------------------------------------------------

  /** A unit's liaison objects to the unit's published result within the window. */
  async object(actor: Actor, runId: string, input: { unitId: string; reason: string }): Promise<string> {
    return this.deps.db.transaction().execute(async (tx) => {
      const { run } = await this.loadRun(actor, runId, tx);
      if (actor.readOnly || !hasRole(actor, 'liaison') || !(await unitInScope(tx, scopeForRoles(actor, ['liaison']), actor.tenantId, input.unitId))) throw forbidden('只有被考核单位的联络员可以对本单位的结果提出异议');
      await this.requireResult(tx, actor.tenantId, runId, input.unitId);
      if (run.status !== 'published' || !run.objection_until) throw conflict('考核结果尚未公布，不能提出异议');
      if (this.today() > run.objection_until) throw conflict(`异议期已于 ${run.objection_until} 结束，不能再提出异议`);
      const open = await tx.selectFrom('assessment_objections').select('id').where('tenant_id', '=', actor.tenantId).where('run_id', '=', runId).where('unit_id', '=', input.unitId).where('status', '=', 'open').executeTakeFirst();
      if (open) throw conflict('本单位已有待答复的异议，请等待考核办答复');
      const row = await tx.insertInto('assessment_objections').values({ tenant_id: actor.tenantId, run_id: runId, unit_id: input.unitId, reason: input.reason, filed_by: actor.userId, filed_at: this.deps.clock.now() }).returning('id').executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'assessment.object', entityType: 'assessment_objection', entityId: row.id, summary: `对考核结果提出异议（${run.scheme_name} ${run.period}）`, after: input });
      return row.id;
    });
  }

  /**
   * The office answers an objection: rejected with reasons, or upheld — then it may change the
   * unit's manual items or add bonus/deduction points, and the unit's group is computed again from
   * the stored data (the ranks may move); the before and after of the unit's result are audited.
   */
  async answer(actor: Actor, objectionId: string, input: AnswerInput): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const o = await tx.selectFrom('assessment_objections').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', objectionId).executeTakeFirst();
      if (!o) throw notFound('异议');
      const { run, full, manage } = await this.loadRun(actor, o.run_id, tx);
      if (!full) throw notFound('异议');
      if (!manage) throw forbidden('只有考核办法所属单位的督查人员可以答复异议');
      if (o.status !== 'open') throw conflict('该异议已答复');
      const changes = (input.manualScores?.length ?? 0) + (input.adjustments?.length ?? 0);
      if (input.decision === 'rejected' && changes) throw invalid('decision', '不予采纳的异议不能调整分数');
      const def = run.definition as SchemeDefinition;
      const resultOf = () => tx.selectFrom('assessment_results').select(['total', 'rank', 'derivation']).where('tenant_id', '=', actor.tenantId).where('run_id', '=', run.id).where('unit_id', '=', o.unit_id).executeTakeFirstOrThrow();
      const before = await resultOf();
      const now = this.deps.clock.now();
      for (const m of input.manualScores ?? []) {
        const item = items(def).find((i) => i.key === m.itemKey && i.source.kind === 'manual');
        if (!item) throw invalid('manualScores', `没有人工评分项目「${m.itemKey}」`);
        await tx.insertInto('assessment_inputs').values({ tenant_id: actor.tenantId, run_id: run.id, unit_id: o.unit_id, kind: 'override', item_key: m.itemKey, value: m.score, note: '异议复核', objection_id: o.id, entered_by: actor.userId, entered_at: now }).execute();
      }
      for (const a of input.adjustments ?? []) await this.addAdjustment(actor, run.id, { unitId: o.unit_id, ...a }, tx, o.id);
      if (changes) await this.rescore(tx, actor.tenantId, run);
      const after = changes ? await resultOf() : before;
      await tx.updateTable('assessment_objections').set({ status: input.decision, answer: input.answer, answered_by: actor.userId, answered_at: now }).where('tenant_id', '=', actor.tenantId).where('id', '=', o.id).execute();
      await this.deps.audit.record(tx, actor, {
        action: 'assessment.answer',
        entityType: 'assessment_objection',
        entityId: o.id,
        summary: `答复考核异议：${input.decision === 'upheld' ? '予以采纳' : '不予采纳'}${changes ? `，总分 ${before.total} → ${after.total}，排名 ${before.rank} → ${after.rank}` : ''}`,
        before: { total: before.total, rank: before.rank },
        after: { ...input, total: after.total, rank: after.rank },
      });
    });
  }

  /** Open objections on runs the actor answers (the assessment office's to-do). */
  async openObjectionCount(actor: Actor): Promise<number> {
    if (actor.readOnly || !hasRole(actor, 'supervisor')) return 0;
    const r = await this.deps.db
      .selectFrom('assessment_objections as o')
      .innerJoin('assessment_runs as r', (j) => j.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.run_id'))
      .innerJoin('assessment_schemes as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.scheme_id'))
      .select(sql<string>`count(*)`.as('n'))
      .where('o.tenant_id', '=', actor.tenantId)
      .where('o.status', '=', 'open')
      .where((eb) => inScope(scopeForRoles(actor, ['supervisor']), actor.tenantId, eb.ref('s.owner_unit_id')))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
