import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { inScope, subtreeInScope, type Actor } from '../../access/index.ts';
import type { DB, ProjectStage } from '../../db/schema.ts';
import type { ProjectBulletinView } from '../../reports/project-bulletin.docx.ts';
import { PROJECT_STAGES, STAGE_LABELS } from './project-rules.ts';

export interface DashboardFilter {
  year: number;
  /** The unit and everything below it. */
  unitId?: string | undefined;
  /** Count reports up to this month only ('YYYY-MM'; the monthly bulletin of a past month). */
  through?: string | undefined;
}

/** The projects a figure counts: the tenant's live projects in the caller's scope, under the unit asked for. */
function counted(actor: Actor, filter: DashboardFilter) {
  return (eb: ExpressionBuilder<DB & { p: DB['projects'] }, 'p'>) => {
    const parts = [eb('p.tenant_id', '=', actor.tenantId), eb('p.deleted_at', 'is', null), inScope(actor.scope, actor.tenantId, eb.ref('p.lead_unit_id'))];
    if (filter.unitId) parts.push(eb('p.lead_unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', filter.unitId!)));
    return eb.and(parts);
  };
}

const num = (v: unknown) => Number(v ?? 0);

interface Figures {
  monthly: { period: string; amount: string }[];
  funnel: { stage: ProjectStage; count: string; total: string }[];
  districts: { id: string; name: string; projects: string; planned: string; invested: string }[];
}

/**
 * The units whose sums (migration 0033) answer the dashboard, when the reader sees the whole
 * subtree of each: the unit asked for; else the tenant's top units for a reader who sees it all,
 * or the one subtree a reader's scope is. Otherwise null: the figures are counted from the projects.
 */
async function summedUnits(db: Kysely<DB>, actor: Actor, filter: DashboardFilter): Promise<string[] | null> {
  if (filter.unitId) return (await subtreeInScope(db, actor.scope, actor.tenantId, filter.unitId)) ? [filter.unitId] : null;
  if (actor.scope.all) return (await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('parent_id', 'is', null).execute()).map((u) => u.id);
  return actor.scope.units.length === 0 && actor.scope.subtreeRoots.length === 1 ? [...actor.scope.subtreeRoots] : null;
}

/**
 * The month, plan, stage and district figures from the sums of `tops`. The districts are those in
 * the subtrees of `tops`, each with its own sums, or — for a unit inside a district — that district
 * with the unit's sums.
 */
function summedFigures(db: Kysely<DB>, tenantId: string, tops: string[], year: number, last: string): [Promise<Figures['monthly']>, Promise<Figures['funnel']>, Promise<Figures['districts']>] {
  const t = sql`${tenantId}::uuid`;
  const units = sql`${sql.val(tops)}::uuid[]`;
  const monthly = sql<{ period: string; amount: string }>`
    SELECT period, sum(invested)::text AS amount FROM project_month_sums WHERE tenant_id = ${t} AND unit_id = ANY(${units}) AND period LIKE ${`${year}-%`} AND period <= ${last} GROUP BY period
    UNION ALL SELECT 'plan', coalesce(sum(planned), 0)::text FROM project_plan_sums WHERE tenant_id = ${t} AND unit_id = ANY(${units}) AND year = ${year}`.execute(db);
  const funnel = sql<{ stage: ProjectStage; count: string; total: string }>`
    SELECT stage, sum(n)::text AS count, sum(total)::text AS total FROM project_stage_sums WHERE tenant_id = ${t} AND unit_id = ANY(${units}) GROUP BY stage HAVING sum(n) <> 0`.execute(db);
  const districts = sql<{ id: string; name: string; projects: string; planned: string; invested: string }>`
    WITH d AS (
      SELECT u.id, u.name, u.id AS src FROM org_closure oc JOIN org_units u ON u.tenant_id = oc.tenant_id AND u.id = oc.descendant_id
      WHERE oc.tenant_id = ${t} AND oc.ancestor_id = ANY(${units}) AND u.kind = 'district'
      UNION ALL
      SELECT u.id, u.name, oc.descendant_id FROM org_closure oc JOIN org_units u ON u.tenant_id = oc.tenant_id AND u.id = oc.ancestor_id
      WHERE oc.tenant_id = ${t} AND oc.descendant_id = ANY(${units}) AND oc.depth > 0 AND u.kind = 'district'),
    x AS (SELECT d.id, d.name,
            (SELECT sum(n) FROM project_stage_sums s WHERE s.tenant_id = ${t} AND s.unit_id = d.src) AS projects,
            (SELECT coalesce(sum(planned), 0) FROM project_plan_sums s WHERE s.tenant_id = ${t} AND s.unit_id = d.src AND s.year = ${year}) AS planned,
            (SELECT coalesce(sum(invested), 0) FROM project_month_sums s WHERE s.tenant_id = ${t} AND s.unit_id = d.src AND s.period LIKE ${`${year}-%`} AND s.period <= ${last}) AS invested
          FROM d)
    SELECT id, name, projects::text, planned::text, invested::text FROM x WHERE projects > 0`.execute(db);
  return [monthly.then((r) => r.rows), funnel.then((r) => r.rows), districts.then((r) => r.rows)];
}

