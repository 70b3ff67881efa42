import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { shanghaiDate } from './rules/working-days.ts';

/**
 * The per-unit task counters behind the dashboard (migration 0006): a task counts for its owner
 * unit and every unit above it. The suggestion statistics' counters (migration 0029) live by the
 * same rules. Triggers on `tasks` append
 * +1/-1 deltas in every writer's transaction; this module rebuilds them from the tasks (a recount:
 * after a bulk load, a restore, and each night, which also moves newly overdue tasks into the
 * overdue bucket) and folds the deltas into one row per bucket (compaction, hourly). The
 * campaign statistics' counters (migration 0030) count each problem for its unit and every unit
 * above it, with its overdue flag as of the counter day, as the task counters do; the project
 * dashboard's sums (migrations 0033, 0034) add up each live project's reports, plans, stage and
 * place for its lead unit and every unit above it.
 *
 * Both run under the tenant's `counter_days` row lock, and each table is rebuilt by a single
 * statement, so one snapshot decides both what is deleted and what is counted: a writer committing
 * meanwhile is either wholly in that snapshot (its deltas deleted, its change counted) or wholly
 * after it (its deltas kept, its change not counted).
 */

/** What a group of suggestions counts for the statistics (migration 0029), in `suggestion_counts`' column order. */
const SUGGESTION_COUNTS = sql`count(*), count(*) FILTER (WHERE status <> 'new'), count(*) FILTER (WHERE status IN ('answered', 'closed')),
  count(*) FILTER (WHERE first_on_time), count(*) FILTER (WHERE status = 'closed'), count(*) FILTER (WHERE rating IS NOT NULL),
  count(*) FILTER (WHERE rating IN ('satisfied', 'basic'))`;

/** What a group of campaign problems counts for the statistics as of `day` (migration 0030), in `campaign_problem_counts`' column order. */
function problemCounts(day: ReturnType<typeof sql>) {
  return sql`count(*), count(*) FILTER (WHERE p.status IN ('rectifying', 'returned')), count(*) FILTER (WHERE p.status = 'review'),
  count(*) FILTER (WHERE p.status = 'closed'), count(*) FILTER (WHERE luoshi_problem_overdue(p.status, p.deadline, ${day}))`;
}

/**
 * The project dashboard's sums (migration 0033), each rebuilt from the live projects of a tenant:
 * the table, and the INSERT that fills it with one row per unit (every unit above a project's lead
 * unit, and that unit) and bucket.
 */
/** What a unit's projects with coordinates add up to for the map (migration 0034), in `project_place_sums`' column order from `n`. */
const PLACE_SUMS = sql`count(*), sum(p.longitude), sum(p.latitude), sum(p.total_investment), count(*) FILTER (WHERE p.light = 'red'), count(*) FILTER (WHERE p.light = 'yellow')`;

const PROJECT_SUMS: [string, (tenantId: string) => ReturnType<typeof sql>][] = [
  [
    'project_month_sums',
    (t) => sql`INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
      SELECT r.tenant_id, oc.ancestor_id, r.period, sum(r.invested)
      FROM project_reports r JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id AND p.deleted_at IS NULL
      JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
      WHERE r.tenant_id = ${t}::uuid GROUP BY 1, 2, 3`,
  ],
  [
    'project_plan_sums',
    (t) => sql`INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
      SELECT y.tenant_id, oc.ancestor_id, y.year, sum(y.planned)
      FROM project_year_plans y JOIN projects p ON p.tenant_id = y.tenant_id AND p.id = y.project_id AND p.deleted_at IS NULL
      JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
      WHERE y.tenant_id = ${t}::uuid GROUP BY 1, 2, 3`,
  ],
  [
    'project_stage_sums',
    (t) => sql`INSERT INTO project_stage_sums (tenant_id, unit_id, stage, n, total)
      SELECT p.tenant_id, oc.ancestor_id, p.stage, count(*), sum(p.total_investment)
      FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
      WHERE p.tenant_id = ${t}::uuid AND p.deleted_at IS NULL GROUP BY 1, 2, 3`,
  ],
  [
    'project_place_sums',
    (t) => sql`INSERT INTO project_place_sums (tenant_id, unit_id, n, longitude, latitude, total, red, yellow)
      SELECT p.tenant_id, oc.ancestor_id, ${PLACE_SUMS}
      FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
      WHERE p.tenant_id = ${t}::uuid AND p.deleted_at IS NULL AND p.longitude IS NOT NULL AND p.latitude IS NOT NULL GROUP BY 1, 2`,
  ],
];

