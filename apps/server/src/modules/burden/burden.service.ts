import type { Kysely } from 'kysely';
import { hasRole, scopeForRoles, unitInScope, unitsInScope, type Actor } from '../../access/index.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { reportAnchor } from '../../supervision/light.service.ts';
import type { ReportCycle } from '../../supervision/rules/periods.ts';
import { shanghaiDate, type WorkCalendar } from '../../supervision/rules/working-days.ts';
import { previousMonth, reportDueDate } from '../projects/project-rules.ts';
import { countByUnit, findDuplicates, indicatorPeriodAsked, monthBounds, monthPeriods, owedPeriods, periodKeysOfMonth, requestFacts, sameTextKeys, type BurdenCounts, type BurdenRequest, type DuplicatePair } from './burden-rules.ts';
import * as repo from './burden.repository.ts';

/** Who reads the burden: everyone over units but deputies, each within the scope of those roles. */
const READ_ROLES = ['admin', 'supervisor', 'leader', 'liaison', 'viewer'] as const;

export interface BurdenDeps {
  db: Kysely<DB>;
  clock: Clock;
  calendar: WorkCalendar;
  settings: { projectReportDay: number };
}

export interface BurdenQuery {
  month?: string | undefined;
  unitId?: string | undefined;
}

export interface UnitRef {
  id: string;
  name: string;
}

export interface BurdenOverview {
  month: string;
  /** With the unit above it when that one is in the caller's scope (the page goes back up to it). */
  unit: UnitRef & { parentId: string | null };
  rows: (BurdenCounts & { unit: UnitRef })[];
  totals: BurdenCounts;
  /** Every unit's duplicate pairs (the export lists them). */
  pairs: DuplicatePair[];
}

export interface UnitBurden {
  month: string;
  unit: UnitRef;
  counts: BurdenCounts;
  requests: BurdenRequest[];
  pairs: DuplicatePair[];
}

const EMPTY = (): BurdenCounts => ({ requested: 0, filed: 0, duplicates: 0, byModule: {}, byKind: {} });

/**
 * The reporting burden (填报负担, issue 12 item 5): what each unit was asked to fill in within a
 * month across the modules — task progress reports of every module by the task's report rhythm,
 * key projects' monthly reports, indicator values the unit reports, suggestion answers due, and
 * the rhythm's occurrences — and the pairs asking a unit for the same fact twice. A read view.
 */
export class BurdenService {
  constructor(private readonly deps: BurdenDeps) {}

  /**
   * The unit and each unit directly below it (in the caller's scope) with requests in the month,
   * each row the unit's own requests; the page goes down a level from a row. A level at a time,
   * so a province's office reads its own and its cities' rows, not 10,000 units' requests.
   */
  async overview(actor: Actor, q: BurdenQuery): Promise<BurdenOverview> {
    const { month, unit, scopeAll } = await this.target(actor, q);
    let requests = await this.requests(actor.tenantId, unit.id, month, true);
    if (!scopeAll) {
      const visible = await unitsInScope(this.deps.db, scopeForRoles(actor, READ_ROLES), actor.tenantId, requests.map((r) => r.unitId));
      requests = requests.filter((r) => visible.has(r.unitId));
    }
    const pairs = findDuplicates(requests);
    const counts = countByUnit(requests, pairs);
    const units = await repo.unitNames(this.deps.db, actor.tenantId, [...counts.keys()]);
    const rows = units.map((u) => ({ unit: { id: u.id, name: u.name }, ...counts.get(u.id)! }));
    const totals = EMPTY();
    for (const r of rows) {
      totals.requested += r.requested;
      totals.filed += r.filed;
      totals.duplicates += r.duplicates;
      for (const [k, v] of Object.entries(r.byModule)) {
        const t = (totals.byModule[k] ??= { requested: 0, filed: 0 });
        t.requested += v.requested;
        t.filed += v.filed;
      }
      for (const [k, v] of Object.entries(r.byKind)) {
        const t = (totals.byKind[k] ??= { requested: 0, filed: 0 });
        t.requested += v.requested;
        t.filed += v.filed;
      }
    }
    const parent = await this.deps.db.selectFrom('org_units').select('parent_id').where('tenant_id', '=', actor.tenantId).where('id', '=', unit.id).executeTakeFirst();
    const up = parent?.parent_id && (scopeAll || (await unitInScope(this.deps.db, scopeForRoles(actor, READ_ROLES), actor.tenantId, parent.parent_id))) ? parent.parent_id : null;
    return { month, unit: { ...unit, parentId: up }, rows, totals, pairs };
  }

  /** One unit's own requests of the month, with its duplicate pairs. */
  async unitRequests(actor: Actor, q: BurdenQuery): Promise<UnitBurden> {
    const { month, unit } = await this.target(actor, q);
    const requests = await this.requests(actor.tenantId, unit.id, month, false);
    const pairs = findDuplicates(requests);
    return { month, unit, counts: countByUnit(requests, pairs).get(unit.id) ?? EMPTY(), requests, pairs };
  }

