-- Per-unit counters behind the leaders' dashboard, the task list's urgency order, and
-- autovacuum settings for tasks.

-- Counters: how many task nodes (件: every task node a unit owns — a split task's parts and
-- co-units' parts each count for their own unit) a unit holds per category, status, light and
-- overdue flag, and per month how many were assigned (交办日期 = start_date, else the day the row
-- was created) and completed. A task counts for its owner unit and for every unit above it (rows
-- fan out through org_closure), so a dashboard reads the rows of its root and the root's children
-- only, however many tasks and units lie below; moving a unit recounts.
-- Rows are deltas (+1 / -1), appended by the triggers below in the
-- transaction that changes a task, so writers never wait on one another for a counter row; the
-- dashboard sums them per unit. The hourly job compacts them and the nightly pass recounts them
-- (which also moves tasks whose deadline has passed into the overdue bucket).
CREATE TABLE unit_task_counts (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  light text NOT NULL,
  overdue boolean NOT NULL,
  n integer NOT NULL
);
CREATE INDEX unit_task_counts_unit_idx ON unit_task_counts (tenant_id, unit_id) INCLUDE (category, status, light, overdue, n);

CREATE TABLE unit_month_counts (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  month text NOT NULL,
  assigned integer NOT NULL,
  completed integer NOT NULL
);
CREATE INDEX unit_month_counts_unit_idx ON unit_month_counts (tenant_id, unit_id, month) INCLUDE (assigned, completed);

-- The day the overdue flags were computed for, per tenant. Writers flag a task overdue against
-- this day; a recount for a new day moves the whole tenant to it.
CREATE TABLE counter_days (
  tenant_id uuid PRIMARY KEY,
  day date NOT NULL
);

CREATE FUNCTION luoshi_counter_day(t uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT day FROM counter_days WHERE tenant_id = t), (now() AT TIME ZONE 'Asia/Shanghai')::date)
$$;

