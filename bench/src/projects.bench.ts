import { sql } from 'kysely';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { seedProjects } from '../../apps/server/src/seed/projects.ts';
import { shanghaiDate } from '../../apps/server/src/supervision/rules/working-days.ts';
import { benchContainer, emit, listenBenchApp, percentile, timeEach } from './lib.ts';
import { benchRegion, call, timeGets } from './supervision.bench.ts';

/**
 * Issue 11 figures, through the HTTP app on loopback, with the scale's projects, twelve monthly
 * reports each and leads (20,000 / 240,000 / 50,000 for a province): the project dashboard of the
 * whole tenant and of one region, p50/p95 over 200 calls — target p95 ≤ 100 ms on PostgreSQL;
 * submitting a monthly report, p50/p95 over 200 projects — target p95 ≤ 30 ms; and the Excel
 * export of one region's projects (a city of a province) — target ≤ 2 s for 2,000 projects.
 */
export async function runProjectsBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'projects', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const t0 = Date.now();
    const seeded = await seedProjects(database, org.tenantId, scale);
    out('seed_projects_seconds', (Date.now() - t0) / 1000, 's');
    out('projects', seeded.projects, 'count');
    out('project_reports', seeded.reports, 'count');
    out('leads', seeded.leads, 'count');
    const { app, base } = await listenBenchApp(container);
    try {
      const db = container.db;
      const tenant = org.tenantId;
      const { region, supervisor } = await benchRegion(db, tenant, scale, base);
      const year = shanghaiDate(new Date()).slice(0, 4);

      await timeGets(base, supervisor, [
        ['dashboard_root', `/api/projects/dashboard?year=${year}`],
        ['dashboard_region', `/api/projects/dashboard?year=${year}&unitId=${region}`],
        ['project_list_region', `/api/projects?unitId=${region}&pageSize=20`],
      ], out);

      // This month's report on 200 projects, each filed once.
      const period = shanghaiDate(new Date()).slice(0, 7);
      const ids = (await sql<{ id: string }>`SELECT id FROM projects WHERE tenant_id = ${tenant}::uuid ORDER BY code LIMIT 200`.execute(db)).rows.map((r) => r.id);
      let i = 0;
      const submits = await timeEach(ids.length, async () => {
        const status = await call(base, supervisor, 'POST', `/api/projects/${ids[i++]}/reports`, { period, invested: 120, progress: '主体施工' });
        if (status !== 201) throw new Error(`report: ${status}`);
      });
      out('report_submit_p50', percentile(submits, 50), 'ms');
      out('report_submit_p95', percentile(submits, 95), 'ms');

      const regionRows = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.ancestor_id = ${region}::uuid AND oc.descendant_id = p.lead_unit_id WHERE p.tenant_id = ${tenant}::uuid`.execute(db)).rows[0]!.n);
      out('export_region_rows', regionRows, 'count');
      const exports = await timeEach(3, () => call(base, supervisor, 'GET', `/api/projects/export?unitId=${region}`));
      out('export_region_seconds', percentile(exports, 50) / 1000, 's');
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
