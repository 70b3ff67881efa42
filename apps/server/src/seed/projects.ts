import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';
import type { Scale } from './generate.ts';

/** Projects, monthly reports (twelve a project) and leads per scale: a province's (issue 11), a tenth for a city, a hundredth for a district. */
export const PROJECT_COUNTS: Record<Scale, { projects: number; leads: number }> = { province: { projects: 20_000, leads: 50_000 }, city: { projects: 2_000, leads: 5_000 }, district: { projects: 200, leads: 500 } };
const REPORT_MONTHS = 12;

const NAMES = ['新能源产业园', '智能制造基地', '生物医药园', '物流枢纽', '道路改造', '污水处理厂', '安置房', '文旅综合体', '数据中心', '学校新建'];

/** The twelve months before this one, oldest first ('YYYY-MM'). */
function lastMonths(today: string): string[] {
  let [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < REPORT_MONTHS; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Adds key projects and investment leads to a generated tenant, entirely in SQL: the scale's
 * projects spread over the units below the root (kind, level, stage and light in a realistic
 * mix, coordinates over a province-sized box, this year's plan), a monthly report for each of the
 * twelve months before this one (a few late, the running total kept), a problem needing
 * coordination on one project in twenty, and the scale's leads in every stage.
 */
export async function seedProjects(database: Database, tenantId: string, scale: Scale, onStep?: (step: string) => void): Promise<{ projects: number; reports: number; leads: number }> {
  const db = database.db as Kysely<DB>;
  const t = tenantId;
  const counts = PROJECT_COUNTS[scale];
  const today = shanghaiDate(new Date());
  const year = Number(today.slice(0, 4));
  const months = lastMonths(today);
  const names = `ARRAY[${NAMES.map((n) => `'${n}'`).join(',')}]`;
  const periods = `ARRAY[${months.map((m) => `'${m}'`).join(',')}]`;
  await db.transaction().execute(async (tx) => {
    onStep?.('projects');
    const units = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM org_units WHERE tenant_id = ${t}::uuid AND parent_id IS NOT NULL`.execute(tx)).rows[0]!.n);
    const perUnit = Math.ceil(counts.projects / units);
    await sql`CREATE TEMP TABLE seed_projects ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, x.unit_id, x.unit_name, x.h, x.n
      FROM (SELECT u.id AS unit_id, u.name AS unit_name, abs(hashtext(u.id::text || 'xm' || g)) AS h, row_number() OVER (ORDER BY g, u.code) AS n
            FROM org_units u CROSS JOIN generate_series(1, ${perUnit}) g WHERE u.tenant_id = ${t}::uuid AND u.parent_id IS NOT NULL) x
      WHERE x.n <= ${counts.projects}`.execute(tx);
    await sql`
      INSERT INTO projects (tenant_id, id, code, name, kind, industry, level, longitude, latitude, total_investment, lead_unit_id, stage, start_year, tags, light, light_reason, search_key, created_at, updated_at)
      SELECT ${t}::uuid, p.id, 'YC-' || lpad(p.n::text, 6, '0'), p.unit_name || (${sql.raw(names)})[1 + p.h % ${NAMES.length}],
             (ARRAY['industry','infrastructure','livelihood','ecology','other'])[1 + p.h % 5], (ARRAY['新能源','高端装备','生物医药','现代物流','数字经济'])[1 + p.h % 5],
             (ARRAY['province','city','district'])[1 + p.h % 3], 108 + (p.h % 600) / 100.0, 32 + ((p.h / 600) % 400) / 100.0,
             5000 + p.h % 500000, p.unit_id, (ARRAY['planning','signed','started','building','completed','producing'])[1 + p.h % 6], ${year} - p.h % 2,
             CASE WHEN p.h % 3 = 0 THEN ARRAY['6+2+X'] ELSE '{}' END,
             CASE WHEN p.h % 10 < 7 THEN 'green' WHEN p.h % 10 < 9 THEN 'yellow' ELSE 'red' END,
             CASE WHEN p.h % 10 < 7 THEN NULL WHEN p.h % 10 < 9 THEN '年度投资完成低于序时进度' ELSE '开工节点逾期 45 天' END,
             lower('yc-' || lpad(p.n::text, 6, '0') || ' ' || p.unit_name), ${`${months[0]}-01`}::timestamptz, ${`${months[0]}-01`}::timestamptz
      FROM seed_projects p`.execute(tx);
    await sql`INSERT INTO project_year_plans (tenant_id, project_id, year, planned) SELECT ${t}::uuid, p.id, ${year}, round((5000 + p.h % 500000) * 0.3) FROM seed_projects p`.execute(tx);
    onStep?.('project reports');
    // The same investment each month for a project, so the running total is the month's number times it.
    await sql`
      INSERT INTO project_reports (tenant_id, project_id, period, invested, cumulative, progress, next_plan, late, reported_at)
      SELECT ${t}::uuid, p.id, (${sql.raw(periods)})[g], 100 + p.h % 2000, (100 + p.h % 2000) * g, '按计划推进施工', '继续推进', (p.h + g) % 20 = 0,
             ((${sql.raw(periods)})[g] || '-28')::date::timestamptz
      FROM seed_projects p CROSS JOIN generate_series(1, ${REPORT_MONTHS}) g`.execute(tx);
    await sql`
      INSERT INTO project_problems (tenant_id, project_id, report_id, description, created_at)
      SELECT ${t}::uuid, p.id, r.id, '建设用地指标需协调(压测)', r.reported_at
      FROM seed_projects p JOIN project_reports r ON r.tenant_id = ${t}::uuid AND r.project_id = p.id AND r.period = ${months[REPORT_MONTHS - 1]}
      WHERE p.h % 20 = 0`.execute(tx);
    onStep?.('leads');
    const perUnitLeads = Math.ceil(counts.leads / units);
    await sql`
      INSERT INTO investment_leads (tenant_id, company, industry, intended_investment, source, stage, unit_id, person, next_step, signed_on, signed_amount, funds_in_place, search_key, created_at, updated_at)
      SELECT ${t}::uuid, x.unit_name || '压测企业' || x.n, (ARRAY['新能源','高端装备','生物医药','现代物流','数字经济'])[1 + x.h % 5], 1000 + x.h % 200000, '以商招商',
             (ARRAY['talking','signed','landed','started','producing'])[1 + x.h % 5], x.unit_id, '招商专员', '再次洽谈',
             CASE WHEN x.h % 5 > 0 THEN (${`${year}-01-01`}::date + x.h % 300) END, CASE WHEN x.h % 5 > 0 THEN 1000 + x.h % 200000 END, CASE WHEN x.h % 5 > 1 THEN (1000 + x.h % 200000) / 2 ELSE 0 END,
             lower(x.unit_name || '压测企业' || x.n), now(), now()
      FROM (SELECT u.id AS unit_id, u.name AS unit_name, abs(hashtext(u.id::text || 'ld' || g)) AS h, row_number() OVER (ORDER BY g, u.code) AS n
            FROM org_units u CROSS JOIN generate_series(1, ${perUnitLeads}) g WHERE u.tenant_id = ${t}::uuid AND u.parent_id IS NOT NULL) x
      WHERE x.n <= ${counts.leads}`.execute(tx);
  });
  onStep?.('analyze');
  await sql`ANALYZE projects, project_reports, project_year_plans, project_problems, investment_leads`.execute(db);
  const n = (await sql<{ p: number; r: number; l: number }>`SELECT (SELECT count(*) FROM projects WHERE tenant_id = ${t}::uuid) AS p, (SELECT count(*) FROM project_reports WHERE tenant_id = ${t}::uuid) AS r, (SELECT count(*) FROM investment_leads WHERE tenant_id = ${t}::uuid) AS l`.execute(db)).rows[0]!;
  return { projects: Number(n.p), reports: Number(n.r), leads: Number(n.l) };
}
