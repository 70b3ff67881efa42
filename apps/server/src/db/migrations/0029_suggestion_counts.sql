-- Counters behind the suggestion statistics (GET /api/suggestions/stats): what each main unit
-- (NULL: not yet assigned) holds per session and kind — received, assigned, answered, answered on
-- time the first time, closed, rated and satisfied (满意 or 基本满意). A reader whose scope holds the
-- tenant's root sums these rows instead of reading every suggestion. Rows are deltas, appended by
-- the triggers below in the writer's transaction, folded hourly and rebuilt nightly with the task
-- counters (supervision/counters.ts); bulk writers set luoshi.counters = 'off' and recount.
CREATE TABLE suggestion_counts (
  tenant_id uuid NOT NULL,
  main_unit_id uuid,
  session text NOT NULL,
  kind text NOT NULL,
  received integer NOT NULL,
  assigned integer NOT NULL,
  answered integer NOT NULL,
  on_time integer NOT NULL,
  closed integer NOT NULL,
  rated integer NOT NULL,
  satisfied integer NOT NULL
);
CREATE INDEX suggestion_counts_idx ON suggestion_counts (tenant_id, session, kind);

-- Inserts and deletes a statement at a time (an import is one statement); inserts add, deletes subtract.
CREATE FUNCTION luoshi_count_suggestions_set() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO suggestion_counts (tenant_id, main_unit_id, session, kind, received, assigned, answered, on_time, closed, rated, satisfied)
  SELECT r.tenant_id, r.main_unit_id, r.session, r.kind, s * count(*),
         s * count(*) FILTER (WHERE r.status <> 'new'),
         s * count(*) FILTER (WHERE r.status IN ('answered', 'closed')),
         s * count(*) FILTER (WHERE r.first_on_time),
         s * count(*) FILTER (WHERE r.status = 'closed'),
         s * count(*) FILTER (WHERE r.rating IS NOT NULL),
         s * count(*) FILTER (WHERE r.rating IN ('satisfied', 'basic'))
  FROM changed_rows r WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END $$;

-- One row at a time for updates, only when a counted column changed (see the WHEN below).
CREATE FUNCTION luoshi_count_suggestions_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.counters', true) = 'off' THEN RETURN NULL; END IF;
  INSERT INTO suggestion_counts (tenant_id, main_unit_id, session, kind, received, assigned, answered, on_time, closed, rated, satisfied)
  SELECT v.tenant_id, v.main_unit_id, v.session, v.kind, sum(v.n),
         coalesce(sum(v.n) FILTER (WHERE v.status <> 'new'), 0),
         coalesce(sum(v.n) FILTER (WHERE v.status IN ('answered', 'closed')), 0),
         coalesce(sum(v.n) FILTER (WHERE v.first_on_time), 0),
         coalesce(sum(v.n) FILTER (WHERE v.status = 'closed'), 0),
         coalesce(sum(v.n) FILTER (WHERE v.rating IS NOT NULL), 0),
         coalesce(sum(v.n) FILTER (WHERE v.rating IN ('satisfied', 'basic')), 0)
  FROM (VALUES
    (OLD.tenant_id, OLD.main_unit_id, OLD.session, OLD.kind, OLD.status, OLD.first_on_time, OLD.rating, OLD.deleted_at IS NULL, -1),
    (NEW.tenant_id, NEW.main_unit_id, NEW.session, NEW.kind, NEW.status, NEW.first_on_time, NEW.rating, NEW.deleted_at IS NULL, 1)
  ) v(tenant_id, main_unit_id, session, kind, status, first_on_time, rating, live, n)
  WHERE v.live GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END $$;

CREATE TRIGGER suggestions_count_insert AFTER INSERT ON suggestions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_suggestions_set();
CREATE TRIGGER suggestions_count_delete AFTER DELETE ON suggestions REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION luoshi_count_suggestions_set();
CREATE TRIGGER suggestions_count_update AFTER UPDATE ON suggestions FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.first_on_time IS DISTINCT FROM NEW.first_on_time OR OLD.rating IS DISTINCT FROM NEW.rating
        OR OLD.main_unit_id IS DISTINCT FROM NEW.main_unit_id OR OLD.session IS DISTINCT FROM NEW.session OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION luoshi_count_suggestions_update();

-- The suggestions already there.
INSERT INTO suggestion_counts (tenant_id, main_unit_id, session, kind, received, assigned, answered, on_time, closed, rated, satisfied)
SELECT tenant_id, main_unit_id, session, kind, count(*),
       count(*) FILTER (WHERE status <> 'new'),
       count(*) FILTER (WHERE status IN ('answered', 'closed')),
       count(*) FILTER (WHERE first_on_time),
       count(*) FILTER (WHERE status = 'closed'),
       count(*) FILTER (WHERE rating IS NOT NULL),
       count(*) FILTER (WHERE rating IN ('satisfied', 'basic'))
FROM suggestions WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
