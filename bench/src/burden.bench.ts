import { sql } from 'kysely';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { seedSupervision } from '../../apps/server/src/seed/supervision.ts';
import { shanghaiDate } from '../../apps/server/src/supervision/rules/working-days.ts';
import { benchContainer, emit, listenBenchApp, percentile, timeEach } from './lib.ts';
import { benchRegion, call } from './supervision.bench.ts';

/**
 * The reporting burden (issue 12 item 5) through the HTTP app on loopback, with the scale's tasks
 * (each reporting monthly): this month's burden of the root's level (the root and the units below it) and of one region's (a city of
 * a province, a district otherwise), its Excel export, and one unit's drawer; medians of 3 calls.
 */
export async function runBurdenBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'burden', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const seeded = await seedSupervision(database, org.tenantId);
    out('tasks', seeded.tasks, 'count');
    const { app, base } = await listenBenchApp(container);
    try {
      const db = container.db;
      const tenant = org.tenantId;
      const { region, supervisor } = await benchRegion(db, tenant, scale, base);
      const root = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND parent_id IS NULL`.execute(db)).rows[0]!.id;
      const month = shanghaiDate(new Date()).slice(0, 7);
      const busiest = (await sql<{ id: string }>`SELECT owner_unit_id AS id FROM tasks WHERE tenant_id = ${tenant}::uuid GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0]!.id;
      const rootRequests = await container.burden.requests(tenant, root, month, true);
      out('requests_root_level', rootRequests.length, 'count');
      for (const [name, path] of [
        ['root_level', `/api/burden?month=${month}&unitId=${root}`],
        ['region', `/api/burden?month=${month}&unitId=${region}`],
        ['export_root_level', `/api/burden/export?month=${month}&unitId=${root}`],
        ['unit', `/api/burden/unit?month=${month}&unitId=${busiest}`],
      ] as const) {
        const status = await call(base, supervisor, 'GET', path);
        if (status !== 200) throw new Error(`${path}: ${status}`);
        out(`${name}_seconds`, percentile(await timeEach(3, () => call(base, supervisor, 'GET', path)), 50) / 1000, 's');
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
