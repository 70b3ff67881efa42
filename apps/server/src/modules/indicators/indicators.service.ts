import { escapeLike, searchKey } from '@luoshi/shared';
import { sql, type Kysely } from 'kysely';
import { scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import type { DB, IndicatorRow, PeerRow } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { achievement, evaluateFormula, gap, normalizePeriod, parseFormula, PERIOD_HINTS, rank, type Achievement, type Direction, type Frequency, type Gap } from './indicator-rules.ts';

export interface IndicatorDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}

export interface IndicatorInput {
  code: string;
  name: string;
  measure?: string | undefined;
  direction: Direction;
  frequency: Frequency;
  cumulative?: boolean | undefined;
  formula?: string | null | undefined;
  unitId: string;
}

export interface IndicatorFilter extends PageQuery {
  q?: string | undefined;
}

export type IndicatorListRow = IndicatorRow & { unit_name: string };

export interface ValueInput {
  orgUnitId: string;
  period: string;
  value: number;
  note?: string | null | undefined;
}

export interface PeerInput {
  name: string;
  kind: PeerRow['kind'];
  note?: string | null | undefined;
}

export interface PeerValueInput {
  indicatorId: string;
  period: string;
  value: number;
  source: string;
}

/** One indicator's achievement for a unit and year: the target, the year's latest value, the light. */
export interface AchievementRow {
  indicator: IndicatorListRow;
  target: number | null;
  fromDirective: boolean;
  period: string | null;
  value: number | null;
  result: Achievement | null;
}

export interface BenchmarkQuery {
  orgUnitId: string;
  indicatorIds?: string[] | undefined;
  peerIds?: string[] | undefined;
  fromYear: number;
  toYear: number;
}

export interface BenchmarkSeries {
  indicator: IndicatorListRow;
  periods: string[];
  ours: (number | null)[];
  peers: { id: string; name: string; values: (number | null)[]; sources: (string | null)[] }[];
  /** The newest period with our value and at least one peer's. */
  latest: {
    period: string;
    ours: number;
    gaps: ({ peerId: string; name: string; value: number; source: string } & Gap)[];
    ranking: { id: string | null; name: string; value: number; rank: number }[];
  } | null;
}

export interface Benchmark {
  unit: { id: string; name: string };
  peers: { id: string; name: string; kind: PeerRow['kind'] }[];
  fromYear: number;
  toYear: number;
  indicators: BenchmarkSeries[];
}

/** Values by indicator id, then owner (unit or peer) id, then period. */
type Series = Map<string, Map<string, Map<string, number>>>;

function put(series: Series, indicatorId: string, owner: string, period: string, value: number): void {
  let byOwner = series.get(indicatorId);
  if (!byOwner) series.set(indicatorId, (byOwner = new Map()));
  let byPeriod = byOwner.get(owner);
  if (!byPeriod) byOwner.set(owner, (byPeriod = new Map()));
  byPeriod.set(period, value);
}

const yearRange = (from: number, to: number) => [String(from), String(to + 1)] as const;

/**
 * Indicators and benchmarking (issue 13, items 1–2). Definitions and peers are the tenant's
 * catalogue: everyone reads them, supervisors keep them. Values and targets belong to an
 * organisation unit and are read and written inside the caller's data scope: a value by the
 * unit's liaison or a supervisor over it, a target by a supervisor over it. A derived indicator's
 * values are computed from its formula on every read, never stored.
 */
export class IndicatorService {
  constructor(private readonly deps: IndicatorDeps) {}

  private requireSupervisor(actor: Actor, what: string): void {
    if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw forbidden(`只有督查人员可以${what}`);
  }

