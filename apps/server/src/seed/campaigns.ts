import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { recountTenant } from '../supervision/counters.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';
import type { Scale } from './generate.ts';
import { DEFAULT_STAGE_NAMES } from '../modules/campaigns/campaigns.rules.ts';

/** Problems per scale: a province's year (DESIGN.md §5), a tenth of it for a city, a hundredth for a district. */
export const PROBLEMS: Record<Scale, number> = { province: 100_000, city: 10_000, district: 1_000 };

const FOUND = ['窗口服务效率不高', '项目审批环节多', '安全隐患整改不到位', '基层负担偏重', '政策兑现慢', '环境卫生反弹', '消防通道堵塞', '工作作风不实'];

/**
 * Adds a campaign to a generated tenant, entirely in SQL: one 大讨论 of the whole tenant (every unit
 * taking part, the five default stages through the year) with `PROBLEMS[scale]` problems spread
 * over the units, in a realistic mix — a tenth awaiting a plan, half rectifying (some overdue), and
 * the rest awaiting verification, sent back or struck off — each planned one with its rectification
 * task (module 'rectification') in the matching state. Counters are recounted once at the end.
 */
export async function seedCampaigns(database: Database, tenantId: string, scale: Scale, onStep?: (step: string) => void): Promise<{ campaignId: string; problems: number }> {
  const db = database.db as Kysely<DB>;
  const t = tenantId;
  const found = `ARRAY[${FOUND.map((c) => `'${c}'`).join(',')}]`;
  const campaignId = await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('luoshi.counters', 'off', true)`.execute(tx);
    onStep?.('campaign');
    const top = await tx.selectFrom('org_units').select('id').where('tenant_id', '=', t).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const c = await tx.insertInto('campaigns').values({ tenant_id: t, title: '解放思想推动高质量发展大讨论（压测）', kind: 'discussion', start_date: '2026-01-01', end_date: '2026-12-31', organizer_unit_id: top.id, topics: ['产业强市', '科技创新', '改革开放', '民生保障', '城乡区域', '生态环境', '干部担当'], search_key: '解放思想推动高质量发展大讨论' }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('campaign_stages').values(DEFAULT_STAGE_NAMES.map((name, i) => ({ tenant_id: t, campaign_id: c.id, seq: i + 1, name, start_date: `2026-${String(i * 2 + 1).padStart(2, '0')}-01`, end_date: i === 4 ? '2026-12-31' : `2026-${String(i * 2 + 2).padStart(2, '0')}-28` }))).execute();
    await sql`INSERT INTO campaign_units (tenant_id, campaign_id, unit_id) SELECT ${t}::uuid, ${c.id}::uuid, id FROM org_units WHERE tenant_id = ${t}::uuid`.execute(tx);
    onStep?.('problems');
    const units = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM org_units WHERE tenant_id = ${t}::uuid`.execute(tx)).rows[0]!.n);
    const perUnit = Math.ceil(PROBLEMS[scale] / units);
    // The problems, numbered so exactly PROBLEMS[scale] are kept; h decides state and dates.
    await sql`CREATE TEMP TABLE seed_problems ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, gen_random_uuid() AS task_id, x.unit_id, x.h,
             CASE WHEN x.h % 100 < 10 THEN 'found' WHEN x.h % 100 < 60 THEN 'rectifying' WHEN x.h % 100 < 70 THEN 'review' WHEN x.h % 100 < 75 THEN 'returned' ELSE 'closed' END AS status,
             x.unit_name || (${sql.raw(found)})[1 + x.h % ${FOUND.length}] || '(第' || x.g || '个)' AS description,
             DATE '2026-03-01' + x.h % 120 AS found_on
      FROM (SELECT u.id AS unit_id, u.name AS unit_name, g, abs(hashtext(u.id::text || 'p' || g)) AS h, row_number() OVER (ORDER BY g, u.code) AS n
            FROM org_units u CROSS JOIN generate_series(1, ${perUnit}) g WHERE u.tenant_id = ${t}::uuid) x
      WHERE x.n <= ${PROBLEMS[scale]}`.execute(tx);
    await sql`
      INSERT INTO tasks (tenant_id, id, module, parent_id, root_id, depth, unit_role, title, content, owner_unit_id, issuer_unit_id,
                         start_date, deadline, report_cycle, report_due_day, status, percent, own_percent, search_key, created_at, ack_deadline, acknowledged_at, completed_at)
      SELECT ${t}::uuid, p.task_id, 'rectification', NULL, p.task_id, 0, 'lead', '整改:' || p.description, '', p.unit_id, ${top.id}::uuid,
             p.found_on, p.found_on + 20 + p.h % 150, 'none', 0,
             CASE p.status WHEN 'rectifying' THEN 'in_progress' WHEN 'review' THEN 'completion_requested' WHEN 'returned' THEN 'returned' ELSE 'completed' END,
             CASE WHEN p.status = 'closed' THEN 100 ELSE p.h % 90 END, CASE WHEN p.status = 'closed' THEN 100 ELSE p.h % 90 END,
             lower('整改:' || p.description), p.found_on::timestamptz, p.found_on + 1, p.found_on::timestamptz,
             CASE WHEN p.status = 'closed' THEN (p.found_on + 20 + p.h % 150)::timestamptz END
      FROM seed_problems p WHERE p.status <> 'found'`.execute(tx);
    await sql`
      INSERT INTO campaign_problems (tenant_id, id, campaign_id, source, topic, unit_id, description, severity, found_on, status, measures, deadline, task_id,
                                     close_requested_at, verified_at, return_reason, search_key, created_at, updated_at)
      SELECT ${t}::uuid, p.id, ${c.id}::uuid, (ARRAY['self','superior','inspection','public','hazard','tour'])[1 + p.h % 6], NULL, p.unit_id, p.description,
             (ARRAY['normal','normal','serious','major'])[1 + p.h % 4], p.found_on, p.status,
             CASE WHEN p.status = 'found' THEN '' ELSE '制定整改方案,明确责任和时限,按周调度' END,
             CASE WHEN p.status = 'found' THEN NULL ELSE p.found_on + 20 + p.h % 150 END,
             CASE WHEN p.status = 'found' THEN NULL ELSE p.task_id END,
             CASE WHEN p.status IN ('review', 'closed', 'returned') THEN (p.found_on + 15)::timestamptz END,
             CASE WHEN p.status = 'closed' THEN (p.found_on + 20)::timestamptz END,
             CASE WHEN p.status = 'returned' THEN '佐证材料不全' END,
             lower(p.description), p.found_on::timestamptz, p.found_on::timestamptz
      FROM seed_problems p`.execute(tx);
    onStep?.('counters');
    await sql`SELECT set_config('luoshi.counters', 'on', true)`.execute(tx);
    await recountTenant(tx, t, shanghaiDate(new Date()));
    return c.id;
  });
  onStep?.('analyze');
  await sql`VACUUM ANALYZE`.execute(db);
  const n = await sql<{ n: number }>`SELECT count(*) AS n FROM campaign_problems WHERE tenant_id = ${t}::uuid`.execute(db);
  return { campaignId, problems: Number(n.rows[0]?.n) };
}