/** The same figures counted from the projects and reports the reader may see (a reader who sees part of a subtree). */
function countedFigures(db: Kysely<DB>, where: ReturnType<typeof counted>, year: number, last: string): [Promise<Figures['monthly']>, Promise<Figures['funnel']>, Promise<Figures['districts']>] {
  return [
    // Investment per month this year, and (as period 'plan') the year's planned total.
    db
      .selectFrom('project_reports as r')
      .innerJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.project_id'))
      .where(where)
      .where('r.period', 'like', `${year}-%`)
      .where('r.period', '<=', last)
      .select(['r.period', sql<string>`sum(r.invested)`.as('amount')])
      .groupBy('r.period')
      .unionAll(
        db
          .selectFrom('project_year_plans as yp')
          .innerJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'yp.tenant_id').onRef('p.id', '=', 'yp.project_id'))
          .where(where)
          .where('yp.year', '=', year)
          .select([sql<string>`'plan'`.as('period'), sql<string>`sum(yp.planned)`.as('amount')]),
      )
      .execute(),
    db
      .selectFrom('projects as p')
      .where(where)
      .select(['p.stage', sql<string>`count(*)`.as('count'), sql<string>`sum(p.total_investment)`.as('total')])
      .groupBy('p.stage')
      .execute(),
    // Each district's projects (led by the district or a unit under it): the year's plan and investment.
    db
      .selectFrom(
        db
          .selectFrom('projects as p')
          .where(where)
          .select([
            'p.tenant_id',
            'p.lead_unit_id',
            sql<string>`coalesce((SELECT yp.planned FROM project_year_plans yp WHERE yp.tenant_id = p.tenant_id AND yp.project_id = p.id AND yp.year = ${year}), 0)`.as('planned'),
            sql<string>`coalesce((SELECT sum(r.invested) FROM project_reports r WHERE r.tenant_id = p.tenant_id AND r.project_id = p.id AND r.period LIKE ${`${year}-%`} AND r.period <= ${last}), 0)`.as('invested'),
          ])
          .as('x'),
      )
      .innerJoin('org_closure as oc', (j) => j.onRef('oc.tenant_id', '=', 'x.tenant_id').onRef('oc.descendant_id', '=', 'x.lead_unit_id'))
      .innerJoin('org_units as d', (j) => j.onRef('d.tenant_id', '=', 'oc.tenant_id').onRef('d.id', '=', 'oc.ancestor_id'))
      .where('d.kind', '=', 'district')
      .select(['d.id', 'd.name', sql<string>`count(*)`.as('projects'), sql<string>`sum(x.planned)`.as('planned'), sql<string>`sum(x.invested)`.as('invested')])
      .groupBy(['d.id', 'd.name'])
      .execute(),
  ];
}

