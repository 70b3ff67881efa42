import type { Kysely } from 'kysely';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { DB } from '../../apps/server/src/db/schema.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { periodContaining } from '../../apps/server/src/modules/rhythm/cadence-rules.ts';
import { addCalendarDays, shanghaiDate } from '../../apps/server/src/supervision/rules/working-days.ts';
import { seedCampaigns } from '../../apps/server/src/seed/campaigns.ts';
import { seedProjects } from '../../apps/server/src/seed/projects.ts';
import { seedSupervision } from '../../apps/server/src/seed/supervision.ts';
import { seedRhythm } from '../../apps/server/src/seed/rhythm.ts';
import { benchContainer, emit, listenBenchApp, percentile, timeEach } from './lib.ts';
import { benchRegion, timeGets } from './supervision.bench.ts';

/**
 * Issue 12 figures, through the HTTP app on loopback: last month's bulletin generated from live
 * data over the whole tenant (every task, problem and project, ranked by the root's children) —
 * target ≤ 10 s at province scale on PostgreSQL — and over one region; its publication and the
 * Word file written from the locked content. Then the comprehensive assessment of every unit
 * (grouped by kind) for last quarter — target ≤ 30 s at province scale on PostgreSQL: computed
 * from live data (the bulletin's figures over each unit's subtree), scored, ranked and stored.
 * Also the occurrence list over a year of the default rhythms of every city and district (seedRhythm).
 */
export async function runRhythmBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'rhythm', metric, value, unit, engine, scale });
  const { database, container, org } = await benchContainer(engine, scale);
  try {
    const t0 = Date.now();
    await seedSupervision(database, org.tenantId);
    await seedCampaigns(database, org.tenantId, scale);
    await seedProjects(database, org.tenantId, scale);
    const rhythm = await seedRhythm(database, org.tenantId, (db, tenant) => container.rhythm.ensureOccurrences(db, tenant));
    out('seed_seconds', (Date.now() - t0) / 1000, 's');
    out('occurrences', rhythm.occurrences, 'count');
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
      // The rhythm's nodes: the root supervisor's first page (a year of every city's and district's occurrences) and the open ones.
      await timeGets(base, supervisor, [
        ['occurrences', '/api/rhythm/occurrences?pageSize=20'],
        ['occurrences_open', '/api/rhythm/occurrences?status=planned,prepared&pageSize=20'],
      ], out);
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
      await assessAllUnits(base, headers, db, tenant, out);
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}

/** A scheme over every unit but the root (one group per kind of unit), run for last quarter: the first run, then the median of two recomputations. */
async function assessAllUnits(base: string, headers: Record<string, string>, db: Kysely<DB>, tenant: string, out: (metric: string, value: number, unit: string) => void): Promise<void> {
  const units = await db.selectFrom('org_units').select(['id', 'kind']).where('tenant_id', '=', tenant).where('parent_id', 'is not', null).where('active', '=', true).execute();
  const kinds = [...new Set(units.map((u) => u.kind))].sort();
  const lastQuarter = periodContaining('quarter', addCalendarDays(periodContaining('quarter', shanghaiDate(new Date())).start, -1));
  const year = Number(lastQuarter.start.slice(0, 4));
  const definition = {
    dimensions: [
      {
        key: 'work',
        name: '重点工作',
        items: [
          { key: 'ontime', name: '按时办结率', weight: 40, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 60 },
          { key: 'rectify', name: '问题整改率', weight: 30, source: { kind: 'rectification_rate' }, formula: { kind: 'threshold', steps: [{ atLeast: 90, score: 100 }, { atLeast: 70, score: 85 }], otherwise: 60 }, noDataScore: 70 },
          { key: 'invest', name: '投资完成率', weight: 20, source: { kind: 'investment_completion' }, formula: { kind: 'rank', direction: 'higher', top: 100, step: 0.01, min: 60 }, noDataScore: 70 },
          { key: 'satisfaction', name: '建议办理满意度', weight: 10, source: { kind: 'suggestion_satisfaction' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 80 },
        ],
      },
    ],
    adjustments: [{ key: 'praise', name: '表扬', kind: 'bonus', cap: 2 }],
    groups: kinds.map((k) => ({ key: k, name: k, unitIds: units.filter((u) => u.kind === k).map((u) => u.id) })),
    bonusCap: 3,
    deductionCap: 5,
  };
  const created = await fetch(`${base}/api/assessment-schemes`, { method: 'POST', headers, body: JSON.stringify({ year, name: '基准考核办法', definition }) });
  const scheme = (await created.json()) as { id: string };
  if (created.status !== 201) throw new Error(`POST /api/assessment-schemes: ${created.status} ${JSON.stringify(scheme)}`);
  const period = `${year}-Q${Math.floor((Number(lastQuarter.start.slice(5, 7)) - 1) / 3) + 1}`;
  let results = 0;
  const times = await timeEach(3, async () => {
    const res = await fetch(`${base}/api/assessment-schemes/${scheme.id}/runs`, { method: 'POST', headers, body: JSON.stringify({ period }) });
    const body = (await res.json()) as { results: unknown[] };
    if (res.status !== 201) throw new Error(`POST runs: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    results = body.results.length;
  });
  const first = times[0]!;
  out('assessment_all_units_seconds', percentile(times, 50) / 1000, 's');
  out('assessment_all_units_first_seconds', first / 1000, 's');
  out('assessment_units', results, 'count');
}
