import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { recountTenant } from '../supervision/counters.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';

/** Per unit: 70 tasks of its own and (below the top) 30 parts of its parent's tasks — 30% subtasks. */
export const ROOTS_PER_UNIT = 70;
export const PARTS_PER_UNIT = 30;
/** Reports per reporting task: 5, or 6 for seven in ten — about 5,000,000 at province scale. */
export const REPORTS_PER_TASK = 5;

const CATEGORIES = ['产业强市', '科技创新', '改革开放', '民生保障', '城乡区域', '生态环境', '干部担当', '其他'];
const TOPICS = ['老旧小区改造', '重点项目建设', '营商环境优化', '安全生产检查', '河道综合整治', '招商引资攻坚', '乡村振兴示范', '科技企业培育', '养老服务提升', '交通拥堵治理'];

/**
 * Adds supervision work to a generated tenant, entirely in SQL (INSERT … SELECT): tasks in a
 * realistic mix of states with deadlines through the year, subtasks under parents' tasks, and
 * monthly progress reports. Lights are left for the nightly recomputation to set.
 */
export async function seedSupervision(database: Database, tenantId: string, onStep?: (step: string) => void): Promise<{ tasks: number; reports: number }> {
  const db = database.db as Kysely<DB>;
  const t = tenantId;
  const categories = `ARRAY[${CATEGORIES.map((c) => `'${c}'`).join(',')}]`;
  const topics = `ARRAY[${TOPICS.map((c) => `'${c}'`).join(',')}]`;
  // hashtext gives each row a stable pseudo-random number; states and dates follow from it.
  const status = (h: string) => `CASE WHEN ${h} % 100 < 15 THEN 'completed' WHEN ${h} % 100 < 20 THEN 'completion_requested' WHEN ${h} % 100 < 70 THEN 'in_progress' WHEN ${h} % 100 < 85 THEN 'acknowledged' WHEN ${h} % 100 < 95 THEN 'assigned' WHEN ${h} % 100 < 98 THEN 'returned' ELSE 'cancelled' END`;
  await db.transaction().execute(async (tx) => {
    // Counters are left to one recount at the end rather than kept row by row through the bulk load.
    await sql`SELECT set_config('luoshi.counters', 'off', true)`.execute(tx);
    onStep?.('tasks');
    const top = await tx.selectFrom('org_units').select('id').where('tenant_id', '=', t).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    await sql`
      INSERT INTO tasks (tenant_id, id, module, parent_id, root_id, depth, unit_role, title, content, category, owner_unit_id, issuer_unit_id,
                         start_date, deadline, report_cycle, report_due_day, status, percent, own_percent, search_key, created_at, ack_deadline, acknowledged_at)
      SELECT ${t}::uuid, x.id, 'task', NULL, x.id, 0, 'lead', x.title, '', x.category, x.owner, ${top.id}::uuid,
             x.start, x.start + (30 + x.h % 200), 'monthly', 25, x.status,
             CASE WHEN x.status = 'completed' THEN 100 ELSE x.h % 90 END, CASE WHEN x.status = 'completed' THEN 100 ELSE x.h % 90 END,
             lower(x.title), x.start::timestamptz, x.start + 1, CASE WHEN x.status = 'assigned' THEN NULL ELSE x.start::timestamptz END
      FROM (
        SELECT gen_random_uuid() AS id, u.id AS owner, g AS n, abs(hashtext(u.id::text || g)) AS h,
               u.name || (${sql.raw(topics)})[1 + abs(hashtext(u.id::text || g)) % ${TOPICS.length}] || '第' || g || '项' AS title,
               (${sql.raw(categories)})[1 + abs(hashtext(g || u.id::text)) % ${CATEGORIES.length}] AS category,
               DATE '2026-01-05' + abs(hashtext(u.id::text || 's' || g)) % 300 AS start,
               ${sql.raw(status('abs(hashtext(u.id::text || g))'))} AS status
        FROM org_units u CROSS JOIN generate_series(1, ${ROOTS_PER_UNIT}) g
        WHERE u.tenant_id = ${t}::uuid
      ) x`.execute(tx);
    onStep?.('subtasks');
    // The k-th part of each unit hangs under its parent unit's k-th task.
    await sql`
      INSERT INTO tasks (tenant_id, id, module, parent_id, root_id, depth, unit_role, title, content, category, owner_unit_id, issuer_unit_id,
                         start_date, deadline, report_cycle, report_due_day, status, percent, own_percent, search_key, created_at, ack_deadline, acknowledged_at)
      SELECT ${t}::uuid, gen_random_uuid(), 'task', p.id, p.id, 1, 'lead', p.title || '(' || u.name || '分解)', '', p.category, u.id, p.owner_unit_id,
             p.start_date, p.deadline, 'monthly', 25, ${sql.raw(status('abs(hashtext(u.id::text || p.id::text))'))},
             abs(hashtext(u.id::text || p.id::text)) % 90, abs(hashtext(u.id::text || p.id::text)) % 90,
             lower(p.title || u.name), p.created_at, p.start_date + 1, p.created_at
      FROM org_units u
      JOIN LATERAL (SELECT * FROM tasks pt WHERE pt.tenant_id = ${t}::uuid AND pt.owner_unit_id = u.parent_id AND pt.parent_id IS NULL ORDER BY pt.title LIMIT ${PARTS_PER_UNIT}) p ON true
      WHERE u.tenant_id = ${t}::uuid AND u.parent_id IS NOT NULL`.execute(tx);
    onStep?.('reports');
    // The first liaison of each unit files its monthly reports.
    await sql`CREATE TEMP TABLE seed_liaisons ON COMMIT DROP AS
      SELECT DISTINCT ON (u.org_unit_id) u.org_unit_id, u.id FROM users u JOIN role_grants g ON g.tenant_id = u.tenant_id AND g.user_id = u.id
      WHERE u.tenant_id = ${t}::uuid AND g.role = 'liaison' ORDER BY u.org_unit_id, u.username`.execute(tx);
    await sql`
      INSERT INTO progress_reports (tenant_id, id, task_id, org_unit_id, period, done, percent, difficulties, next_steps, late, reported_by, reported_at)
      SELECT ${t}::uuid, gen_random_uuid(), k.id, k.owner_unit_id, to_char(k.start_date + (g - 1) * 30, 'YYYY-MM'),
             '本月按计划推进,完成阶段性工作', least(100, g * 18), '', '继续推进', (abs(hashtext(k.id::text || g)) % 10 = 0), l.id,
             (k.start_date + (g - 1) * 30 + 20)::timestamptz
      FROM tasks k JOIN seed_liaisons l ON l.org_unit_id = k.owner_unit_id
      CROSS JOIN generate_series(1, ${REPORTS_PER_TASK} + 1) g
      WHERE k.tenant_id = ${t}::uuid AND k.status NOT IN ('assigned', 'cancelled')
        AND (g <= ${REPORTS_PER_TASK} OR abs(hashtext(k.id::text)) % 10 < 7)`.execute(tx);
    await sql`UPDATE tasks SET completed_at = deadline::timestamptz WHERE tenant_id = ${t}::uuid AND status = 'completed'`.execute(tx);
    await sql`UPDATE tasks k SET last_report_period = r.p, last_report_at = r.at
      FROM (SELECT task_id, max(period) AS p, max(reported_at) AS at FROM progress_reports WHERE tenant_id = ${t}::uuid GROUP BY task_id) r
      WHERE k.tenant_id = ${t}::uuid AND k.id = r.task_id`.execute(tx);
    onStep?.('counters');
    await sql`SELECT set_config('luoshi.counters', 'on', true)`.execute(tx);
    await recountTenant(tx, t, shanghaiDate(new Date()));
  });
  onStep?.('analyze');
  await sql`VACUUM ANALYZE`.execute(db);
  const counts = await sql<{ tasks: number; reports: number }>`SELECT (SELECT count(*) FROM tasks WHERE tenant_id = ${t}::uuid) AS tasks, (SELECT count(*) FROM progress_reports WHERE tenant_id = ${t}::uuid) AS reports`.execute(db);
  return { tasks: Number(counts.rows[0]?.tasks), reports: Number(counts.rows[0]?.reports) };
}
