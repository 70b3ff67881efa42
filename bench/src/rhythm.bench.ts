import type { Engine } from '../../apps/server/src/db/database.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { periodContaining } from '../../apps/server/src/modules/rhythm/cadence-rules.ts';
import { addCalendarDays, shanghaiDate } from '../../apps/server/src/supervision/rules/working-days.ts';
import { seedCampaigns } from '../../apps/server/src/seed/campaigns.ts';
import { seedProjects } from '../../apps/server/src/seed/projects.ts';
import { seedSupervision } from '../../apps/server/src/seed/supervision.ts';
import { benchContainer, emit, listenBenchApp, percentile, timeEach } from './lib.ts';
import { benchRegion } from './supervision.bench.ts';

/**
 * Issue 12 figures, through the HTTP app on loopback: last month's bulletin generated from live
 * data over the whole tenant (every task, problem and project, ranked by the root's children) —
 * target ≤ 10 s at province scale on PostgreSQL — and over one region; its publication and the
 * Word file written from the locked content.
 */
export async function runRhythmBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'rhythm', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const t0 = Date.now();
    await seedSupervision(database, org.tenantId);
    await seedCampaigns(database, org.tenantId, scale);
    await seedProjects(database, org.tenantId, scale);
    out('seed_seconds', (Date.now() - t0) / 1000, 's');
    const { app, base } = await listenBenchApp(container);
    try {
      const db = container.db;
      const tenant = org.tenantId;
      const { region, supervisor } = await benchRegion(db, tenant, scale, base);
      const period = periodContaining('month', addCalendarDays(periodContaining('month', shanghaiDate(new Date())).start, -1)).key;
      const headers = { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf, 'content-type': 'application/json' };
      const generate = async (scopeUnitId?: string) => {
        const res = await fetch(`${base}/api/bulletins`, { method: 'POST', headers, body: JSON.stringify({ period, ...(scopeUnitId ? { scopeUnitId } : {}) }) });
        const body = (await res.json()) as { id: string; figures: { ranking: unknown[] } };
        if (res.status !== 201) throw new Error(`POST /api/bulletins: ${res.status} ${JSON.stringify(body)}`);
        return body;
      };
      const tasks = Number((await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant).executeTakeFirstOrThrow()).n);
      out('tasks', tasks, 'count');
      let last = { id: '', figures: { ranking: [] as unknown[] } };
      const root = await timeEach(3, async () => (last = await generate()).figures.ranking.length);
      out('bulletin_root_seconds', percentile(root, 50) / 1000, 's');
      out('bulletin_root_ranked_units', last.figures.ranking.length, 'count');
      const regional = await timeEach(3, async () => (await generate(region)).figures.ranking.length);
      out('bulletin_region_seconds', percentile(regional, 50) / 1000, 's');
      await fetch(`${base}/api/bulletins/${last.id}`, { method: 'PUT', headers, body: JSON.stringify({ docNumber: '基准〔2026〕1号' }) });
      const p0 = Date.now();
      const published = await fetch(`${base}/api/bulletins/${last.id}/publish`, { method: 'POST', headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf } });
      if (published.status !== 200) throw new Error(`publish: ${published.status} ${await published.text()}`);
      out('bulletin_publish_seconds', (Date.now() - p0) / 1000, 's');
      const word = await timeEach(3, async () => (await (await fetch(`${base}/api/bulletins/${last.id}/document.docx`, { headers: { cookie: supervisor.cookie } })).arrayBuffer()).byteLength);
      out('bulletin_docx_seconds', percentile(word, 50) / 1000, 's');
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