async function lockDay(tx: Executor, tenantId: string, day: string | null): Promise<void> {
  if (day) {
    await sql`INSERT INTO counter_days (tenant_id, day) VALUES (${tenantId}::uuid, ${day}::date) ON CONFLICT (tenant_id) DO UPDATE SET day = excluded.day`.execute(tx);
  } else {
    await sql`INSERT INTO counter_days (tenant_id, day) VALUES (${tenantId}::uuid, (now() AT TIME ZONE 'Asia/Shanghai')::date) ON CONFLICT (tenant_id) DO UPDATE SET day = counter_days.day`.execute(tx);
  }
}

/** Rebuilds a tenant's counters from its tasks, with overdue flags as of `day` (Shanghai date). Run inside a transaction. */
export async function recountTenant(tx: Executor, tenantId: string, day: string): Promise<void> {
  await lockDay(tx, tenantId, day);
  await sql`
    WITH gone AS (DELETE FROM unit_task_counts WHERE tenant_id = ${tenantId}::uuid)
    INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
    SELECT t.tenant_id, oc.ancestor_id, coalesce(t.category, ''), t.status, t.light, luoshi_task_overdue(t.status, t.deadline, ${day}::date), count(*)
    FROM tasks t JOIN org_closure oc ON oc.tenant_id = t.tenant_id AND oc.descendant_id = t.owner_unit_id
    WHERE t.tenant_id = ${tenantId}::uuid AND t.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM unit_month_counts WHERE tenant_id = ${tenantId}::uuid)
    INSERT INTO unit_month_counts (tenant_id, unit_id, month, assigned, completed)
    SELECT x.tenant_id, oc.ancestor_id, x.month, sum(x.a), sum(x.c) FROM (
      SELECT tenant_id, owner_unit_id AS unit_id, luoshi_assigned_month(status, start_date, created_at, deleted_at) AS month, 1 AS a, 0 AS c FROM tasks WHERE tenant_id = ${tenantId}::uuid
      UNION ALL
      SELECT tenant_id, owner_unit_id, luoshi_completed_month(status, completed_at, deleted_at), 0, 1 FROM tasks WHERE tenant_id = ${tenantId}::uuid
    ) x JOIN org_closure oc ON oc.tenant_id = x.tenant_id AND oc.descendant_id = x.unit_id
    WHERE x.month IS NOT NULL GROUP BY 1, 2, 3`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM suggestion_counts WHERE tenant_id = ${tenantId}::uuid)
    INSERT INTO suggestion_counts (tenant_id, main_unit_id, session, kind, received, assigned, answered, on_time, closed, rated, satisfied)
    SELECT tenant_id, main_unit_id, session, kind, ${SUGGESTION_COUNTS}
    FROM suggestions WHERE tenant_id = ${tenantId}::uuid AND deleted_at IS NULL GROUP BY 1, 2, 3, 4`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM campaign_problem_counts WHERE tenant_id = ${tenantId}::uuid)
    INSERT INTO campaign_problem_counts (tenant_id, campaign_id, unit_id, found, rectifying, review, closed, overdue)
    SELECT p.tenant_id, p.campaign_id, oc.ancestor_id, ${problemCounts(sql`${day}::date`)}
    FROM campaign_problems p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.unit_id
    WHERE p.tenant_id = ${tenantId}::uuid AND p.deleted_at IS NULL GROUP BY 1, 2, 3`.execute(tx);
  for (const [table, select] of PROJECT_SUMS) {
    await sql`WITH gone AS (DELETE FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}::uuid) ${select(tenantId)}`.execute(tx);
  }
}