/** The map shows each project up to this many with coordinates; beyond it, groups by place. */
export const MAP_POINTS = 800;

/**
 * The schematic map's marks: each project with coordinates (up to `limit`), or — when more have
 * coordinates than a map can show apart — groups. A caller who sees the whole subtrees of `tops`
 * gets one mark per district below them (per unit directly below when there are fewer than two
 * districts), read from the place sums (migration 0034), plus one for their projects outside
 * those units; anyone else gets groups by place, the extent cut into a 40 × 40 grid. Each group
 * stands at its projects' mean position with their count, total investment and worst light.
 */
async function projectMap(db: Kysely<DB>, tenantId: string, tops: string[] | null, where: ReturnType<typeof counted>, limit: number) {
  const placed = db.selectFrom('projects as p').where(where).where('p.longitude', 'is not', null).where('p.latitude', 'is not', null);
  const points = async (mapped: number) => {
    const rows = await placed.select(['p.id', 'p.code', 'p.name', 'p.longitude', 'p.latitude', 'p.stage', 'p.light', 'p.total_investment']).orderBy('p.code').execute();
    return { mapped, points: rows.map((p) => ({ id: p.id, code: p.code, name: p.name, longitude: Number(p.longitude), latitude: Number(p.latitude), stage: p.stage, light: p.light, totalInvestment: Number(p.total_investment) })), clusters: [] };
  };
  const place = (r: { name: string | null; n: unknown; longitude: unknown; latitude: unknown; total: unknown; red: unknown; yellow: unknown }) => ({
    name: r.name,
    longitude: Math.round((num(r.longitude) / num(r.n)) * 1e5) / 1e5,
    latitude: Math.round((num(r.latitude) / num(r.n)) * 1e5) / 1e5,
    count: num(r.n),
    totalInvestment: num(r.total),
    light: num(r.red) > 0 ? ('red' as const) : num(r.yellow) > 0 ? ('yellow' as const) : ('green' as const),
  });
  if (tops) {
    const t = sql`${tenantId}::uuid`;
    const units = sql`${sql.val(tops)}::uuid[]`;
    const whole = await sql<{ n: string }>`SELECT coalesce(sum(n), 0) AS n FROM project_place_sums WHERE tenant_id = ${t} AND unit_id = ANY(${units})`.execute(db);
    const mapped = num(whole.rows[0]?.n);
    if (mapped <= limit) return points(mapped);
    const marks = await sql<{ name: string | null; n: string; longitude: string; latitude: string; total: string; red: string; yellow: string }>`
      WITH dist AS (SELECT u.id, u.name FROM org_closure oc JOIN org_units u ON u.tenant_id = oc.tenant_id AND u.id = oc.descendant_id
                    WHERE oc.tenant_id = ${t} AND oc.ancestor_id = ANY(${units}) AND oc.depth > 0 AND u.kind = 'district'),
      kids AS (SELECT u.id, u.name FROM org_units u WHERE u.tenant_id = ${t} AND u.parent_id = ANY(${units})),
      m AS (SELECT * FROM dist WHERE (SELECT count(*) FROM dist) >= 2 UNION ALL SELECT * FROM kids WHERE (SELECT count(*) FROM dist) < 2),
      s AS (SELECT m.name, sum(ps.n) AS n, sum(ps.longitude) AS longitude, sum(ps.latitude) AS latitude, sum(ps.total) AS total, sum(ps.red) AS red, sum(ps.yellow) AS yellow
            FROM m JOIN project_place_sums ps ON ps.tenant_id = ${t} AND ps.unit_id = m.id GROUP BY m.id, m.name HAVING sum(ps.n) <> 0),
      rest AS (SELECT n, longitude, latitude, total, red, yellow FROM project_place_sums WHERE tenant_id = ${t} AND unit_id = ANY(${units})
               UNION ALL SELECT -n, -longitude, -latitude, -total, -red, -yellow FROM s)
      SELECT name, n, longitude, latitude, total, red, yellow FROM s
      UNION ALL SELECT NULL, sum(n), sum(longitude), sum(latitude), sum(total), sum(red), sum(yellow) FROM rest HAVING sum(n) <> 0`.execute(db);
    return { mapped, points: [], clusters: marks.rows.map(place) };
  }
  const extent = await placed
    .select([sql<string>`count(*)`.as('n'), sql<number>`min(p.longitude)`.as('x0'), sql<number>`max(p.longitude)`.as('x1'), sql<number>`min(p.latitude)`.as('y0'), sql<number>`max(p.latitude)`.as('y1')])
    .executeTakeFirstOrThrow();
  const mapped = num(extent.n);
  if (mapped <= limit) return points(mapped);
  const [x0, y0] = [num(extent.x0), num(extent.y0)];
  const cell = Math.max(0.001, Math.max(num(extent.x1) - x0, num(extent.y1) - y0) / 40);
  const groups = await placed
    .select([
      sql<string | null>`NULL`.as('name'),
      sql<string>`count(*)`.as('n'),
      sql<string>`sum(p.total_investment)`.as('total'),
      sql<string>`sum(p.longitude)`.as('longitude'),
      sql<string>`sum(p.latitude)`.as('latitude'),
      sql<string>`count(*) FILTER (WHERE p.light = 'red')`.as('red'),
      sql<string>`count(*) FILTER (WHERE p.light = 'yellow')`.as('yellow'),
    ])
    .groupBy([sql`floor((p.longitude - ${x0}) / ${cell})`, sql`floor((p.latitude - ${y0}) / ${cell})`])
    .execute();
  return { mapped, points: [], clusters: groups.map(place) };
}