-- Open work past its deadline (awaiting the office's review does not count as overdue).
CREATE FUNCTION luoshi_task_overdue(status text, deadline date, day date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('assigned', 'acknowledged', 'in_progress', 'returned') AND deadline IS NOT NULL AND deadline < day
$$;

-- The month a counted task was assigned (交办), or NULL when it is not counted.
CREATE FUNCTION luoshi_assigned_month(status text, start_date date, created_at timestamptz, deleted_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN deleted_at IS NULL AND status NOT IN ('draft', 'cancelled')
    THEN to_char(coalesce(start_date, (created_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM') END
$$;

CREATE FUNCTION luoshi_completed_month(status text, completed_at timestamptz, deleted_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN deleted_at IS NULL AND status = 'completed' AND completed_at IS NOT NULL
    THEN to_char(completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') END
$$;

-- Inserts and deletes, a statement at a time (an import or a directive's publish is one
-- statement): both triggers call the changed rows `changed_rows`; inserts add, deletes subtract.
-- Bulk writers (the seed generator) set luoshi.counters = 'off' for their transaction and recount.
CREATE FUNCTION luoshi_count_tasks_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
  SELECT r.tenant_id, oc.ancestor_id, coalesce(r.category, ''), r.status, r.light, luoshi_task_overdue(r.status, r.deadline, luoshi_counter_day(r.tenant_id)), s * count(*)
  FROM changed_rows r JOIN org_closure oc ON oc.tenant_id = r.tenant_id AND oc.descendant_id = r.owner_unit_id
  WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO unit_month_counts (tenant_id, unit_id, month, assigned, completed)
  SELECT x.tenant_id, oc.ancestor_id, x.month, s * sum(x.a), s * sum(x.c) FROM (
    SELECT r.tenant_id, r.owner_unit_id AS unit_id, luoshi_assigned_month(r.status, r.start_date, r.created_at, r.deleted_at) AS month, 1 AS a, 0 AS c FROM changed_rows r
    UNION ALL
    SELECT r.tenant_id, r.owner_unit_id, luoshi_completed_month(r.status, r.completed_at, r.deleted_at), 0, 1 FROM changed_rows r
  ) x JOIN org_closure oc ON oc.tenant_id = x.tenant_id AND oc.descendant_id = x.unit_id
  WHERE x.month IS NOT NULL GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

-- One row at a time for updates, and only when a counted column changed (see the WHEN below):
-- a progress report that moves neither light nor status never reaches this function.
CREATE FUNCTION luoshi_count_tasks_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  d := luoshi_counter_day(NEW.tenant_id);
  INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
  SELECT v.tenant_id, oc.ancestor_id, v.category, v.status, v.light, v.overdue, sum(v.n)
  FROM (VALUES
    (OLD.tenant_id, OLD.owner_unit_id, coalesce(OLD.category, ''), OLD.status, OLD.light, luoshi_task_overdue(OLD.status, OLD.deadline, d), OLD.deleted_at IS NULL, -1),
    (NEW.tenant_id, NEW.owner_unit_id, coalesce(NEW.category, ''), NEW.status, NEW.light, luoshi_task_overdue(NEW.status, NEW.deadline, d), NEW.deleted_at IS NULL, 1)
  ) v(tenant_id, unit_id, category, status, light, overdue, live, n)
  JOIN org_closure oc ON oc.tenant_id = v.tenant_id AND oc.descendant_id = v.unit_id
  WHERE v.live GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(v.n) <> 0;
  INSERT INTO unit_month_counts (tenant_id, unit_id, month, assigned, completed)
  SELECT v.tenant_id, oc.ancestor_id, v.month, sum(v.a), sum(v.c)
  FROM (VALUES
    (OLD.tenant_id, OLD.owner_unit_id, luoshi_assigned_month(OLD.status, OLD.start_date, OLD.created_at, OLD.deleted_at), -1, 0),
    (NEW.tenant_id, NEW.owner_unit_id, luoshi_assigned_month(NEW.status, NEW.start_date, NEW.created_at, NEW.deleted_at), 1, 0),
    (OLD.tenant_id, OLD.owner_unit_id, luoshi_completed_month(OLD.status, OLD.completed_at, OLD.deleted_at), 0, -1),
    (NEW.tenant_id, NEW.owner_unit_id, luoshi_completed_month(NEW.status, NEW.completed_at, NEW.deleted_at), 0, 1)
  ) v(tenant_id, unit_id, month, a, c)
  JOIN org_closure oc ON oc.tenant_id = v.tenant_id AND oc.descendant_id = v.unit_id
  WHERE v.month IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(v.a) <> 0 OR sum(v.c) <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_tasks_set();
CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_tasks_set();
CREATE TRIGGER tasks_count_update AFTER UPDATE ON tasks FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.light IS DISTINCT FROM NEW.light OR OLD.owner_unit_id IS DISTINCT FROM NEW.owner_unit_id
        OR OLD.category IS DISTINCT FROM NEW.category OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.completed_at IS DISTINCT FROM NEW.completed_at OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_count_tasks_update();

-- The task list's default order (GET /api/tasks, sort=urgency): red first, then work not yet
-- acknowledged, yellow, the rest, 已办结 and 已取消 last; then by deadline, so within each rank
-- overdue work (the earliest deadlines) leads. The same CASE text is in task.service's list().
CREATE INDEX tasks_urgency_idx ON tasks (tenant_id, (CASE WHEN status = 'completed' THEN 4 WHEN status IN ('cancelled', 'draft') THEN 5 WHEN light = 'red' THEN 0 WHEN status = 'assigned' THEN 1 WHEN light = 'yellow' THEN 2 ELSE 3 END), deadline, id)
  WHERE deleted_at IS NULL;

-- Autovacuum for tasks. Every progress report, light change and reminder rewrites task rows all
-- day, and the lists and the dashboard read them through index-only scans, which fall back to the
-- table for every page not marked all-visible. With the defaults (vacuum after 20% of the rows
-- are dead) a city's 100,000 tasks gather ~20,000 dead rows before a vacuum, and the list slows
-- from 38 to 87 ms meanwhile. Vacuum after 2% + 500 rows, analyze after 5%, vacuum inserts after
-- 5% (keeps the visibility map fresh after imports), and run vacuum unthrottled for this table
-- (cost limit 2000: a city table's vacuum then takes seconds, not minutes). PGlite has no
-- autovacuum and ignores these; the nightly pass vacuums there.
ALTER TABLE tasks SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 500,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_vacuum_insert_scale_factor = 0.05,
  autovacuum_vacuum_cost_limit = 2000
);
-- The counter deltas are appended all day and compacted hourly: vacuum them often too.
ALTER TABLE unit_task_counts SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 1000);
ALTER TABLE unit_month_counts SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 1000);

-- The counters of the tasks already there.
INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
SELECT t.tenant_id, oc.ancestor_id, coalesce(t.category, ''), t.status, t.light, luoshi_task_overdue(t.status, t.deadline, (now() AT TIME ZONE 'Asia/Shanghai')::date), count(*)
FROM tasks t JOIN org_closure oc ON oc.tenant_id = t.tenant_id AND oc.descendant_id = t.owner_unit_id
WHERE t.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO unit_month_counts (tenant_id, unit_id, month, assigned, completed)
SELECT x.tenant_id, oc.ancestor_id, x.month, sum(x.a), sum(x.c) FROM (
  SELECT tenant_id, owner_unit_id AS unit_id, luoshi_assigned_month(status, start_date, created_at, deleted_at) AS month, 1 AS a, 0 AS c FROM tasks
  UNION ALL
  SELECT tenant_id, owner_unit_id, luoshi_completed_month(status, completed_at, deleted_at), 0, 1 FROM tasks
) x JOIN org_closure oc ON oc.tenant_id = x.tenant_id AND oc.descendant_id = x.unit_id
WHERE x.month IS NOT NULL GROUP BY 1, 2, 3;