  /** The month (default: this month) and unit (default: the caller's own), checked against the caller's roles and scope. */
  private async target(actor: Actor, q: BurdenQuery): Promise<{ month: string; unit: UnitRef; scopeAll: boolean }> {
    if (!hasRole(actor, ...READ_ROLES)) throw new AppError('FORBIDDEN', '无权查看填报负担');
    const month = q.month ?? shanghaiDate(this.deps.clock.now()).slice(0, 7);
    const unitId = q.unitId ?? actor.orgUnitId;
    const scope = scopeForRoles(actor, READ_ROLES);
    const unit = await this.deps.db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).executeTakeFirst();
    if (!unit || !(await unitInScope(this.deps.db, scope, actor.tenantId, unitId))) throw new AppError('NOT_FOUND', '单位不存在或不在您的数据范围内');
    return { month, unit, scopeAll: scope.all };
  }

  /** Every request of the month to the unit, or to it and each unit directly below it. */
  async requests(tenantId: string, unitId: string, month: string, children: boolean): Promise<BurdenRequest[]> {
    const { db, calendar } = this.deps;
    const w: repo.Where = { tenantId, unitId, children, ...monthBounds(month) };
    const projectPeriod = previousMonth(month);
    const indicatorPeriods = (['month', 'quarter', 'year'] as const).map((f) => indicatorPeriodAsked(f, month)).filter((p): p is string => p !== null);
    const [tasks, projects, indicators, answers, materials] = await Promise.all([
      repo.taskSources(db, w, periodKeysOfMonth(month)),
      repo.projectSources(db, w, projectPeriod),
      repo.indicatorSources(db, w, indicatorPeriods),
      repo.answerSources(db, w),
      repo.materialSources(db, w),
    ]);
    const out: BurdenRequest[] = [];
    // A month's periods depend on the cycle and due day only (and a biweekly task's start): worked out once for each.
    const periodsOf = new Map<string, ReturnType<typeof monthPeriods>>();
    const owed = tasks.map((t) => {
      const anchor = reportAnchor(t);
      const key = `${t.report_cycle}|${t.report_due_day}|${t.report_cycle === 'biweekly' ? anchor : ''}`;
      let periods = periodsOf.get(key);
      if (!periods) periodsOf.set(key, (periods = monthPeriods(t.report_cycle as ReportCycle, t.report_due_day, anchor, month, calendar)));
      return { t, periods: owedPeriods(periods, anchor, t.closed_at ? shanghaiDate(new Date(t.closed_at)) : null) };
    });
    const taskKeys = sameTextKeys(tasks.map((t) => t.title));
    owed.forEach(({ t, periods }, i) => {
      for (const p of periods) {
        const r = { kind: 'progress' as const, recordId: t.id, title: t.title, period: p.key, projectIds: t.project_ids, titleKey: taskKeys[i]! };
        out.push({ key: `progress:${t.id}:${p.key}`, unitId: t.owner_unit_id, module: t.module, kind: 'progress', recordId: t.id, title: t.title, period: p.key, due: p.due, filed: t.filed_periods.includes(p.key), origin: `task:${t.root_id}`, facts: requestFacts(r) });
      }
    });
    const projectDue = reportDueDate(projectPeriod, this.deps.settings.projectReportDay);
    for (const p of projects) {
      if (projectPeriod < p.first_period) continue;
      out.push({ key: `project_report:${p.id}:${projectPeriod}`, unitId: p.lead_unit_id, module: 'project', kind: 'project_report', recordId: p.id, title: p.name, period: projectPeriod, due: projectDue, filed: p.filed, origin: `project:${p.id}`, facts: requestFacts({ kind: 'project_report', recordId: p.id, title: p.name, period: projectPeriod }) });
    }
    const indicatorKeys = sameTextKeys(indicators.map((i) => i.name));
    indicators.forEach((i, n) => {
      const period = indicatorPeriodAsked(i.frequency, month);
      if (!period) return;
      out.push({ key: `indicator_value:${i.id}:${period}`, unitId: i.unit_id, module: 'indicator', kind: 'indicator_value', recordId: i.id, title: i.name, period, due: w.end, filed: i.filed_periods.includes(period), origin: `indicator:${i.id}`, facts: requestFacts({ kind: 'indicator_value', recordId: i.id, title: i.name, period, code: i.code, titleKey: indicatorKeys[n]! }) });
    });
    for (const a of answers) {
      out.push({ key: `answer:${a.id}:${a.round}`, unitId: a.main_unit_id, module: 'suggestion', kind: 'answer', recordId: a.id, title: a.title, period: `第${a.round}轮`, due: a.deadline, filed: a.answered, origin: `suggestion:${a.id}`, facts: requestFacts({ kind: 'answer', recordId: a.id, title: a.title, period: '' }) });
    }
    for (const m of materials) {
      out.push({ key: `material:${m.id}:${m.period_key}`, unitId: m.owner_unit_id, module: 'rhythm', kind: 'material', recordId: m.id, title: m.name, period: m.period_key, due: m.due_on, filed: m.done, origin: `occurrence:${m.id}`, facts: requestFacts({ kind: 'material', recordId: m.id, title: m.name, period: m.period_key }) });
    }
    return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : 1));
  }
}
