import { sql } from 'kysely';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { seedCampaigns } from '../../apps/server/src/seed/campaigns.ts';
import { exportLedger } from '../../apps/server/src/modules/campaigns/campaigns.excel.ts';
import { benchContainer, emit, listenBenchApp, percentile, timeEach } from './lib.ts';
import { benchRegion, call, timeGets } from './supervision.bench.ts';

/**
 * Issue 10 figures, through the HTTP app on loopback: with the scale's problems (100,000 for a
 * province) and their rectification tasks, the 整改台账 export of one region (a city of a province,
 * a district otherwise) — target ≤ 3 s for 10,000 rows — and the campaign statistics of the whole
 * tenant and of one region, p50/p95 over 200 calls — target p95 ≤ 100 ms on PostgreSQL; the problem
 * list's first page for comparison.
 */
export async function runCampaignsBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'campaigns', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const t0 = Date.now();
    const seeded = await seedCampaigns(database, org.tenantId, scale);
    out('seed_problems_seconds', (Date.now() - t0) / 1000, 's');
    out('problems', seeded.problems, 'count');
    const { app, base } = await listenBenchApp(container);
    try {
      const db = container.db;
      const tenant = org.tenantId;
      const { region, rootUser, supervisor } = await benchRegion(db, tenant, scale, base);
      const id = seeded.campaignId;

      const regionRows = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM campaign_problems p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.ancestor_id = ${region}::uuid AND oc.descendant_id = p.unit_id WHERE p.tenant_id = ${tenant}::uuid`.execute(db)).rows[0]!.n);
      out('ledger_export_region_rows', regionRows, 'count');
      const exports = await timeEach(3, () => call(base, supervisor, 'GET', `/api/campaign-problems/export?campaignId=${id}&unitId=${region}`));
      out('ledger_export_region_seconds', percentile(exports, 50) / 1000, 's');
      // The same for 10,000 rows exactly, whatever the region holds: the first 10,000 of the tenant's ledger.
      const ten = await timeEach(3, async () => {
        const rows = await container.campaigns.problems(await container.auth.loadActor(tenant, await db.selectFrom('users').selectAll().where('tenant_id', '=', tenant).where('username', '=', rootUser).executeTakeFirstOrThrow()), { campaignId: id, page: 1, pageSize: 10_000 });
        return rows.data.length;
      });
      out('ledger_read_10000_rows_seconds', percentile(ten, 50) / 1000, 's');
      // The whole campaign's export (read and .xlsx) where it has at most 10,000 problems (a city):
      // the 10,000-row figure, whatever one region of the scale holds.
      if (seeded.problems <= 10_000) {
        const rootActor = await container.auth.loadActor(tenant, await db.selectFrom('users').selectAll().where('tenant_id', '=', tenant).where('username', '=', rootUser).executeTakeFirstOrThrow());
        const whole = await timeEach(3, async () => (await exportLedger(container, rootActor, { campaignId: id })).length);
        out('ledger_export_campaign_rows', seeded.problems, 'count');
        out('ledger_export_campaign_seconds', percentile(whole, 50) / 1000, 's');
      }

      await timeGets(base, supervisor, [
        ['stats_root', `/api/campaigns/${id}/stats`],
        ['stats_region', `/api/campaigns/${id}/stats?unitId=${region}`],
        ['campaign_home', `/api/campaigns/${id}`],
        ['problem_list_region', `/api/campaign-problems?campaignId=${id}&unitId=${region}&pageSize=20`],
      ], out);
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
