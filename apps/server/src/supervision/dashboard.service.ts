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


function counts(rows: { light: string; n: number }[]): LightCounts {
  const c = { green: 0, yellow: 0, red: 0, total: 0 };
  for (const r of rows) {
    if (r.light === 'green' || r.light === 'yellow' || r.light === 'red') c[r.light] += Number(r.n);
    c.total += Number(r.n);
  }
  return c;
}

/** The leaders' dashboard: lights by unit subtree with drill-down, rankings, categories, trend. */
export class DashboardService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock }) {}

  /** The SQL of the lights-by-child-unit figure, exposed so the benchmark can time it bare. */
  lightsByChildQuery(tenantId: string, rootId: string) {
    return sql<{ id: string; name: string; sort_order: number; child_count: number; light: string | null; n: number }>`
      SELECT c.id, c.name, c.sort_order,
             (SELECT count(*) FROM org_units g WHERE g.tenant_id = c.tenant_id AND g.parent_id = c.id) AS child_count,
             t.light, count(t.id) AS n
      FROM org_units c
      LEFT JOIN org_closure oc ON oc.tenant_id = c.tenant_id AND oc.ancestor_id = c.id
      LEFT JOIN tasks t ON t.tenant_id = oc.tenant_id AND t.owner_unit_id = oc.descendant_id
                        AND t.status IN ('assigned','acknowledged','in_progress','returned','completion_requested') AND t.deleted_at IS NULL
      WHERE c.tenant_id = ${tenantId}::uuid AND c.parent_id = ${rootId}::uuid AND c.active
      GROUP BY c.tenant_id, c.id, c.name, c.sort_order, t.light
      ORDER BY c.sort_order, c.name`;
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
    // The first day of the month eleven months back, in Shanghai time.
    const since = new Date(`${addCalendarMonths(today.slice(0, 7), -11)}-01T00:00:00+08:00`);
    const inSubtree = sql`t.owner_unit_id IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${t}::uuid AND ancestor_id = ${rootId}::uuid)`;

    const [totalsRows, statusRows, childRows, ownRows, ranking, categories, monthly] = await Promise.all([
      sql<{ light: string; n: number }>`SELECT t.light, count(*) AS n FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.deleted_at IS NULL AND t.status IN ('assigned','acknowledged','in_progress','returned','completion_requested') AND ${inSubtree} GROUP BY t.light`.execute(db),
      sql<{ completed: number; overdue: number; review: number }>`SELECT count(*) FILTER (WHERE t.status = 'completed') AS completed,
          count(*) FILTER (WHERE t.status IN ('assigned','acknowledged','in_progress','returned') AND t.deadline < ${today}) AS overdue,
          count(*) FILTER (WHERE t.status = 'completion_requested') AS review
        FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.deleted_at IS NULL AND ${inSubtree}`.execute(db),
      this.lightsByChildQuery(t, rootId).execute(db),
      sql<{ light: string; n: number }>`SELECT t.light, count(*) AS n FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.owner_unit_id = ${rootId}::uuid AND t.deleted_at IS NULL AND t.status IN ('assigned','acknowledged','in_progress','returned','completion_requested') GROUP BY t.light`.execute(db),
      sql<{ id: string; name: string; overdue: number; red: number }>`
        SELECT c.id, c.name,
               count(t.id) FILTER (WHERE t.deadline < ${today}) AS overdue,
               count(t.id) FILTER (WHERE t.light = 'red') AS red
        FROM org_units c
        JOIN org_closure oc ON oc.tenant_id = c.tenant_id AND oc.ancestor_id = c.id
        JOIN tasks t ON t.tenant_id = oc.tenant_id AND t.owner_unit_id = oc.descendant_id
                     AND t.status IN ('assigned','acknowledged','in_progress','returned') AND t.deleted_at IS NULL
        WHERE c.tenant_id = ${t}::uuid AND c.parent_id = ${rootId}::uuid
        GROUP BY c.id, c.name
        HAVING count(t.id) FILTER (WHERE t.deadline < ${today}) > 0 OR count(t.id) FILTER (WHERE t.light = 'red') > 0
        ORDER BY overdue DESC, red DESC, c.name LIMIT 20`.execute(db),
      sql<{ category: string | null; total: number; completed: number; avg: number | null }>`
        SELECT t.category, count(*) AS total, count(*) FILTER (WHERE t.status = 'completed') AS completed, avg(t.percent) AS avg
        FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.deleted_at IS NULL AND t.parent_id IS NULL AND t.status <> 'cancelled' AND t.status <> 'draft' AND ${inSubtree}
        GROUP BY t.category ORDER BY total DESC`.execute(db),
      sql<{ month: string; created: number; completed: number }>`
        WITH months AS (SELECT to_char(date_trunc('month', ${today}::date) - make_interval(months => g), 'YYYY-MM') AS month FROM generate_series(0, 11) g),
             scoped AS (SELECT t.created_at, t.completed_at FROM tasks t WHERE t.tenant_id = ${t}::uuid AND t.parent_id IS NULL AND t.deleted_at IS NULL AND ${inSubtree}
                          AND (t.created_at >= ${since} OR t.completed_at >= ${since})),
             created AS (SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*) AS n FROM scoped WHERE created_at >= ${since} GROUP BY 1),
             completed AS (SELECT to_char(completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*) AS n FROM scoped WHERE completed_at >= ${since} GROUP BY 1)
        SELECT m.month, coalesce(c.n, 0) AS created, coalesce(d.n, 0) AS completed
        FROM months m LEFT JOIN created c ON c.month = m.month LEFT JOIN completed d ON d.month = m.month ORDER BY m.month`.execute(db),
    ]);
    const children = new Map<string, { id: string; name: string; hasChildren: boolean; own: boolean; rows: { light: string; n: number }[] }>();
    for (const r of childRows.rows) {
      const c = children.get(r.id) ?? { id: r.id, name: r.name, hasChildren: Number(r.child_count) > 0, own: false, rows: [] };
      if (r.light) c.rows.push({ light: r.light, n: Number(r.n) });
      children.set(r.id, c);
    }
    const ownCounts = counts(ownRows.rows);
    const status = statusRows.rows[0];
    return {
      root,
      totals: { ...counts(totalsRows.rows), completed: Number(status?.completed ?? 0), overdue: Number(status?.overdue ?? 0), completionRequested: Number(status?.review ?? 0) },
      byUnit: [
        ...(ownCounts.total > 0 ? [{ id: root.id, name: `${root.name}(本级)`, hasChildren: false, own: true, counts: ownCounts }] : []),
        ...[...children.values()].map((c) => ({ id: c.id, name: c.name, hasChildren: c.hasChildren, own: false, counts: counts(c.rows) })),
      ],
      overdueRanking: ranking.rows.map((r) => ({ id: r.id, name: r.name, overdue: Number(r.overdue), red: Number(r.red) })),
      byCategory: categories.rows.map((r) => ({ category: r.category ?? '未分类', total: Number(r.total), completed: Number(r.completed), averagePercent: Math.round(Number(r.avg ?? 0) * 10) / 10 })),
      monthly: monthly.rows.map((r) => ({ month: r.month, created: Number(r.created), completed: Number(r.completed) })),
    };
  }
}