/**
 * The project dashboard (issue 11): plan against actual investment by month, the stage funnel,
 * the districts ranked by investment completion, and the points of the schematic map. One
 * statement per figure, each over the projects in the caller's scope: the sums kept per unit
 * when the caller sees the whole subtree asked for, else counted from the projects.
 */
export async function projectDashboard(db: Kysely<DB>, actor: Actor, filter: DashboardFilter, mapPoints: number | null = MAP_POINTS) {
  const { year } = filter;
  const where = counted(actor, filter);
  const last = filter.through && filter.through.startsWith(`${year}-`) ? filter.through : `${year}-12`;
  const tops = await summedUnits(db, actor, filter);
  const [monthly, funnel, districts, map] = await Promise.all([
    ...(tops ? summedFigures(db, actor.tenantId, tops, year, last) : countedFigures(db, where, year, last)),
    // The bulletin (mapPoints null) has no map.
    mapPoints === null ? { mapped: 0, points: [], clusters: [] } : projectMap(db, actor.tenantId, tops, where, mapPoints),
  ] as const);

  const plan = num(monthly.find((m) => m.period === 'plan')?.amount);
  const byPeriod = new Map(monthly.filter((m) => m.period !== 'plan').map((m) => [m.period, num(m.amount)]));
  let actual = 0;
  const months = Array.from({ length: 12 }, (_, i) => {
    const period = `${year}-${String(i + 1).padStart(2, '0')}`;
    const invested = byPeriod.get(period) ?? 0;
    actual += invested;
    // The year's plan spread evenly over its twelve months.
    return { period, planned: Math.round((plan / 12) * 100) / 100, invested, plannedCumulative: Math.round(((plan * (i + 1)) / 12) * 100) / 100, investedCumulative: Math.round(actual * 100) / 100 };
  });
  const stages = new Map(funnel.map((f) => [f.stage, f]));
  return {
    year,
    yearPlanned: plan,
    yearInvested: Math.round(actual * 100) / 100,
    months,
    funnel: PROJECT_STAGES.map((stage: ProjectStage) => ({ stage, count: num(stages.get(stage)?.count), totalInvestment: num(stages.get(stage)?.total) })),
    districts: districts
      .map((d) => ({ unitId: d.id, name: d.name, projects: num(d.projects), planned: num(d.planned), invested: num(d.invested), rate: num(d.planned) > 0 ? Math.round((num(d.invested) / num(d.planned)) * 1000) / 10 : null }))
      .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.invested - a.invested || a.name.localeCompare(b.name)),
    ...map,
  };
}

