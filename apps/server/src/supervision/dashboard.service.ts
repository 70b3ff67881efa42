import { sql, type Kysely } from 'kysely';
import { unitInScope, type Actor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { shanghaiDate } from './rules/working-days.ts';

/** 'YYYY-MM' moved by n months. */
function addCalendarMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  total: number;
}

export interface DashboardView {
  root: { id: string; name: string } | null;
  totals: LightCounts & { completed: number; overdue: number; completionRequested: number };
  /** The root unit's own tasks, then each child unit with everything in its subtree. */
  byUnit: { id: string; name: string; hasChildren: boolean; own: boolean; counts: LightCounts }[];
  overdueRanking: { id: string; name: string; overdue: number; red: number }[];
  byCategory: { category: string; total: number; completed: number; averagePercent: number }[];
  monthly: { month: string; created: number; completed: number }[];
}


function emptyCounts(): LightCounts {
  return { green: 0, yellow: 0, red: 0, total: 0 };
}

function add(c: LightCounts, light: string, n: number): void {
  if (light === 'green' || light === 'yellow' || light === 'red') c[light] += n;
  c.total += n;
}

/** The leaders' dashboard: lights by unit subtree with drill-down, rankings, categories, trend. */
export class DashboardService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock }) {}

  /**
   * Open tasks of a subtree counted per owner unit, light and overdue flag: the one scan behind
   * the totals, the lights by child unit and the overdue ranking. Exposed so the benchmark can
   * time the bare SQL.
   */
  unitCountsQuery(tenantId: string, rootId: string, today: string) {
    return sql<{ unit: string; status: string; light: string; overdue: boolean; n: number }>`
      SELECT t.owner_unit_id AS unit, t.status, t.light, (t.deadline < ${today}::date AND t.status <> 'completion_requested') AS overdue, count(*) AS n
      FROM tasks t
      WHERE t.tenant_id = ${tenantId}::uuid AND t.deleted_at IS NULL AND t.status IN ('assigned','acknowledged','in_progress','returned','completion_requested','completed')
        AND t.owner_unit_id IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${tenantId}::uuid AND ancestor_id = ${rootId}::uuid)
      GROUP BY 1, 2, 3, 4`;
  }

  async view(actor: Actor, unitId?: string): Promise<DashboardView> {
    const db = this.deps.db;
    const t = actor.tenantId;
    let rootId = unitId;
    if (rootId) {
      if (!(await unitInScope(db, actor.scope, t, rootId))) throw notFound('单位');
    } else if (actor.scope.all) {
      rootId = (await db.selectFrom('org_units').select('id').where('tenant_id', '=', t).where('parent_id', 'is', null).orderBy('sort_order').executeTakeFirst())?.id;
    } else {
      rootId = actor.scope.subtreeRoots[0] ?? actor.scope.units[0];
    }
    if (!rootId) return { root: null, totals: { green: 0, yellow: 0, red: 0, total: 0, completed: 0, overdue: 0, completionRequested: 0 }, byUnit: [], overdueRanking: [], byCategory: [], monthly: [] };
    const root = await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', t).where('id', '=', rootId).executeTakeFirstOrThrow();
    const today = shanghaiDate(this.deps.clock.now());
    const inSubtree = sql`t.owner_unit_id IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${t}::uuid AND ancestor_id = ${rootId}::uuid)`;

    const [unitRows, children, topRows] = await Promise.all([
      this.unitCountsQuery(t, rootId, today).execute(db),
      // Each descendant mapped to the child of the root it lies under.
      sql<{ descendant_id: string; child_id: string; name: string; sort_order: number; has_children: boolean }>`
        SELECT oc.descendant_id, c.id AS child_id, c.name, c.sort_order,
               EXISTS (SELECT 1 FROM org_units g WHERE g.tenant_id = c.tenant_id AND g.parent_id = c.id) AS has_children
        FROM org_units c JOIN org_closure oc ON oc.tenant_id = c.tenant_id AND oc.ancestor_id = c.id
        WHERE c.tenant_id = ${t}::uuid AND c.parent_id = ${rootId}::uuid AND c.active`.execute(db),
      // Top-level tasks by category and per month created / completed: one scan, three groupings.
      sql<{ g: number; category: string | null; created: string | null; completed_month: string | null; n: number; total: number; completed: number; avg: number | null }>`
        SELECT GROUPING(t.category, to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), to_char(t.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')) AS g,
               t.category, to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS created, to_char(t.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS completed_month,
               count(*) AS n,
               count(*) FILTER (WHERE t.status NOT IN ('cancelled', 'draft')) AS total,
               count(*) FILTER (WHERE t.status = 'completed') AS completed,
               avg(t.percent) FILTER (WHERE t.status NOT IN ('cancelled', 'draft')) AS avg
        FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.deleted_at IS NULL AND t.parent_id IS NULL AND ${inSubtree}
        GROUP BY GROUPING SETS ((t.category), (to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')), (to_char(t.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')))`.execute(db),
    ]);

    // GROUPING bits: 3 = by category, 5 = by month created, 6 = by month completed.
    const categories = topRows.rows.filter((r) => Number(r.g) === 3 && Number(r.total) > 0).sort((a, b) => Number(b.total) - Number(a.total));
    const createdBy = new Map(topRows.rows.filter((r) => Number(r.g) === 5 && r.created).map((r) => [r.created!, Number(r.n)]));
    const completedBy = new Map(topRows.rows.filter((r) => Number(r.g) === 6 && r.completed_month).map((r) => [r.completed_month!, Number(r.n)]));
    const months = Array.from({ length: 12 }, (_, i) => addCalendarMonths(today.slice(0, 7), i - 11));
    const childOf = new Map(children.rows.map((r) => [r.descendant_id, r.child_id]));
    const byChild = new Map<string, { id: string; name: string; sort: number; hasChildren: boolean; counts: LightCounts; overdue: number }>();
    for (const r of children.rows) {
      if (!byChild.has(r.child_id)) byChild.set(r.child_id, { id: r.child_id, name: r.name, sort: r.sort_order, hasChildren: r.has_children, counts: emptyCounts(), overdue: 0 });
    }
    const totals = { ...emptyCounts(), completed: 0, overdue: 0, completionRequested: 0 };
    const own = emptyCounts();
    for (const r of unitRows.rows) {
      const n = Number(r.n);
      if (r.status === 'completed') {
        totals.completed += n;
        continue;
      }
      if (r.status === 'completion_requested') totals.completionRequested += n;
      if (r.overdue) totals.overdue += n;
      add(totals, r.light, n);
      const child = byChild.get(childOf.get(r.unit) ?? '');
      if (child) {
        add(child.counts, r.light, n);
        if (r.overdue) child.overdue += n;
      } else if (r.unit === rootId) add(own, r.light, n);
    }
    const childList = [...byChild.values()].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
    return {
      root,
      totals,
      byUnit: [
        ...(own.total > 0 ? [{ id: root.id, name: `${root.name}(本级)`, hasChildren: false, own: true, counts: own }] : []),
        ...childList.map((c) => ({ id: c.id, name: c.name, hasChildren: c.hasChildren, own: false, counts: c.counts })),
      ],
      overdueRanking: childList
        .filter((c) => c.overdue > 0 || c.counts.red > 0)
        .sort((a, b) => b.overdue - a.overdue || b.counts.red - a.counts.red || a.name.localeCompare(b.name, 'zh-CN'))
        .slice(0, 20)
        .map((c) => ({ id: c.id, name: c.name, overdue: c.overdue, red: c.counts.red })),
      byCategory: categories.map((r) => ({ category: r.category ?? '未分类', total: Number(r.total), completed: Number(r.completed), averagePercent: Math.round(Number(r.avg ?? 0) * 10) / 10 })),
      monthly: months.map((month) => ({ month, created: createdBy.get(month) ?? 0, completed: completedBy.get(month) ?? 0 })),
    };
  }
}

