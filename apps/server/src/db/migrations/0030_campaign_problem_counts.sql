-- Counters behind the campaign statistics (GET /api/campaigns/:id/stats): the problems a campaign
-- found in each unit's subtree (a problem counts for its unit and every unit above it, as a task
-- counts in unit_task_counts), by state — found, being rectified (rectifying or sent back),
-- awaiting verification, struck off — and overdue: being rectified with its deadline before the
-- tenant's counter day (counter_days, the day of the last recount). The statistics read the units
-- they show instead of every problem of the campaign, and correct overdue for the deadlines
-- between the counter day and today. Rows are deltas, appended by the triggers below in the
-- writer's transaction, folded hourly and rebuilt nightly with the task counters
-- (supervision/counters.ts); bulk writers set luoshi.counters = 'off' and recount.
CREATE TABLE campaign_problem_counts (
  tenant_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  found integer NOT NULL,
  rectifying integer NOT NULL,
  review integer NOT NULL,
  closed integer NOT NULL,
  overdue integer NOT NULL
);
CREATE INDEX campaign_problem_counts_idx ON campaign_problem_counts (tenant_id, campaign_id, unit_id) INCLUDE (found, rectifying, review, closed, overdue);

-- Being rectified (or sent back) past its deadline as of `day`.
CREATE FUNCTION luoshi_problem_overdue(status text, deadline date, day date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('rectifying', 'returned') AND deadline IS NOT NULL AND deadline < day
$$;

-- The open problems whose overdue flag the statistics correct live, found by deadline.
CREATE INDEX campaign_problems_open_deadline_idx ON campaign_problems (tenant_id, campaign_id, deadline) WHERE status IN ('rectifying', 'returned') AND deleted_at IS NULL;

-- Inserts and deletes a statement at a time (an import is one statement); inserts add, deletes subtract.
CREATE FUNCTION luoshi_count_problems_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO campaign_problem_counts (tenant_id, campaign_id, unit_id, found, rectifying, review, closed, overdue)
  SELECT r.tenant_id, r.campaign_id, oc.ancestor_id, s * count(*),
         s * count(*) FILTER (WHERE r.status IN ('rectifying', 'returned')),
         s * count(*) FILTER (WHERE r.status = 'review'),
         s * count(*) FILTER (WHERE r.status = 'closed'),
         s * count(*) FILTER (WHERE luoshi_problem_overdue(r.status, r.deadline, luoshi_counter_day(r.tenant_id)))
  FROM changed_rows r JOIN org_closure oc ON oc.tenant_id = r.tenant_id AND oc.descendant_id = r.unit_id
  WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

-- One row at a time for updates, only when a counted column changed (see the WHEN below).
CREATE FUNCTION luoshi_count_problems_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  d := luoshi_counter_day(NEW.tenant_id);
  INSERT INTO campaign_problem_counts (tenant_id, campaign_id, unit_id, found, rectifying, review, closed, overdue)
  SELECT v.tenant_id, v.campaign_id, oc.ancestor_id, sum(v.n),
         coalesce(sum(v.n) FILTER (WHERE v.status IN ('rectifying', 'returned')), 0),
         coalesce(sum(v.n) FILTER (WHERE v.status = 'review'), 0),
         coalesce(sum(v.n) FILTER (WHERE v.status = 'closed'), 0),
         coalesce(sum(v.n) FILTER (WHERE luoshi_problem_overdue(v.status, v.deadline, d)), 0)
  FROM (VALUES
    (OLD.tenant_id, OLD.campaign_id, OLD.unit_id, OLD.status, OLD.deadline, OLD.deleted_at IS NULL, -1),
    (NEW.tenant_id, NEW.campaign_id, NEW.unit_id, NEW.status, NEW.deadline, NEW.deleted_at IS NULL, 1)
  ) v(tenant_id, campaign_id, unit_id, status, deadline, live, n)
  JOIN org_closure oc ON oc.tenant_id = v.tenant_id AND oc.descendant_id = v.unit_id
  WHERE v.live GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE TRIGGER campaign_problems_count_insert AFTER INSERT ON campaign_problems REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_problems_set();
CREATE TRIGGER campaign_problems_count_delete AFTER DELETE ON campaign_problems REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_problems_set();
CREATE TRIGGER campaign_problems_count_update AFTER UPDATE ON campaign_problems FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
        OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_count_problems_update();

-- The problems already there.
INSERT INTO campaign_problem_counts (tenant_id, campaign_id, unit_id, found, rectifying, review, closed, overdue)
SELECT p.tenant_id, p.campaign_id, oc.ancestor_id, count(*),
       count(*) FILTER (WHERE p.status IN ('rectifying', 'returned')),
       count(*) FILTER (WHERE p.status = 'review'),
       count(*) FILTER (WHERE p.status = 'closed'),
       count(*) FILTER (WHERE luoshi_problem_overdue(p.status, p.deadline, luoshi_counter_day(p.tenant_id)))
FROM campaign_problems p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.unit_id
WHERE p.deleted_at IS NULL GROUP BY 1, 2, 3;
