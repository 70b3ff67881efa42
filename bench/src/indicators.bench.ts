import { sql } from 'kysely';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { shanghaiDate } from '../../apps/server/src/supervision/rules/working-days.ts';
import { seedSuggestions } from '../../apps/server/src/seed/suggestions.ts';
import { benchContainer, emit, listenBenchApp } from './lib.ts';
import { benchRegion, timeGets } from './supervision.bench.ts';

const INDICATORS = 20;
const PEERS = 10;
const YEARS = 5;

/**
 * Issue 13 figure, through the HTTP app on loopback: the benchmarking view for 20 indicators (ten
 * quarterly and cumulative, eight yearly, two derived by formula) across 10 peers over 5 years, for
 * the root unit and for one region, p50/p95 over 200 calls — target p95 ≤ 100 ms on PostgreSQL;
 * and one unit's achievement table for the year. Values are seeded for every unit down to the
 * scale's regions (city, district), and for every peer. Then the suggestion statistics (50,000 at
 * province scale, seedSuggestions) by main unit and by session over the whole tenant — target
 * p95 ≤ 100 ms on PostgreSQL.
 */
export async function runIndicatorsBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'indicators', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const db = container.db;
    const tenant = org.tenantId;
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    const t0 = Date.now();
    const root = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND parent_id IS NULL LIMIT 1`.execute(db)).rows[0]!.id;
    const units = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND kind IN ('province', 'city', 'district')`.execute(db)).rows.map((r) => r.id);
    const now = new Date();
    const indicators = await db
      .insertInto('indicators')
      .values(
        Array.from({ length: INDICATORS }, (_, i) => ({
          tenant_id: tenant,
          code: `B${String(i + 1).padStart(2, '0')}`,
          name: `基准指标${i + 1}`,
          direction: i % 7 === 6 ? ('lower' as const) : ('higher' as const),
          frequency: i < 10 ? ('quarter' as const) : ('year' as const),
          cumulative: i < 10,
          // The last two are derived from the first quarterly ones.
          formula: i === 18 ? '{B01} * 10000 / {B02}' : i === 19 ? '({B03} + {B04}) / 2' : null,
          unit_id: root,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'frequency', 'formula'])
      .execute();
    const peers = await db
      .insertInto('peers')
      .values(Array.from({ length: PEERS }, (_, i) => ({ tenant_id: tenant, name: `对标城市${i + 1}`, kind: 'city' as const, created_at: now })))
      .returning('id')
      .execute();
    const periods = (frequency: string) => Array.from({ length: YEARS }, (_, y) => year - YEARS + 1 + y).flatMap((y) => (frequency === 'quarter' ? [1, 2, 3, 4].map((q) => `${y}-Q${q}`) : [String(y)]));
    const entered = indicators.filter((i) => !i.formula);
    const values = units.flatMap((unit, u) => entered.flatMap((ind, k) => periods(ind.frequency).map((period, p) => ({ tenant_id: tenant, indicator_id: ind.id, org_unit_id: unit, period, value: 100 + ((u * 7 + k * 13 + p * 3) % 50), entered_at: now }))));
    for (let i = 0; i < values.length; i += 2000) await db.insertInto('indicator_values').values(values.slice(i, i + 2000)).execute();
    const peerValues = peers.flatMap((peer, u) => entered.flatMap((ind, k) => periods(ind.frequency).map((period, p) => ({ tenant_id: tenant, peer_id: peer.id, indicator_id: ind.id, period, value: 95 + ((u * 11 + k * 5 + p * 7) % 60), source: '统计公报', entered_at: now }))));
    for (let i = 0; i < peerValues.length; i += 2000) await db.insertInto('peer_values').values(peerValues.slice(i, i + 2000)).execute();
    await db
      .insertInto('indicator_targets')
      .values(units.flatMap((unit) => indicators.map((ind) => ({ tenant_id: tenant, indicator_id: ind.id, org_unit_id: unit, year, target: 130, set_at: now }))))
      .execute();
    out('seed_indicators_seconds', (Date.now() - t0) / 1000, 's');
    out('indicator_values', values.length, 'count');
    out('peer_values', peerValues.length, 'count');
    const t1 = Date.now();
    const seeded = await seedSuggestions(database, tenant, scale);
    out('seed_suggestions_seconds', (Date.now() - t1) / 1000, 's');
    out('suggestions', seeded.suggestions, 'count');

    const { app, base } = await listenBenchApp(container);
    try {
      const { region, supervisor } = await benchRegion(db, tenant, scale, base);
      const range = `fromYear=${year - YEARS + 1}&toYear=${year}`;
      await timeGets(base, supervisor, [
        ['benchmark_root', `/api/indicators/benchmark?orgUnitId=${root}&${range}`],
        ['benchmark_region', `/api/indicators/benchmark?orgUnitId=${region}&${range}`],
        ['achievement_region', `/api/indicators/achievement?orgUnitId=${region}&year=${year}`],
        // The suggestion statistics over the whole tenant (the root's supervisor), by main unit and by session.
        ['suggestion_stats', '/api/suggestions/stats?by=unit&pageSize=50'],
        ['suggestion_stats_session', '/api/suggestions/stats?by=session'],
      ], out);
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