  private baseQuery(db: Executor, tenantId: string) {
    return db
      .selectFrom('indicators as i')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'i.tenant_id').onRef('u.id', '=', 'i.unit_id'))
      .selectAll('i')
      .select('u.name as unit_name')
      .where('i.tenant_id', '=', tenantId)
      .where('i.deleted_at', 'is', null);
  }

  async list(actor: Actor, filter: IndicatorFilter): Promise<Page<IndicatorListRow>> {
    let q = this.baseQuery(this.deps.db, actor.tenantId);
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      const key = `%${escapeLike(searchKey(filter.q.trim()))}%`;
      q = q.where((eb) => eb.or([eb('i.code', 'ilike', like), eb('i.name', 'ilike', like), eb('i.name', 'ilike', key)]));
    }
    return paginate(q.orderBy('i.code'), q, filter);
  }

  async detail(actor: Actor, id: string, db: Executor = this.deps.db): Promise<IndicatorListRow> {
    const row = await this.baseQuery(db, actor.tenantId).where('i.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('指标');
    return row;
  }

  /** The codes of the live indicators whose formula names `code` (`{CODE}`): what renaming or deleting it would break. */
  private async formulaReaders(db: Executor, tenantId: string, code: string): Promise<string[]> {
    const rows = await db.selectFrom('indicators').select('code').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).where('formula', 'like', `%{${escapeLike(code)}}%`).orderBy('code').execute();
    return rows.map((r) => r.code);
  }

  /** Checks a formula: well formed, naming indicators that exist and are entered, not derived. */
  private async checkFormula(db: Executor, tenantId: string, formula: string, ownCode: string): Promise<void> {
    const parsed = parseFormula(formula);
    if ('error' in parsed) throw invalid('formula', `计算公式有误：${parsed.error}`);
    if (parsed.refs.includes(ownCode)) throw invalid('formula', '计算公式不能引用指标本身');
    const found = await db.selectFrom('indicators').select(['code', 'formula']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).where('code', 'in', parsed.refs).execute();
    const missing = parsed.refs.filter((r) => !found.some((f) => f.code === r));
    if (missing.length) throw invalid('formula', `计算公式引用的指标不存在：${missing.join('、')}`);
    const derived = found.filter((f) => f.formula);
    if (derived.length) throw invalid('formula', `计算公式只能引用直接填报的指标，「${derived.map((d) => d.code).join('、')}」本身由公式计算`);
  }

  private async checkUnit(actor: Actor, unitId: string): Promise<void> {
    const unit = await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).where('active', '=', true).executeTakeFirst();
    if (!unit || !(await unitInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, unitId))) throw invalid('unitId', '报送单位不存在或不在您的督查范围内');
  }

  async create(actor: Actor, input: IndicatorInput): Promise<IndicatorListRow> {
    this.requireSupervisor(actor, '定义指标');
    await this.checkUnit(actor, input.unitId);
    return this.deps.db.transaction().execute(async (tx) => {
      const taken = await tx.selectFrom('indicators').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', input.code).where('deleted_at', 'is', null).executeTakeFirst();
      if (taken) throw invalid('code', `指标编码「${input.code}」已被使用`);
      if (input.formula) await this.checkFormula(tx, actor.tenantId, input.formula, input.code);
      const now = this.deps.clock.now();
      const row = await tx
        .insertInto('indicators')
        .values({ tenant_id: actor.tenantId, code: input.code, name: input.name, measure: input.measure ?? '', direction: input.direction, frequency: input.frequency, cumulative: input.cumulative ?? false, formula: input.formula || null, unit_id: input.unitId, created_by: actor.userId || null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'indicator.create', entityType: 'indicator', entityId: row.id, summary: `定义指标 ${input.code} ${input.name}`, after: input });
      return this.detail(actor, row.id, tx);
    });
  }

  async update(actor: Actor, id: string, patch: Partial<IndicatorInput>): Promise<IndicatorListRow> {
    this.requireSupervisor(actor, '修改指标');
    const before = await this.detail(actor, id);
    if (patch.unitId) await this.checkUnit(actor, patch.unitId);
    return this.deps.db.transaction().execute(async (tx) => {
      const code = patch.code ?? before.code;
      if (patch.code && patch.code !== before.code) {
        const taken = await tx.selectFrom('indicators').select('id').where('tenant_id', '=', actor.tenantId).where('code', '=', patch.code).where('deleted_at', 'is', null).executeTakeFirst();
        if (taken) throw invalid('code', `指标编码「${patch.code}」已被使用`);
        const users = await this.formulaReaders(tx, actor.tenantId, before.code);
        if (users.length) throw invalid('code', `指标「${users.join('、')}」的公式引用了编码「${before.code}」，不能改编码`);
      }
      if (patch.formula) await this.checkFormula(tx, actor.tenantId, patch.formula, code);
      const v: Record<string, unknown> = { updated_at: this.deps.clock.now() };
      if (patch.code !== undefined) v.code = patch.code;
      if (patch.name !== undefined) v.name = patch.name;
      if (patch.measure !== undefined) v.measure = patch.measure;
      if (patch.direction !== undefined) v.direction = patch.direction;
      if (patch.frequency !== undefined) v.frequency = patch.frequency;
      if (patch.cumulative !== undefined) v.cumulative = patch.cumulative;
      if (patch.formula !== undefined) v.formula = patch.formula || null;
      if (patch.unitId !== undefined) v.unit_id = patch.unitId;
      if (patch.frequency !== undefined && patch.frequency !== before.frequency) {
        const has = await tx.selectFrom('indicator_values').select('period').where('tenant_id', '=', actor.tenantId).where('indicator_id', '=', id).limit(1).executeTakeFirst();
        if (has) throw invalid('frequency', '指标已有填报数据，不能改变填报频次');
      }
      await tx.updateTable('indicators').set(v).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'indicator.update', entityType: 'indicator', entityId: id, summary: `修改指标 ${code}`, before, after: patch });
      return this.detail(actor, id, tx);
    });
  }

  /** The unit's name when it lies in the caller's read scope; 404 otherwise (existence never leaks). */
  async visibleUnit(actor: Actor, unitId: string, db: Executor = this.deps.db): Promise<{ id: string; name: string }> {
    const unit = await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).executeTakeFirst();
    if (!unit || !(await unitInScope(db, actor.scope, actor.tenantId, unitId))) throw notFound('单位');
    return unit;
  }

  /** Throws unless the caller may enter values for the unit (its liaison, or a supervisor over it). */
  async requireValueWriter(actor: Actor, unitId: string, db: Executor = this.deps.db): Promise<void> {
    await this.visibleUnit(actor, unitId, db);
    if (actor.readOnly || !(await unitInScope(db, scopeForRoles(actor, ['supervisor', 'liaison']), actor.tenantId, unitId))) throw forbidden('只有本单位联络员或督查人员可以填报指标数据');
  }

  /** The period a value is for, in the indicator's frequency; a field error naming the format otherwise. */
  period(indicator: Pick<IndicatorRow, 'frequency' | 'name'>, text: string): string {
    const period = normalizePeriod(text, indicator.frequency);
    if (!period) throw invalid('period', `「${indicator.name}」的期间应写作 ${PERIOD_HINTS[indicator.frequency]}`);
    return period;
  }

  /** Enters or corrects one value (a derived indicator is computed, not entered). */
  async putValue(actor: Actor, indicatorId: string, input: ValueInput): Promise<{ period: string; value: number }> {
    const indicator = await this.detail(actor, indicatorId);
    await this.requireValueWriter(actor, input.orgUnitId);
    if (indicator.formula) throw invalid('value', `「${indicator.name}」由公式计算，不能直接填报`);
    const period = this.period(indicator, input.period);
    return this.deps.db.transaction().execute(async (tx) => {
      await this.writeValues(tx, actor, [{ indicatorId, orgUnitId: input.orgUnitId, period, value: input.value, note: input.note ?? null }]);
      await this.deps.audit.record(tx, actor, { action: 'indicator.value', entityType: 'indicator', entityId: indicatorId, summary: `填报指标 ${indicator.code} ${period} 数值 ${input.value}`, after: { ...input, period } });
      return { period, value: input.value };
    });
  }

  /** Upserts checked values inside the caller's transaction. */
  async writeValues(tx: Executor, actor: Actor, rows: { indicatorId: string; orgUnitId: string; period: string; value: number; note: string | null }[]): Promise<void> {
    const now = this.deps.clock.now();
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('indicator_values')
        .values(rows.slice(i, i + 500).map((r) => ({ tenant_id: actor.tenantId, indicator_id: r.indicatorId, org_unit_id: r.orgUnitId, period: r.period, value: r.value, note: r.note, entered_by: actor.userId || null, entered_at: now })))
        .onConflict((oc) => oc.columns(['tenant_id', 'indicator_id', 'org_unit_id', 'period']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), note: eb.ref('excluded.note'), entered_by: eb.ref('excluded.entered_by'), entered_at: eb.ref('excluded.entered_at') })))
        .execute();
    }
  }

  /** Sets a unit's target for a year (a supervisor over the unit). */
  async putTarget(actor: Actor, indicatorId: string, input: { orgUnitId: string; year: number; target: number }, directiveTargetId: string | null = null): Promise<{ year: number; target: number }> {
    const indicator = await this.detail(actor, indicatorId);
    await this.visibleUnit(actor, input.orgUnitId);
    if (actor.readOnly || !(await unitInScope(this.deps.db, scopeForRoles(actor, ['supervisor']), actor.tenantId, input.orgUnitId))) throw forbidden('只有督查人员可以设定指标目标');
    return this.deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('indicator_targets')
        .values({ tenant_id: actor.tenantId, indicator_id: indicatorId, org_unit_id: input.orgUnitId, year: input.year, target: input.target, directive_target_id: directiveTargetId, set_by: actor.userId || null, set_at: this.deps.clock.now() })
        .onConflict((oc) => oc.columns(['tenant_id', 'indicator_id', 'org_unit_id', 'year']).doUpdateSet((eb) => ({ target: eb.ref('excluded.target'), directive_target_id: eb.ref('excluded.directive_target_id'), set_by: eb.ref('excluded.set_by'), set_at: eb.ref('excluded.set_at') })))
        .execute();
      await this.deps.audit.record(tx, actor, {
        action: 'indicator.target',
        entityType: 'indicator',
        entityId: indicatorId,
        summary: `设定指标 ${indicator.code} ${input.year} 年目标 ${input.target}${directiveTargetId ? '（取自文件目标）' : ''}`,
        after: { ...input, directiveTargetId },
      });
      return { year: input.year, target: input.target };
    });
  }

  /**
   * A target the directive parser found becomes the indicator's target in one step: its value is
   * taken as it stands, for the unit and year chosen. The directive must be visible to the caller.
   */
  async targetFromDirective(actor: Actor, input: { directiveTargetId: string; indicatorId: string; orgUnitId: string; year: number }): Promise<{ year: number; target: number; indicatorId: string }> {
    const found = await this.deps.db
      .selectFrom('directive_targets as t')
      .innerJoin('directives as d', (j) => j.onRef('d.tenant_id', '=', 't.tenant_id').onRef('d.id', '=', 't.directive_id'))
      .select(['t.value', 't.unit', 't.subject', 'd.unit_id'])
      .where('t.tenant_id', '=', actor.tenantId)
      .where('t.id', '=', input.directiveTargetId)
      .where('d.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!found || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, found.unit_id))) throw notFound('文件目标');
    const r = await this.putTarget(actor, input.indicatorId, { orgUnitId: input.orgUnitId, year: input.year, target: found.value }, input.directiveTargetId);
    return { ...r, indicatorId: input.indicatorId };
  }

  /**
   * Values of the given indicators for the owners (units or peers) between two years, derived
   * indicators computed from their formulas owner by owner and period by period.
   */
  private async series(tenantId: string, indicators: Pick<IndicatorRow, 'id' | 'code' | 'formula'>[], owners: { units: string[] } | { peers: string[] }, fromYear: number, toYear: number): Promise<{ values: Series; sources: Map<string, string> }> {
    const values: Series = new Map();
    const sources = new Map<string, string>();
    const ownerIds = 'units' in owners ? owners.units : owners.peers;
    if (ownerIds.length === 0 || indicators.length === 0) return { values, sources };
    const parsed = new Map(indicators.filter((i) => i.formula).map((i) => [i.id, parseFormula(i.formula!)] as const));
    const refCodes = [...new Set([...parsed.values()].flatMap((p) => ('refs' in p ? p.refs : [])))];
    const refs = refCodes.length ? await this.deps.db.selectFrom('indicators').select(['id', 'code']).where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).where('code', 'in', refCodes).execute() : [];
    const ids = [...new Set([...indicators.filter((i) => !i.formula).map((i) => i.id), ...refs.map((r) => r.id)])];
    const [from, to] = yearRange(fromYear, toYear);
    if (ids.length) {
      // One row per indicator and owner with its periods as arrays: a benchmark of 20 indicators,
      // 10 peers and 5 years of quarters is 200 rows rather than 4,000 (PGlite pays per row).
      if ('units' in owners) {
        const rows = await sql<{ indicator_id: string; owner: string; periods: string[]; vals: number[] }>`
          SELECT indicator_id, org_unit_id AS owner, array_agg(period) AS periods, array_agg(value) AS vals
          FROM indicator_values
          WHERE tenant_id = ${tenantId} AND indicator_id = ANY(${ids}::uuid[]) AND org_unit_id = ANY(${ownerIds}::uuid[]) AND period >= ${from} AND period < ${to}
          GROUP BY indicator_id, org_unit_id`.execute(this.deps.db);
        for (const r of rows.rows) r.periods.forEach((period, i) => put(values, r.indicator_id, r.owner, period, Number(r.vals[i])));
      } else {
        const rows = await sql<{ indicator_id: string; owner: string; periods: string[]; vals: number[]; sources: string[] }>`
          SELECT indicator_id, peer_id AS owner, array_agg(period) AS periods, array_agg(value) AS vals, array_agg(source) AS sources
          FROM peer_values
          WHERE tenant_id = ${tenantId} AND indicator_id = ANY(${ids}::uuid[]) AND peer_id = ANY(${ownerIds}::uuid[]) AND period >= ${from} AND period < ${to}
          GROUP BY indicator_id, peer_id`.execute(this.deps.db);
        for (const r of rows.rows) {
          r.periods.forEach((period, i) => {
            put(values, r.indicator_id, r.owner, period, Number(r.vals[i]));
            sources.set(`${r.indicator_id}|${r.owner}|${period}`, r.sources[i]!);
          });
        }
      }
    }
    const idByCode = new Map(refs.map((r) => [r.code, r.id]));
    for (const [id, p] of parsed) {
      if ('error' in p) continue;
      const first = values.get(idByCode.get(p.refs[0]!) ?? '');
      for (const owner of ownerIds) {
        for (const period of first?.get(owner)?.keys() ?? []) {
          const inputs = new Map<string, number>();
          for (const code of p.refs) {
            const v = values.get(idByCode.get(code) ?? '')?.get(owner)?.get(period);
            if (v !== undefined) inputs.set(code, v);
          }
          const v = evaluateFormula(p.node, inputs);
          if (v !== null && Number.isFinite(v)) {
            put(values, id, owner, period, v);
            if (!('units' in owners)) sources.set(`${id}|${owner}|${period}`, '按公式计算');
          }
        }
      }
    }
    return { values, sources };
  }

  /** An indicator's values for a unit in scope, periods in order (a derived one computed). */
  async values(actor: Actor, indicatorId: string, q: { orgUnitId: string; fromYear: number; toYear: number }): Promise<{ unit: { id: string; name: string }; values: { period: string; value: number; note: string | null }[]; targets: { year: number; target: number; fromDirective: boolean }[] }> {
    const indicator = await this.detail(actor, indicatorId);
    const unit = await this.visibleUnit(actor, q.orgUnitId);
    const { values } = await this.series(actor.tenantId, [indicator], { units: [q.orgUnitId] }, q.fromYear, q.toYear);
    const notes = indicator.formula
      ? new Map<string, string | null>()
      : new Map((await this.deps.db.selectFrom('indicator_values').select(['period', 'note']).where('tenant_id', '=', actor.tenantId).where('indicator_id', '=', indicatorId).where('org_unit_id', '=', q.orgUnitId).execute()).map((r) => [r.period, r.note]));
    const byPeriod = values.get(indicatorId)?.get(q.orgUnitId) ?? new Map<string, number>();
    const targets = await this.deps.db.selectFrom('indicator_targets').select(['year', 'target', 'directive_target_id']).where('tenant_id', '=', actor.tenantId).where('indicator_id', '=', indicatorId).where('org_unit_id', '=', q.orgUnitId).where('year', '>=', q.fromYear).where('year', '<=', q.toYear).orderBy('year').execute();
    return {
      unit,
      values: [...byPeriod].sort(([a], [b]) => a.localeCompare(b)).map(([period, value]) => ({ period, value, note: notes.get(period) ?? null })),
      targets: targets.map((t) => ({ year: t.year, target: t.target, fromDirective: t.directive_target_id !== null })),
    };
  }

  /** Every indicator's achievement for a unit in scope and a year: target, latest value of the year, light. */
  async achievement(actor: Actor, q: { orgUnitId: string; year: number }): Promise<{ unit: { id: string; name: string }; year: number; rows: AchievementRow[] }> {
    const unit = await this.visibleUnit(actor, q.orgUnitId);
    const indicators = await this.baseQuery(this.deps.db, actor.tenantId).orderBy('i.code').execute();
    const { values } = await this.series(actor.tenantId, indicators, { units: [q.orgUnitId] }, q.year, q.year);
    const targets = new Map(
      (await this.deps.db.selectFrom('indicator_targets').select(['indicator_id', 'target', 'directive_target_id']).where('tenant_id', '=', actor.tenantId).where('org_unit_id', '=', q.orgUnitId).where('year', '=', q.year).execute()).map((t) => [t.indicator_id, t]),
    );
    const rows = indicators.map((indicator): AchievementRow => {
      const byPeriod = values.get(indicator.id)?.get(q.orgUnitId);
      const period = byPeriod ? [...byPeriod.keys()].sort().at(-1) ?? null : null;
      const value = period ? byPeriod!.get(period)! : null;
      const t = targets.get(indicator.id);
      return { indicator, target: t?.target ?? null, fromDirective: !!t?.directive_target_id, period, value, result: t && period && value !== null ? achievement(indicator, t.target, value, period) : null };
    });
    return { unit, year: q.year, rows };
  }

  // ---- Peers

  async peers(actor: Actor): Promise<PeerRow[]> {
    return this.deps.db.selectFrom('peers').selectAll().where('tenant_id', '=', actor.tenantId).where('deleted_at', 'is', null).orderBy('name').execute();
  }

  private async peer(actor: Actor, id: string): Promise<PeerRow> {
    const row = await this.deps.db.selectFrom('peers').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound('对标对象');
    return row;
  }

  async createPeer(actor: Actor, input: PeerInput): Promise<PeerRow> {
    this.requireSupervisor(actor, '登记对标对象');
    return this.deps.db.transaction().execute(async (tx) => {
      const taken = await tx.selectFrom('peers').select('id').where('tenant_id', '=', actor.tenantId).where('name', '=', input.name).where('deleted_at', 'is', null).executeTakeFirst();
      if (taken) throw invalid('name', `对标对象「${input.name}」已登记`);
      const row = await tx.insertInto('peers').values({ tenant_id: actor.tenantId, name: input.name, kind: input.kind, note: input.note || null, created_at: this.deps.clock.now() }).returningAll().executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'peer.create', entityType: 'peer', entityId: row.id, summary: `登记对标对象 ${input.name}`, after: input });
      return row;
    });
  }

  async updatePeer(actor: Actor, id: string, patch: Partial<PeerInput>): Promise<PeerRow> {
    this.requireSupervisor(actor, '修改对标对象');
    const before = await this.peer(actor, id);
    return this.deps.db.transaction().execute(async (tx) => {
      if (patch.name && patch.name !== before.name) {
        const taken = await tx.selectFrom('peers').select('id').where('tenant_id', '=', actor.tenantId).where('name', '=', patch.name).where('deleted_at', 'is', null).executeTakeFirst();
        if (taken) throw invalid('name', `对标对象「${patch.name}」已登记`);
      }
      const row = await tx
        .updateTable('peers')
        .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.kind !== undefined ? { kind: patch.kind } : {}), ...(patch.note !== undefined ? { note: patch.note || null } : {}) })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'peer.update', entityType: 'peer', entityId: id, summary: `修改对标对象 ${row.name}`, before, after: patch });
      return row;
    });
  }

  /**
   * Deletes an indicator (a supervisor), unless something still reads it: another indicator's
   * formula, or an assessment scheme's item (a field-named error says which). Its values and targets
   * are kept with it (soft delete); the code is free again for a new indicator.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    this.requireSupervisor(actor, '删除指标');
    const before = await this.detail(actor, id);
    await this.deps.db.transaction().execute(async (tx) => {
      const users = await this.formulaReaders(tx, actor.tenantId, before.code);
      if (users.length) throw conflict(`指标「${users.join('、')}」的公式引用了「${before.code} ${before.name}」，请先修改这些公式`);
      const schemes = await sql<{ year: number; name: string }>`
        SELECT year, name FROM assessment_schemes
        WHERE tenant_id = ${actor.tenantId}::uuid AND jsonb_path_exists(definition, '$.** ? (@.indicatorId == $id)', jsonb_build_object('id', ${id}::text))
        ORDER BY year DESC, name`.execute(tx);
      if (schemes.rows.length) throw conflict(`考核办法「${schemes.rows.map((r) => `${r.year}年${r.name}`).join('、')}」的考核项使用了该指标，不能删除`);
      await tx.updateTable('indicators').set({ deleted_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'indicator.delete', entityType: 'indicator', entityId: id, summary: `删除指标 ${before.code} ${before.name}`, before });
    });
  }

  /**
   * Deletes a peer (a supervisor): it leaves the benchmarking view, the peer list and the imports;
   * its figures are kept with it (soft delete), so the audit trail still reads.
   */
  async deletePeer(actor: Actor, id: string): Promise<void> {
    this.requireSupervisor(actor, '删除对标对象');
    const before = await this.peer(actor, id);
    await this.deps.db.transaction().execute(async (tx) => {
      const figures = await tx.selectFrom('peer_values').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', actor.tenantId).where('peer_id', '=', id).executeTakeFirstOrThrow();
      await tx.updateTable('peers').set({ deleted_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'peer.delete', entityType: 'peer', entityId: id, summary: `删除对标对象 ${before.name}（${Number(figures.n)} 个数据一并停用）`, before });
    });
  }

  /** Enters or corrects a peer's value, with its source (a supervisor). */
  async putPeerValue(actor: Actor, peerId: string, input: PeerValueInput): Promise<{ period: string; value: number; source: string }> {
    this.requireSupervisor(actor, '填报对标数据');
    const peer = await this.peer(actor, peerId);
    const indicator = await this.detail(actor, input.indicatorId);
    if (indicator.formula) throw invalid('value', `「${indicator.name}」由公式计算，不能直接填报`);
    const period = this.period(indicator, input.period);
    return this.deps.db.transaction().execute(async (tx) => {
      await this.writePeerValues(tx, actor, [{ peerId, indicatorId: indicator.id, period, value: input.value, source: input.source }]);
      await this.deps.audit.record(tx, actor, { action: 'peer.value', entityType: 'peer', entityId: peerId, summary: `填报 ${peer.name} 指标 ${indicator.code} ${period} 数值 ${input.value}（来源：${input.source}）`, after: { ...input, period } });
      return { period, value: input.value, source: input.source };
    });
  }

  async writePeerValues(tx: Executor, actor: Actor, rows: { peerId: string; indicatorId: string; period: string; value: number; source: string }[]): Promise<void> {
    const now = this.deps.clock.now();
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('peer_values')
        .values(rows.slice(i, i + 500).map((r) => ({ tenant_id: actor.tenantId, peer_id: r.peerId, indicator_id: r.indicatorId, period: r.period, value: r.value, source: r.source, entered_by: actor.userId || null, entered_at: now })))
        .onConflict((oc) => oc.columns(['tenant_id', 'indicator_id', 'peer_id', 'period']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), source: eb.ref('excluded.source'), entered_by: eb.ref('excluded.entered_by'), entered_at: eb.ref('excluded.entered_at') })))
        .execute();
    }
  }

  /**
   * The benchmarking view: for each indicator, our unit's values and each peer's over the years
   * asked, and at the newest period both have, the gap to each peer (absolute and relative, with
   * who is ahead by the indicator's direction) and the ranking of us among the peers.
   */
  async benchmark(actor: Actor, q: BenchmarkQuery): Promise<Benchmark> {
    if (q.toYear < q.fromYear) throw invalid('toYear', '结束年份不能早于起始年份');
    if (q.toYear - q.fromYear > 20) throw invalid('toYear', '一次最多对比 20 年');
    let iq = this.baseQuery(this.deps.db, actor.tenantId).orderBy('i.code');
    if (q.indicatorIds?.length) iq = iq.where('i.id', 'in', q.indicatorIds);
    let pq = this.deps.db.selectFrom('peers').select(['id', 'name', 'kind']).where('tenant_id', '=', actor.tenantId).where('deleted_at', 'is', null).orderBy('name');
    if (q.peerIds?.length) pq = pq.where('id', 'in', q.peerIds);
    // Independent reads, side by side on a server's pool (one after another on PGlite).
    const [unit, indicators, peers] = await Promise.all([this.visibleUnit(actor, q.orgUnitId), iq.execute(), pq.execute()]);
    const [ours, theirs] = await Promise.all([
      this.series(actor.tenantId, indicators, { units: [q.orgUnitId] }, q.fromYear, q.toYear),
      this.series(actor.tenantId, indicators, { peers: peers.map((p) => p.id) }, q.fromYear, q.toYear),
    ]);
    const series = indicators.map((indicator): BenchmarkSeries => {
      const mine = ours.values.get(indicator.id)?.get(q.orgUnitId) ?? new Map<string, number>();
      const others = theirs.values.get(indicator.id) ?? new Map<string, Map<string, number>>();
      const periods = [...new Set([...mine.keys(), ...[...others.values()].flatMap((m) => [...m.keys()])])].sort();
      const peerRows = peers.map((p) => ({
        id: p.id,
        name: p.name,
        values: periods.map((per) => others.get(p.id)?.get(per) ?? null),
        sources: periods.map((per) => theirs.sources.get(`${indicator.id}|${p.id}|${per}`) ?? null),
      }));
      const latestPeriod = [...periods].reverse().find((per) => mine.has(per) && peers.some((p) => others.get(p.id)?.has(per)));
      let latest: BenchmarkSeries['latest'] = null;
      if (latestPeriod) {
        const v = mine.get(latestPeriod)!;
        const gaps = peers.flatMap((p) => {
          const pv = others.get(p.id)?.get(latestPeriod);
          return pv === undefined ? [] : [{ peerId: p.id, name: p.name, value: pv, source: theirs.sources.get(`${indicator.id}|${p.id}|${latestPeriod}`) ?? '', ...gap(indicator.direction, v, pv) }];
        });
        const ranking = rank(indicator.direction, [{ id: null as string | null, name: unit.name, value: v }, ...gaps.map((g) => ({ id: g.peerId as string | null, name: g.name, value: g.value }))]);
        latest = { period: latestPeriod, ours: v, gaps, ranking };
      }
      return { indicator, periods, ours: periods.map((per) => mine.get(per) ?? null), peers: peerRows, latest };
    });
    return { unit, peers, fromYear: q.fromYear, toYear: q.toYear, indicators: series };
  }
}

/** The demo and the import name units by their full or short name; this finds them in one query. */
export async function unitsByName(db: Executor, tenantId: string, names: string[]): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  if (names.length === 0) return byName;
  const units = await db.selectFrom('org_units as u').select(['u.id', 'u.name', 'u.short_name']).where('u.tenant_id', '=', tenantId).where('u.active', '=', true).where((eb) => eb.or([eb('u.name', 'in', names), eb('u.short_name', 'in', names)])).execute();
  for (const u of units) for (const n of new Set([u.name, u.short_name].filter(Boolean) as string[])) byName.set(n, [...(byName.get(n) ?? []), u.id]);
  return byName;
}