/** Recounts every tenant (after a restore), inside the caller's transaction. */
export async function recountAll(tx: Executor, day: string): Promise<void> {
  const tenants = await sql<{ id: string }>`SELECT id FROM tenants`.execute(tx);
  for (const t of tenants.rows) await recountTenant(tx, t.id, day);
}

/** Folds a tenant's counter deltas into one row per bucket (rows summing to zero go). Run inside a transaction. */
export async function compactTenant(tx: Executor, tenantId: string): Promise<void> {
  await lockDay(tx, tenantId, null);
  await sql`
    WITH gone AS (DELETE FROM unit_task_counts WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
    SELECT tenant_id, unit_id, category, status, light, overdue, sum(n) FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM unit_month_counts WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO unit_month_counts (tenant_id, unit_id, month, assigned, completed)
    SELECT tenant_id, unit_id, month, sum(assigned), sum(completed) FROM gone GROUP BY 1, 2, 3 HAVING sum(assigned) <> 0 OR sum(completed) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM suggestion_counts WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO suggestion_counts (tenant_id, main_unit_id, session, kind, received, assigned, answered, on_time, closed, rated, satisfied)
    SELECT tenant_id, main_unit_id, session, kind, sum(received), sum(assigned), sum(answered), sum(on_time), sum(closed), sum(rated), sum(satisfied)
    FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(received) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM campaign_problem_counts WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO campaign_problem_counts (tenant_id, campaign_id, unit_id, found, rectifying, review, closed, overdue)
    SELECT tenant_id, campaign_id, unit_id, sum(found), sum(rectifying), sum(review), sum(closed), sum(overdue)
    FROM gone GROUP BY 1, 2, 3 HAVING sum(found) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM project_month_sums WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
    SELECT tenant_id, unit_id, period, sum(invested) FROM gone GROUP BY 1, 2, 3 HAVING sum(invested) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM project_plan_sums WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
    SELECT tenant_id, unit_id, year, sum(planned) FROM gone GROUP BY 1, 2, 3 HAVING sum(planned) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM project_stage_sums WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO project_stage_sums (tenant_id, unit_id, stage, n, total)
    SELECT tenant_id, unit_id, stage, sum(n), sum(total) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0`.execute(tx);
  await sql`
    WITH gone AS (DELETE FROM project_place_sums WHERE tenant_id = ${tenantId}::uuid RETURNING *)
    INSERT INTO project_place_sums (tenant_id, unit_id, n, longitude, latitude, total, red, yellow)
    SELECT tenant_id, unit_id, sum(n), sum(longitude), sum(latitude), sum(total), sum(red), sum(yellow) FROM gone GROUP BY 1, 2 HAVING sum(n) <> 0`.execute(tx);
}

/** The day a tenant's overdue flags were computed for, if ever. */
export async function counterDay(db: Executor, tenantId: string): Promise<string | null> {
  const r = await sql<{ day: string }>`SELECT day FROM counter_days WHERE tenant_id = ${tenantId}::uuid`.execute(db);
  return r.rows[0]?.day ?? null;
}

/**
 * Where a tenant's counters disagree with a full recount from its tasks (as of the tenant's
 * counter day): one row per differing bucket, empty when they agree. For tests and checks.
 */
