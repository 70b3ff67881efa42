-- The task detail (GET /api/tasks/:id) reads a task with everything hung on it — its units'
-- paths and names, timeline, parts, newest reports with their files, orders, extensions,
-- instructions, ancestors, attachments and the names of its leaders — in one statement of eleven
-- subqueries. Its execution takes under a millisecond, but planning it took 2–5 ms on every read,
-- more than the rest of the request together. A PL/pgSQL function keeps the plan of the statement
-- it runs for the life of the connection: planned once (a generic plan: every lookup below is by
-- key, so no parameter value changes the best plan), then only executed. The caller reads the task
-- row itself and joins this function laterally (supervision/task.service.ts, detail()).
--
-- A change to what the detail shows is a new migration replacing this function.
CREATE FUNCTION luoshi_task_detail(
  p_tenant uuid, p_id uuid, p_parent uuid, p_owner uuid, p_issuer uuid, p_leaders uuid[],
  p_reports integer, p_cap integer
) RETURNS TABLE (
  owner_path text[], issuer_path text[], owner_unit_name text, issuer_unit_name text,
  reports_total integer, events json, children json, reports json, orders json, extensions json,
  instructions json, ancestors json, attachments json, people json
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY SELECT
    ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = p_tenant AND oc.descendant_id = p_owner),
    ARRAY(SELECT oc.ancestor_id::text FROM org_closure oc WHERE oc.tenant_id = p_tenant AND oc.descendant_id = p_issuer),
    (SELECT o.name FROM org_units o WHERE o.tenant_id = p_tenant AND o.id = p_owner),
    (SELECT o.name FROM org_units o WHERE o.tenant_id = p_tenant AND o.id = p_issuer),
    (SELECT count(*) FROM (SELECT 1 FROM progress_reports r WHERE r.tenant_id = p_tenant AND r.task_id = p_id LIMIT p_cap + 1) n)::integer,
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT e.* FROM task_events e WHERE e.tenant_id = p_tenant AND e.task_id = p_id ORDER BY e.at) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT c.*, o.name AS owner_unit_name FROM tasks c JOIN org_units o ON o.tenant_id = c.tenant_id AND o.id = c.owner_unit_id
      WHERE c.tenant_id = p_tenant AND c.parent_id = p_id AND c.deleted_at IS NULL ORDER BY c.unit_role, c.created_at) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT r.*, coalesce((SELECT u.display_name FROM users u WHERE u.tenant_id = r.tenant_id AND u.id = r.reported_by), '') AS reported_by_name,
        (SELECT coalesce(json_agg(y), '[]'::json) FROM (
          SELECT a.id, a.owner_type, a.owner_id, a.file_name, a.content_type, a.size_bytes FROM attachments a
          WHERE a.tenant_id = r.tenant_id AND a.owner_type = 'progressReport' AND a.owner_id = r.id AND a.deleted_at IS NULL
          ORDER BY a.uploaded_at) y) AS attachments
      FROM progress_reports r
      WHERE r.tenant_id = p_tenant AND r.task_id = p_id ORDER BY r.reported_at DESC, r.id DESC LIMIT p_reports) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT o.* FROM supervision_orders o WHERE o.tenant_id = p_tenant AND o.task_id = p_id ORDER BY o.issued_at DESC) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT r.* FROM extension_requests r WHERE r.tenant_id = p_tenant AND r.task_id = p_id ORDER BY r.requested_at DESC) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT i.* FROM instructions i WHERE i.tenant_id = p_tenant AND i.task_id = p_id ORDER BY i.created_at DESC) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      WITH RECURSIVE a AS (
        SELECT p.id, p.parent_id, p.title, 0 AS n FROM tasks p WHERE p.tenant_id = p_tenant AND p.id = p_parent
        UNION ALL SELECT p.id, p.parent_id, p.title, a.n + 1 FROM tasks p JOIN a ON p.id = a.parent_id WHERE p.tenant_id = p_tenant)
      SELECT a.id, a.title FROM a ORDER BY a.n DESC) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT a.id, a.owner_type, a.owner_id, a.file_name, a.content_type, a.size_bytes FROM attachments a
      WHERE a.tenant_id = p_tenant AND a.owner_type = 'task' AND a.owner_id = p_id AND a.deleted_at IS NULL ORDER BY a.uploaded_at) x),
    (SELECT coalesce(json_agg(x), '[]'::json) FROM (
      SELECT u.id, u.display_name FROM users u WHERE u.tenant_id = p_tenant
        AND u.id = ANY(p_leaders || ARRAY(SELECT i.leader_id FROM instructions i WHERE i.tenant_id = p_tenant AND i.task_id = p_id))) x);
END
$$;
