-- Sums behind the project dashboard and the monthly project bulletin (GET /api/projects/dashboard):
-- for each unit, what the live projects led by it or by any unit below it add up to —
--   project_month_sums: the investment reported per month;
--   project_plan_sums:  the investment planned per year;
--   project_stage_sums: the projects per stage, and their total investment.
-- A reader who sees the whole subtree of the unit asked reads these rows (the unit's and its
-- districts') instead of every project and monthly report under it (240,000 reports at province).
-- Rows are deltas, appended by the triggers below in the writer's transaction, folded hourly and
-- rebuilt nightly with the other counters (supervision/counters.ts); bulk writers set
-- luoshi.counters = 'off' and recount. Projects are deleted softly (deleted_at), which the triggers
-- follow; a project row deleted outright is not followed (the next recount mends it).
CREATE TABLE project_month_sums (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  period text NOT NULL,
  invested numeric NOT NULL
);
CREATE INDEX project_month_sums_idx ON project_month_sums (tenant_id, unit_id, period) INCLUDE (invested);

CREATE TABLE project_plan_sums (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  year integer NOT NULL,
  planned numeric NOT NULL
);
CREATE INDEX project_plan_sums_idx ON project_plan_sums (tenant_id, unit_id, year) INCLUDE (planned);

CREATE TABLE project_stage_sums (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  stage text NOT NULL,
  n integer NOT NULL,
  total numeric NOT NULL
);
CREATE INDEX project_stage_sums_idx ON project_stage_sums (tenant_id, unit_id, stage) INCLUDE (n, total);

-- Monthly reports and yearly plans, a statement at a time for inserts and deletes (for the live
-- project each belongs to); inserts add, deletes subtract.
CREATE FUNCTION luoshi_sum_project_reports_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
  SELECT r.tenant_id, oc.ancestor_id, r.period, s * sum(r.invested)
  FROM changed_rows r
  JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id AND p.deleted_at IS NULL
  JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION luoshi_sum_project_reports_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
  SELECT v.tenant_id, oc.ancestor_id, v.period, sum(v.invested)
  FROM (VALUES (OLD.tenant_id, OLD.project_id, OLD.period, -OLD.invested), (NEW.tenant_id, NEW.project_id, NEW.period, NEW.invested)) v(tenant_id, project_id, period, invested)
  JOIN projects p ON p.tenant_id = v.tenant_id AND p.id = v.project_id AND p.deleted_at IS NULL
  JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE TRIGGER project_reports_sum_insert AFTER INSERT ON project_reports REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_project_reports_set();
CREATE TRIGGER project_reports_sum_delete AFTER DELETE ON project_reports REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_project_reports_set();
CREATE TRIGGER project_reports_sum_update AFTER UPDATE ON project_reports FOR EACH ROW
  WHEN (OLD.invested IS DISTINCT FROM NEW.invested OR OLD.period IS DISTINCT FROM NEW.period OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_sum_project_reports_update();

CREATE FUNCTION luoshi_sum_project_plans_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
  SELECT r.tenant_id, oc.ancestor_id, r.year, s * sum(r.planned)
  FROM changed_rows r
  JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id AND p.deleted_at IS NULL
  JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION luoshi_sum_project_plans_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
  SELECT v.tenant_id, oc.ancestor_id, v.year, sum(v.planned)
  FROM (VALUES (OLD.tenant_id, OLD.project_id, OLD.year, -OLD.planned), (NEW.tenant_id, NEW.project_id, NEW.year, NEW.planned)) v(tenant_id, project_id, year, planned)
  JOIN projects p ON p.tenant_id = v.tenant_id AND p.id = v.project_id AND p.deleted_at IS NULL
  JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
  GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE TRIGGER project_year_plans_sum_insert AFTER INSERT ON project_year_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_project_plans_set();
CREATE TRIGGER project_year_plans_sum_delete AFTER DELETE ON project_year_plans REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_project_plans_set();
CREATE TRIGGER project_year_plans_sum_update AFTER UPDATE ON project_year_plans FOR EACH ROW
  WHEN (OLD.planned IS DISTINCT FROM NEW.planned OR OLD.year IS DISTINCT FROM NEW.year OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_sum_project_plans_update();

-- Projects: inserted and deleted a statement at a time (stages only: a new project has no
-- reports or plans yet); updated a row at a time — a new stage or total moves the stage sums, and
-- a new lead unit or a soft delete moves the project's reports and plans with it too.
CREATE FUNCTION luoshi_sum_projects_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_stage_sums (tenant_id, unit_id, stage, n, total)
  SELECT r.tenant_id, oc.ancestor_id, r.stage, s * count(*), s * sum(r.total_investment)
  FROM changed_rows r JOIN org_closure oc ON oc.tenant_id = r.tenant_id AND oc.descendant_id = r.lead_unit_id
  WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION luoshi_sum_projects_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_stage_sums (tenant_id, unit_id, stage, n, total)
  SELECT v.tenant_id, oc.ancestor_id, v.stage, sum(v.n), sum(v.n * v.total)
  FROM (VALUES (OLD.tenant_id, OLD.lead_unit_id, OLD.stage, OLD.total_investment, OLD.deleted_at IS NULL, -1),
               (NEW.tenant_id, NEW.lead_unit_id, NEW.stage, NEW.total_investment, NEW.deleted_at IS NULL, 1)) v(tenant_id, unit_id, stage, total, live, n)
  JOIN org_closure oc ON oc.tenant_id = v.tenant_id AND oc.descendant_id = v.unit_id
  WHERE v.live GROUP BY 1, 2, 3;
  IF OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id OR (OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deleted_at IS NULL) THEN
    INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
    SELECT r.tenant_id, oc.ancestor_id, r.period, sum(v.n * r.invested)
    FROM (VALUES (OLD.lead_unit_id, OLD.deleted_at IS NULL, -1), (NEW.lead_unit_id, NEW.deleted_at IS NULL, 1)) v(unit_id, live, n)
    JOIN project_reports r ON r.tenant_id = NEW.tenant_id AND r.project_id = NEW.id
    JOIN org_closure oc ON oc.tenant_id = NEW.tenant_id AND oc.descendant_id = v.unit_id
    WHERE v.live GROUP BY 1, 2, 3;
    INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
    SELECT y.tenant_id, oc.ancestor_id, y.year, sum(v.n * y.planned)
    FROM (VALUES (OLD.lead_unit_id, OLD.deleted_at IS NULL, -1), (NEW.lead_unit_id, NEW.deleted_at IS NULL, 1)) v(unit_id, live, n)
    JOIN project_year_plans y ON y.tenant_id = NEW.tenant_id AND y.project_id = NEW.id
    JOIN org_closure oc ON oc.tenant_id = NEW.tenant_id AND oc.descendant_id = v.unit_id
    WHERE v.live GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_sum_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_projects_set();
CREATE TRIGGER projects_sum_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_sum_projects_set();
CREATE TRIGGER projects_sum_update AFTER UPDATE ON projects FOR EACH ROW
  WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.total_investment IS DISTINCT FROM NEW.total_investment OR OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_sum_projects_update();

-- What is already there.
INSERT INTO project_month_sums (tenant_id, unit_id, period, invested)
SELECT r.tenant_id, oc.ancestor_id, r.period, sum(r.invested)
FROM project_reports r JOIN projects p ON p.tenant_id = r.tenant_id AND p.id = r.project_id AND p.deleted_at IS NULL
JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id GROUP BY 1, 2, 3;
INSERT INTO project_plan_sums (tenant_id, unit_id, year, planned)
SELECT y.tenant_id, oc.ancestor_id, y.year, sum(y.planned)
FROM project_year_plans y JOIN projects p ON p.tenant_id = y.tenant_id AND p.id = y.project_id AND p.deleted_at IS NULL
JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id GROUP BY 1, 2, 3;
INSERT INTO project_stage_sums (tenant_id, unit_id, stage, n, total)
SELECT p.tenant_id, oc.ancestor_id, p.stage, count(*), sum(p.total_investment)
FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
WHERE p.deleted_at IS NULL GROUP BY 1, 2, 3;
