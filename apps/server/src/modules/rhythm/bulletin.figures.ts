import { sql, type Kysely } from 'kysely';
import { inScope, type Actor } from '../../access/index.ts';
import type { DB } from '../../db/schema.ts';
import { addCalendarDays } from '../../supervision/rules/working-days.ts';
import { periodLabel } from './cadence-rules.ts';
import type { BulletinBody, BulletinFigures } from '@luoshi/shared';

export type { BulletinBody, BulletinFigures, RankedUnit } from '@luoshi/shared';

const num = (v: unknown) => Number(v ?? 0);
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
const OPEN = sql`('draft', 'completed', 'cancelled')`;

/**
 * The bulletin's figures for a period over the scope unit's subtree (and the caller's scope), in
 * four aggregated statements: tasks, rectification problems and project investment per child
 * unit of the scope (each counting its whole subtree through org_closure), and the red items.
 * Tasks finished on time: completed within the period on or before their deadline; overdue: open
 * at the count day past their deadline; rectified: a problem found by the period's end that is
 * closed or awaiting verification; investment: the year's reports up to the period's last month
 * against the year's plan.
 */
export async function bulletinFigures(db: Kysely<DB>, actor: Actor, input: { period: string; start: string; end: string; scopeUnitId: string; today: string; unitIds?: string[] | undefined }): Promise<BulletinFigures> {
  const t = actor.tenantId;
  const { start, end } = input;
  const asOf = input.today < end ? input.today : end;
  const after = addCalendarDays(end, 1);
  const year = Number(end.slice(0, 4));
  const lastMonth = end.slice(0, 7);
  const scoped = (col: string) => inScope(actor.scope, t, sql.ref(col));
  // The units counted: the scope unit's active children, or the units named (an assessment's group, wherever they sit).
  const children = input.unitIds ? sql`SELECT unnest(${input.unitIds}::uuid[])` : sql`SELECT c.id FROM org_units c WHERE c.tenant_id = ${t} AND c.parent_id = ${input.scopeUnitId} AND c.active`;
  const [scopeUnit, units, tasks, problems, projects, red] = await Promise.all([
    db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', t).where('id', '=', input.scopeUnitId).executeTakeFirstOrThrow(),
    input.unitIds
      ? db.selectFrom('org_units').select(['id', 'name', 'sort_order']).where('tenant_id', '=', t).where('id', 'in', input.unitIds.length ? input.unitIds : ['00000000-0000-0000-0000-000000000000']).orderBy('sort_order').orderBy('code').execute()
      : db.selectFrom('org_units').select(['id', 'name', 'sort_order']).where('tenant_id', '=', t).where('parent_id', '=', input.scopeUnitId).where('active', '=', true).orderBy('sort_order').orderBy('code').execute(),
    sql<{ unit_id: string; assigned: string; completed: string; on_time: string; overdue: string; red: string }>`
      SELECT oc.ancestor_id AS unit_id,
        count(*) FILTER (WHERE tk.created_at >= ${start}::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND tk.created_at < ${after}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS assigned,
        count(*) FILTER (WHERE tk.status = 'completed' AND tk.completed_at >= ${start}::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND tk.completed_at < ${after}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS completed,
        count(*) FILTER (WHERE tk.status = 'completed' AND tk.completed_at >= ${start}::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND tk.completed_at < ${after}::date::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND (tk.deadline IS NULL OR (tk.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= tk.deadline)) AS on_time,
        count(*) FILTER (WHERE tk.status NOT IN ${OPEN} AND tk.deadline < ${asOf}::date) AS overdue,
        count(*) FILTER (WHERE tk.status NOT IN ${OPEN} AND tk.light = 'red') AS red
      FROM tasks tk
      JOIN org_closure oc ON oc.tenant_id = tk.tenant_id AND oc.descendant_id = tk.owner_unit_id
      WHERE tk.tenant_id = ${t} AND tk.deleted_at IS NULL AND tk.status NOT IN ('draft', 'cancelled')
        AND oc.ancestor_id IN (${children}) AND ${scoped('tk.owner_unit_id')}
      GROUP BY oc.ancestor_id`.execute(db),
    sql<{ unit_id: string; found: string; rectified: string }>`
      SELECT oc.ancestor_id AS unit_id, count(*) AS found, count(*) FILTER (WHERE cp.status IN ('review', 'closed')) AS rectified
      FROM campaign_problems cp
      JOIN org_closure oc ON oc.tenant_id = cp.tenant_id AND oc.descendant_id = cp.unit_id
      WHERE cp.tenant_id = ${t} AND cp.found_on <= ${end}::date AND oc.ancestor_id IN (${children}) AND ${scoped('cp.unit_id')}
      GROUP BY oc.ancestor_id`.execute(db),
    sql<{ unit_id: string; planned: string; invested: string }>`
      SELECT oc.ancestor_id AS unit_id,
        sum(coalesce((SELECT yp.planned FROM project_year_plans yp WHERE yp.tenant_id = p.tenant_id AND yp.project_id = p.id AND yp.year = ${year}), 0)) AS planned,
        sum(coalesce((SELECT sum(r.invested) FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period LIKE ${`${year}-%`} AND r.period <= ${lastMonth}), 0)) AS invested
      FROM projects p
      JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
      WHERE p.tenant_id = ${t} AND p.deleted_at IS NULL AND oc.ancestor_id IN (${children}) AND ${scoped('p.lead_unit_id')}
      GROUP BY oc.ancestor_id`.execute(db),
    db
      .selectFrom('tasks as tk')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'tk.tenant_id').onRef('o.id', '=', 'tk.owner_unit_id'))
      .select(['tk.title', 'o.name as unit', 'tk.deadline', 'tk.light_reason'])
      .where('tk.tenant_id', '=', t)
      .where('tk.deleted_at', 'is', null)
      .where('tk.light', '=', 'red')
      .where('tk.status', 'not in', ['draft', 'completed', 'cancelled'])
      .where('tk.owner_unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', t).where('ancestor_id', '=', input.scopeUnitId))
      .where((eb) => inScope(actor.scope, t, eb.ref('tk.owner_unit_id')))
      .orderBy('tk.deadline')
      .orderBy('tk.title')
      .orderBy('tk.id')
      .limit(30)
      .execute(),
  ]);
  const byUnit = <R extends { unit_id: string }>(rows: R[]) => new Map(rows.map((r) => [r.unit_id, r]));
  const tk = byUnit(tasks.rows);
  const pr = byUnit(problems.rows);
  const pj = byUnit(projects.rows);
  const lines = units.map((u) => {
    const a = tk.get(u.id);
    const b = pr.get(u.id);
    const c = pj.get(u.id);
    const completed = num(a?.completed);
    const onTime = num(a?.on_time);
    const found = num(b?.found);
    const rectified = num(b?.rectified);
    const planned = Math.round(num(c?.planned) * 100) / 100;
    const invested = Math.round(num(c?.invested) * 100) / 100;
    return { unitId: u.id, name: u.name, rank: 0, completed, onTime, onTimeRate: rate(onTime, completed), overdue: num(a?.overdue), problems: found, rectified, rectificationRate: rate(rectified, found), planned, invested, investmentRate: rate(invested, planned), assigned: num(a?.assigned), red: num(a?.red) };
  });
  // Ranked on the on-time rate (units that finished nothing last), then fewer overdue, then the rectification rate.
  lines.sort((x, y) => (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1) || x.overdue - y.overdue || (y.rectificationRate ?? -1) - (x.rectificationRate ?? -1) || x.name.localeCompare(y.name, 'zh-CN'));
  lines.forEach((l, i) => (l.rank = i + 1));
  const sum = (k: 'assigned' | 'completed' | 'onTime' | 'overdue' | 'red' | 'problems' | 'rectified' | 'planned' | 'invested') => lines.reduce((s, l) => s + l[k], 0);
  const total = { assigned: sum('assigned'), completed: sum('completed'), onTime: sum('onTime'), overdue: sum('overdue'), red: sum('red'), problems: sum('problems'), rectified: sum('rectified'), planned: Math.round(sum('planned') * 100) / 100, invested: Math.round(sum('invested') * 100) / 100 };
  return {
    period: input.period,
    periodLabel: periodLabel(input.period),
    start,
    end,
    asOf,
    scopeUnit: { id: scopeUnit.id, name: scopeUnit.name },
    summary: { ...total, onTimeRate: rate(total.onTime, total.completed), rectificationRate: rate(total.rectified, total.problems), investmentRate: rate(total.invested, total.planned) },
    ranking: lines.map(({ assigned: _a, red: _r, ...l }) => l),
    red: red.map((r) => ({ title: r.title, unit: r.unit, deadline: r.deadline, reason: r.light_reason })),
    praised: lines.filter((l) => l.completed > 0 && l.onTime === l.completed && l.overdue === 0).slice(0, 10).map((l) => ({ unit: l.name, reason: `本期办结 ${l.completed} 件，全部按时办结，无逾期事项` })),
  };
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const amount = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** The first draft of the text: what the figures say, in the office's words; the editor changes it before publishing. */
export function draftBody(f: BulletinFigures): BulletinBody {
  const s = f.summary;
  const worst = f.ranking.filter((r) => r.overdue > 0).sort((a, b) => b.overdue - a.overdue).slice(0, 3);
  return {
    summary:
      `${f.periodLabel}，${f.scopeUnit.name}新交办督办事项 ${s.assigned} 件，办结 ${s.completed} 件，其中按时办结 ${s.onTime} 件，按时办结率 ${pct(s.onTimeRate)}；截至${f.asOf}，逾期未办结 ${s.overdue} 件，亮红灯 ${s.red} 件。` +
      (s.problems ? `查摆问题 ${s.problems} 个，已整改 ${s.rectified} 个，整改率 ${pct(s.rectificationRate)}。` : '') +
      (s.planned ? `重点项目年度计划投资 ${amount(s.planned)} 万元，已完成 ${amount(s.invested)} 万元，完成率 ${pct(s.investmentRate)}。` : ''),
    praise: f.praised.length ? `${f.praised.map((p) => p.unit).join('、')}本期办结事项全部按时完成、无逾期，予以通报表扬。` : '本期没有全部按时办结且无逾期的单位。',
    criticism: worst.length ? `${worst.map((w) => `${w.name}（逾期 ${w.overdue} 件）`).join('、')}逾期事项较多，${f.red.length ? `红灯事项 ${f.red.length} 件（见附件2），` : ''}请相关单位主要负责同志亲自研究、限期整改。` : f.red.length ? `红灯事项 ${f.red.length} 件（见附件2），请相关单位限期整改。` : '本期没有逾期和亮红灯事项。',
    requirements: '各单位要对照本通报，逐项梳理未按时办结和亮灯事项，明确责任人和完成时限，于下期通报前报送整改情况。',
  };
}
