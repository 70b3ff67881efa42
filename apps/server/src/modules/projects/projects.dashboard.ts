import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { inScope, type Actor } from '../../access/index.ts';
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

/**
 * The project dashboard (issue 11): plan against actual investment by month, the stage funnel,
 * the districts ranked by investment completion, and the points of the schematic map. One
 * aggregated statement per figure, each over the projects in the caller's scope.
 */
export async function projectDashboard(db: Kysely<DB>, actor: Actor, filter: DashboardFilter) {
  const { year } = filter;
  const where = counted(actor, filter);
  const last = filter.through && filter.through.startsWith(`${year}-`) ? filter.through : `${year}-12`;
  const [monthly, funnel, districts, points] = await Promise.all([
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
    db
      .selectFrom('projects as p')
      .where(where)
      .where('p.longitude', 'is not', null)
      .where('p.latitude', 'is not', null)
      .select(['p.id', 'p.code', 'p.name', 'p.longitude', 'p.latitude', 'p.stage', 'p.light', 'p.total_investment'])
      .orderBy('p.code')
      .limit(5000)
      .execute(),
  ]);

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
    points: points.map((p) => ({ id: p.id, code: p.code, name: p.name, longitude: Number(p.longitude), latitude: Number(p.latitude), stage: p.stage, light: p.light, totalInvestment: Number(p.total_investment) })),
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
    projectDashboard(db, actor, { year, through: period }),
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
