import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { recountTenant } from '../supervision/counters.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';
import type { Scale } from './generate.ts';

/** Suggestions per scale: a province's 50,000 (issue 13), a tenth for a city, a hundredth for a district. */
export const SUGGESTIONS: Record<Scale, number> = { province: 50_000, city: 5_000, district: 500 };

const TOPICS = ['增设停车位', '优化公交线路', '加强养老服务', '改善营商环境', '治理河道污染', '扩大学位供给', '推进老旧小区改造', '提升基层医疗'];

/**
 * Adds deputies' suggestions to a generated tenant, entirely in SQL: `SUGGESTIONS[scale]` over five
 * sessions, registered by the root unit's office and handled by the units below it (streets
 * excepted), in a realistic mix — a twentieth not yet assigned, three tenths being handled (some
 * in a second round after 不满意), a sixth answered awaiting the rating and the rest closed with
 * 满意 or 基本满意 — each assigned one with its handling task (module 'suggestion') in the matching
 * state and its rounds. Counters are recounted once at the end.
 */
export async function seedSuggestions(database: Database, tenantId: string, scale: Scale): Promise<{ suggestions: number }> {
  const db = database.db as Kysely<DB>;
  const t = tenantId;
  const topics = `ARRAY[${TOPICS.map((c) => `'${c}'`).join(',')}]`;
  await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('luoshi.counters', 'off', true)`.execute(tx);
    const top = await tx.selectFrom('org_units').select('id').where('tenant_id', '=', t).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const units = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM org_units WHERE tenant_id = ${t}::uuid AND parent_id IS NOT NULL AND kind <> 'street'`.execute(tx)).rows[0]!.n);
    const perUnit = Math.ceil(SUGGESTIONS[scale] / Math.max(units, 1));
    await sql`CREATE TEMP TABLE seed_suggestions ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, gen_random_uuid() AS task_id, x.unit_id, x.h, x.n,
             CASE WHEN x.h % 100 < 5 THEN 'new' WHEN x.h % 100 < 35 THEN 'handling' WHEN x.h % 100 < 52 THEN 'answered' ELSE 'closed' END AS status,
             '第' || (1 + x.h % 5) || '次会议' AS session,
             '关于' || x.unit_name || (${sql.raw(topics)})[1 + x.h % ${TOPICS.length}] || '的建议' AS title,
             DATE '2026-01-10' + x.h % 60 AS assigned_on
      FROM (SELECT u.id AS unit_id, u.name AS unit_name, abs(hashtext(u.id::text || 's' || g)) AS h, row_number() OVER (ORDER BY g, u.code) AS n
            FROM org_units u CROSS JOIN generate_series(1, ${perUnit}) g WHERE u.tenant_id = ${t}::uuid AND u.parent_id IS NOT NULL AND u.kind <> 'street') x
      WHERE x.n <= ${SUGGESTIONS[scale]}`.execute(tx);
    // A second round for a seventh of those being handled: rated 不满意 once.
    await sql`ALTER TABLE seed_suggestions ADD COLUMN round integer`.execute(tx);
    await sql`UPDATE seed_suggestions SET round = CASE WHEN status = 'new' THEN 0 WHEN status = 'handling' AND h % 7 = 0 THEN 2 ELSE 1 END`.execute(tx);
    await sql`
      INSERT INTO tasks (tenant_id, id, module, parent_id, root_id, depth, unit_role, title, content, owner_unit_id, issuer_unit_id,
                         start_date, deadline, report_cycle, report_due_day, status, percent, own_percent, search_key, created_at, ack_deadline, acknowledged_at, completed_at)
      SELECT ${t}::uuid, s.task_id, 'suggestion', NULL, s.task_id, 0, 'lead', s.session || '第' || s.n || '号建议:' || s.title, '', s.unit_id, ${top.id}::uuid,
             s.assigned_on, s.assigned_on + 90 + CASE WHEN s.round = 2 THEN 30 ELSE 0 END, 'none', 0,
             CASE WHEN s.status = 'handling' AND s.round = 2 THEN 'returned' WHEN s.status = 'handling' THEN 'in_progress' WHEN s.status = 'answered' THEN 'completion_requested' ELSE 'completed' END,
             CASE WHEN s.status = 'closed' THEN 100 ELSE s.h % 90 END, CASE WHEN s.status = 'closed' THEN 100 ELSE s.h % 90 END,
             lower(s.title), s.assigned_on::timestamptz, s.assigned_on + 1, s.assigned_on::timestamptz,
             CASE WHEN s.status = 'closed' THEN (s.assigned_on + 80)::timestamptz END
      FROM seed_suggestions s WHERE s.status <> 'new'`.execute(tx);
    await sql`
      INSERT INTO suggestions (tenant_id, id, kind, number, session, title, content, proposer_names, office_unit_id, status, main_unit_id, task_id,
                               assigned_at, deadline, round, category, answered_at, first_on_time, rating, search_key, created_at, updated_at)
      SELECT ${t}::uuid, s.id, 'suggestion', s.n::text, s.session, s.title, '', ARRAY['代表' || (1 + s.h % 500)], ${top.id}::uuid, s.status,
             CASE WHEN s.status = 'new' THEN NULL ELSE s.unit_id END,
             CASE WHEN s.status = 'new' THEN NULL ELSE s.task_id END,
             CASE WHEN s.status = 'new' THEN NULL ELSE s.assigned_on::timestamptz END,
             CASE WHEN s.status = 'new' THEN NULL ELSE s.assigned_on + 90 + CASE WHEN s.round = 2 THEN 30 ELSE 0 END END,
             s.round,
             CASE WHEN s.status IN ('answered', 'closed') OR s.round = 2 THEN (ARRAY['A','A','B','C'])[1 + s.h % 4] END,
             CASE WHEN s.status IN ('answered', 'closed') THEN (s.assigned_on + 60 + s.h % 50)::timestamptz END,
             CASE WHEN s.status IN ('answered', 'closed') OR s.round = 2 THEN s.h % 10 < 8 END,
             CASE WHEN s.round = 2 THEN 'unsatisfied' WHEN s.status = 'closed' THEN (ARRAY['satisfied','satisfied','satisfied','basic'])[1 + s.h % 4] END,
             lower(s.n || ' ' || s.title), s.assigned_on::timestamptz - interval '5 days', s.assigned_on::timestamptz
      FROM seed_suggestions s`.execute(tx);
    await sql`
      INSERT INTO suggestion_rounds (tenant_id, suggestion_id, round, deadline, started_at, answer, category, answered_at, on_time, rating, rated_at)
      SELECT ${t}::uuid, s.id, r, s.assigned_on + 90 + CASE WHEN r = 2 THEN 30 ELSE 0 END, s.assigned_on::timestamptz,
             CASE WHEN r < s.round OR s.status IN ('answered', 'closed') THEN '已研究办理,答复如下。' END,
             CASE WHEN r < s.round OR s.status IN ('answered', 'closed') THEN (ARRAY['A','A','B','C'])[1 + s.h % 4] END,
             CASE WHEN r < s.round OR s.status IN ('answered', 'closed') THEN (s.assigned_on + 60 + s.h % 50)::timestamptz END,
             CASE WHEN r < s.round OR s.status IN ('answered', 'closed') THEN s.h % 10 < 8 END,
             CASE WHEN r < s.round THEN 'unsatisfied' WHEN s.status = 'closed' THEN (ARRAY['satisfied','satisfied','satisfied','basic'])[1 + s.h % 4] END,
             CASE WHEN r < s.round OR s.status = 'closed' THEN (s.assigned_on + 85)::timestamptz END
      FROM seed_suggestions s CROSS JOIN LATERAL generate_series(1, s.round) r`.execute(tx);
    await sql`SELECT set_config('luoshi.counters', 'on', true)`.execute(tx);
    await recountTenant(tx, t, shanghaiDate(new Date()));
  });
  await sql`VACUUM ANALYZE`.execute(db);
  const n = await sql<{ n: number }>`SELECT count(*) AS n FROM suggestions WHERE tenant_id = ${t}::uuid`.execute(db);
  return { suggestions: Number(n.rows[0]?.n) };
}