export async function counterDrift(db: Executor, tenantId: string): Promise<{ kind: string; bucket: string; counted: number; actual: number }[]> {
  const day = (await counterDay(db, tenantId)) ?? shanghaiDate(new Date());
  const tasks = await sql<{ bucket: string; counted: number; actual: number }>`
    WITH kept AS (SELECT concat_ws('|', unit_id, category, status, light, overdue) AS bucket, sum(n) AS n FROM unit_task_counts WHERE tenant_id = ${tenantId}::uuid GROUP BY 1),
    real AS (SELECT concat_ws('|', oc.ancestor_id, coalesce(category, ''), status, light, luoshi_task_overdue(status, deadline, ${day}::date)) AS bucket, count(*) AS n
             FROM tasks t JOIN org_closure oc ON oc.tenant_id = t.tenant_id AND oc.descendant_id = t.owner_unit_id
             WHERE t.tenant_id = ${tenantId}::uuid AND deleted_at IS NULL GROUP BY 1)
    SELECT coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS counted, coalesce(r.n, 0) AS actual
    FROM kept k FULL JOIN real r ON r.bucket = k.bucket WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db);
  const months = await sql<{ bucket: string; counted: number; actual: number }>`
    WITH kept AS (SELECT concat_ws('|', unit_id, month, 'assigned') AS bucket, sum(assigned) AS n FROM unit_month_counts WHERE tenant_id = ${tenantId}::uuid GROUP BY 1
                  UNION ALL SELECT concat_ws('|', unit_id, month, 'completed'), sum(completed) FROM unit_month_counts WHERE tenant_id = ${tenantId}::uuid GROUP BY unit_id, month),
    t AS (SELECT t.*, oc.ancestor_id FROM tasks t JOIN org_closure oc ON oc.tenant_id = t.tenant_id AND oc.descendant_id = t.owner_unit_id WHERE t.tenant_id = ${tenantId}::uuid),
    real AS (SELECT concat_ws('|', ancestor_id, luoshi_assigned_month(status, start_date, created_at, deleted_at), 'assigned') AS bucket, count(*) AS n
             FROM t WHERE luoshi_assigned_month(status, start_date, created_at, deleted_at) IS NOT NULL GROUP BY 1
             UNION ALL
             SELECT concat_ws('|', ancestor_id, luoshi_completed_month(status, completed_at, deleted_at), 'completed'), count(*)
             FROM t WHERE luoshi_completed_month(status, completed_at, deleted_at) IS NOT NULL GROUP BY 1)
    SELECT coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS counted, coalesce(r.n, 0) AS actual
    FROM kept k FULL JOIN real r ON r.bucket = k.bucket WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db);
  // The suggestion counters, a bucket per main unit, session, kind and counted column.
  const names = sql`ARRAY['received', 'assigned', 'answered', 'on_time', 'closed', 'rated', 'satisfied']`;
  const suggestions = await sql<{ bucket: string; counted: number; actual: number }>`
    WITH kept AS (SELECT concat_ws('|', main_unit_id, session, kind, c.name) AS bucket, sum(c.n) AS n
                  FROM suggestion_counts, unnest(${names}, ARRAY[received, assigned, answered, on_time, closed, rated, satisfied]) AS c(name, n)
                  WHERE tenant_id = ${tenantId}::uuid GROUP BY 1),
    real AS (SELECT concat_ws('|', main_unit_id, session, kind, c.name) AS bucket, sum(c.n) AS n
             FROM suggestions, unnest(${names}, ARRAY[1, (status <> 'new')::int, (status IN ('answered', 'closed'))::int, coalesce(first_on_time, false)::int,
                                                     (status = 'closed')::int, (rating IS NOT NULL)::int, coalesce(rating IN ('satisfied', 'basic'), false)::int]) AS c(name, n)
             WHERE tenant_id = ${tenantId}::uuid AND deleted_at IS NULL GROUP BY 1)
    SELECT coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS counted, coalesce(r.n, 0) AS actual
    FROM kept k FULL JOIN real r ON r.bucket = k.bucket WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db);
  // The campaign counters, a bucket per campaign, unit and counted column.
  const columns = sql`ARRAY['found', 'rectifying', 'review', 'closed', 'overdue']`;
  const problems = await sql<{ bucket: string; counted: number; actual: number }>`
    WITH kept AS (SELECT concat_ws('|', campaign_id, unit_id, c.name) AS bucket, sum(c.n) AS n
                  FROM campaign_problem_counts, unnest(${columns}, ARRAY[found, rectifying, review, closed, overdue]) AS c(name, n)
                  WHERE tenant_id = ${tenantId}::uuid GROUP BY 1),
    real AS (SELECT concat_ws('|', p.campaign_id, oc.ancestor_id, c.name) AS bucket, sum(c.n) AS n
             FROM campaign_problems p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.unit_id,
                  unnest(${columns}, ARRAY[1, (p.status IN ('rectifying', 'returned'))::int, (p.status = 'review')::int, (p.status = 'closed')::int,
                                          luoshi_problem_overdue(p.status, p.deadline, ${day}::date)::int]) AS c(name, n)
             WHERE p.tenant_id = ${tenantId}::uuid AND p.deleted_at IS NULL GROUP BY 1)
    SELECT coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS counted, coalesce(r.n, 0) AS actual
    FROM kept k FULL JOIN real r ON r.bucket = k.bucket WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db);
  // The project sums, a bucket per unit and month, year or stage (and counted column).
  const projects = await sql<{ bucket: string; counted: number; actual: number }>`
    WITH kept AS (SELECT concat_ws('|', unit_id, 'month', period) AS bucket, sum(invested) AS n FROM project_month_sums WHERE tenant_id = ${tenantId}::uuid GROUP BY 1
                  UNION ALL SELECT concat_ws('|', unit_id, 'plan', year), sum(planned) FROM project_plan_sums WHERE tenant_id = ${tenantId}::uuid GROUP BY unit_id, year
                  UNION ALL SELECT concat_ws('|', unit_id, 'stage', stage), sum(n) FROM project_stage_sums WHERE tenant_id = ${tenantId}::uuid GROUP BY unit_id, stage
                  UNION ALL SELECT concat_ws('|', unit_id, 'total', stage), sum(total) FROM project_stage_sums WHERE tenant_id = ${tenantId}::uuid GROUP BY unit_id, stage
                  UNION ALL SELECT concat_ws('|', unit_id, 'place', c.name), sum(c.n) FROM project_place_sums,
                    unnest(ARRAY['n', 'longitude', 'latitude', 'total', 'red', 'yellow'], ARRAY[n, longitude, latitude, total, red, yellow]) AS c(name, n)
                    WHERE tenant_id = ${tenantId}::uuid GROUP BY unit_id, c.name),
    p AS (SELECT p.*, oc.ancestor_id FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id WHERE p.tenant_id = ${tenantId}::uuid AND p.deleted_at IS NULL),
    real AS (SELECT concat_ws('|', p.ancestor_id, 'month', r.period) AS bucket, sum(r.invested) AS n FROM p JOIN project_reports r ON r.tenant_id = p.tenant_id AND r.project_id = p.id GROUP BY 1
             UNION ALL SELECT concat_ws('|', p.ancestor_id, 'plan', y.year), sum(y.planned) FROM p JOIN project_year_plans y ON y.tenant_id = p.tenant_id AND y.project_id = p.id GROUP BY p.ancestor_id, y.year
             UNION ALL SELECT concat_ws('|', ancestor_id, 'stage', stage), count(*) FROM p GROUP BY ancestor_id, stage
             UNION ALL SELECT concat_ws('|', ancestor_id, 'total', stage), sum(total_investment) FROM p GROUP BY ancestor_id, stage
             UNION ALL SELECT concat_ws('|', p.ancestor_id, 'place', c.name), sum(c.n) FROM p,
               unnest(ARRAY['n', 'longitude', 'latitude', 'total', 'red', 'yellow'], ARRAY[1, p.longitude, p.latitude, p.total_investment, (p.light = 'red')::int, (p.light = 'yellow')::int]) AS c(name, n)
               WHERE p.longitude IS NOT NULL AND p.latitude IS NOT NULL GROUP BY p.ancestor_id, c.name)
    SELECT coalesce(k.bucket, r.bucket) AS bucket, coalesce(k.n, 0) AS counted, coalesce(r.n, 0) AS actual
    FROM kept k FULL JOIN real r ON r.bucket = k.bucket WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)`.execute(db);
  return [
    ...tasks.rows.map((r) => ({ kind: 'state', ...r })),
    ...projects.rows.map((r) => ({ kind: 'project', ...r })),
    ...months.rows.map((r) => ({ kind: 'month', ...r })),
    ...suggestions.rows.map((r) => ({ kind: 'suggestion', ...r })),
    ...problems.rows.map((r) => ({ kind: 'problem', ...r })),
  ].map((r) => ({ ...r, counted: Number(r.counted), actual: Number(r.actual) }));
}
