-- Where each unit's projects lie, for the project map when it has more projects than it can draw
-- apart (GET /api/projects/dashboard): for each unit, the live projects with coordinates led by it
-- or any unit below it — how many, the sums of their longitudes and latitudes (their mean position),
-- their total investment, and how many are lit red and yellow. The map then draws one mark per
-- district (or per unit below) from these rows instead of reading every project's coordinates.
-- Deltas like the other sums (migration 0033): appended by the triggers below, folded hourly,
-- rebuilt nightly (supervision/counters.ts).
CREATE TABLE project_place_sums (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  n integer NOT NULL,
  longitude numeric NOT NULL,
  latitude numeric NOT NULL,
  total numeric NOT NULL,
  red integer NOT NULL,
  yellow integer NOT NULL
);
CREATE INDEX project_place_sums_idx ON project_place_sums (tenant_id, unit_id) INCLUDE (n, longitude, latitude, total, red, yellow);

CREATE FUNCTION luoshi_place_projects_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_place_sums (tenant_id, unit_id, n, longitude, latitude, total, red, yellow)
  SELECT r.tenant_id, oc.ancestor_id, s * count(*), s * sum(r.longitude), s * sum(r.latitude), s * sum(r.total_investment),
         s * count(*) FILTER (WHERE r.light = 'red'), s * count(*) FILTER (WHERE r.light = 'yellow')
  FROM changed_rows r JOIN org_closure oc ON oc.tenant_id = r.tenant_id AND oc.descendant_id = r.lead_unit_id
  WHERE r.deleted_at IS NULL AND r.longitude IS NOT NULL AND r.latitude IS NOT NULL GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION luoshi_place_projects_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO project_place_sums (tenant_id, unit_id, n, longitude, latitude, total, red, yellow)
  SELECT v.tenant_id, oc.ancestor_id, sum(v.n), sum(v.n * v.longitude), sum(v.n * v.latitude), sum(v.n * v.total),
         coalesce(sum(v.n) FILTER (WHERE v.light = 'red'), 0), coalesce(sum(v.n) FILTER (WHERE v.light = 'yellow'), 0)
  FROM (VALUES (OLD.tenant_id, OLD.lead_unit_id, OLD.longitude, OLD.latitude, OLD.total_investment, OLD.light, OLD.deleted_at IS NULL, -1),
               (NEW.tenant_id, NEW.lead_unit_id, NEW.longitude, NEW.latitude, NEW.total_investment, NEW.light, NEW.deleted_at IS NULL, 1)) v(tenant_id, unit_id, longitude, latitude, total, light, live, n)
  JOIN org_closure oc ON oc.tenant_id = v.tenant_id AND oc.descendant_id = v.unit_id
  WHERE v.live AND v.longitude IS NOT NULL AND v.latitude IS NOT NULL GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_place_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_place_projects_set();
CREATE TRIGGER projects_place_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_place_projects_set();
CREATE TRIGGER projects_place_update AFTER UPDATE ON projects FOR EACH ROW
  WHEN (OLD.longitude IS DISTINCT FROM NEW.longitude OR OLD.latitude IS DISTINCT FROM NEW.latitude OR OLD.light IS DISTINCT FROM NEW.light
        OR OLD.total_investment IS DISTINCT FROM NEW.total_investment OR OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_place_projects_update();

INSERT INTO project_place_sums (tenant_id, unit_id, n, longitude, latitude, total, red, yellow)
SELECT p.tenant_id, oc.ancestor_id, count(*), sum(p.longitude), sum(p.latitude), sum(p.total_investment),
       count(*) FILTER (WHERE p.light = 'red'), count(*) FILTER (WHERE p.light = 'yellow')
FROM projects p JOIN org_closure oc ON oc.tenant_id = p.tenant_id AND oc.descendant_id = p.lead_unit_id
WHERE p.deleted_at IS NULL AND p.longitude IS NOT NULL AND p.latitude IS NOT NULL GROUP BY 1, 2;