export type ProjectDashboard = Awaited<ReturnType<typeof projectDashboard>>;

const LIGHT_WORDS = { red: '红灯', yellow: '黄灯', green: '绿灯' } as const;

/**
 * What the monthly bulletin of a month reports, over the projects in the caller's scope: the
 * dashboard's figures counted up to that month, the month's reports (due, filed, late), the
 * problems its reports raised and what became of them, and the projects lit yellow or red.
 */
export async function projectBulletin(db: Kysely<DB>, actor: Actor, period: string, today: string): Promise<ProjectBulletinView> {
  const year = Number(period.slice(0, 4));
  const where = counted(actor, { year });
  const [dash, reports, problems, lit, tenant] = await Promise.all([
    projectDashboard(db, actor, { year, through: period }, null),
    db
      .selectFrom('projects as p')
      .leftJoin('project_reports as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.project_id', '=', 'p.id').on('r.period', '=', period))
      .where(where)
      .where(sql<boolean>`to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') <= ${period}`)
      .select([sql<string>`count(*)`.as('due'), sql<string>`count(r.id)`.as('filed'), sql<string>`count(r.id) FILTER (WHERE r.late)`.as('late')])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('project_problems as pp')
      .innerJoin('projects as p', (j) => j.onRef('p.tenant_id', '=', 'pp.tenant_id').onRef('p.id', '=', 'pp.project_id'))
      .innerJoin('project_reports as r', (j) => j.onRef('r.tenant_id', '=', 'pp.tenant_id').onRef('r.id', '=', 'pp.report_id'))
      .leftJoin('tasks as tk', (j) => j.onRef('tk.tenant_id', '=', 'pp.tenant_id').onRef('tk.id', '=', 'pp.task_id'))
      .where(where)
      .where('r.period', '=', period)
      .select(['p.name', 'pp.description', 'tk.status as task_status', 'tk.deadline as task_deadline'])
      .select(sql<boolean>`EXISTS (SELECT 1 FROM meeting_items mi WHERE mi.tenant_id = pp.tenant_id AND mi.problem_id = pp.id)`.as('on_agenda'))
      .orderBy('p.code')
      .orderBy('pp.created_at')
      .limit(200)
      .execute(),
    db
      .selectFrom('projects as p')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.lead_unit_id'))
      .where(where)
      .where('p.light', '!=', 'green')
      .select(['p.name', 'o.name as unit_name', 'p.light', 'p.light_reason'])
      .orderBy(sql`CASE p.light WHEN 'red' THEN 0 ELSE 1 END`)
      .orderBy('p.code')
      .limit(200)
      .execute(),
    db.selectFrom('tenants').select('is_demo').where('id', '=', actor.tenantId).executeTakeFirst(),
  ]);
  const month = dash.months.find((m) => m.period === period);
  const state = (p: (typeof problems)[number]) => (p.task_status ? `已交办${p.task_status === 'completed' ? '，已办结' : `，时限 ${p.task_deadline ?? ''}`}` : p.on_agenda ? '已列入会办议题' : '待协调');
  return {
    period,
    asOf: today,
    isDemo: tenant?.is_demo ?? false,
    projects: dash.funnel.reduce((s, f) => s + f.count, 0),
    yearPlanned: dash.yearPlanned,
    investedToDate: month?.investedCumulative ?? 0,
    monthInvested: month?.invested ?? 0,
    reports: { due: num(reports.due), filed: num(reports.filed), late: num(reports.late) },
    districts: dash.districts,
    stages: dash.funnel.map((f) => ({ label: STAGE_LABELS[f.stage], count: f.count, totalInvestment: f.totalInvestment })),
    problems: problems.map((p) => ({ project: p.name, description: p.description, state: state(p) })),
    lit: lit.map((l) => ({ project: l.name, unit: l.unit_name, light: LIGHT_WORDS[l.light], reason: l.light_reason ?? '' })),
  };
}
