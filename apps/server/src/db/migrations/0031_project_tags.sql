-- The tag dictionary of key projects (issue 11, item 1): groups (e.g. a city's "6+2+X" — 「6」主导产业,
-- 「2」新兴产业, 「X」未来产业), each holding tags, kept per tenant by the supervision office. Projects
-- keep carrying their tags by name (projects.tags); a tag's name is unique in the tenant, and renaming
-- it renames it on the projects that carry it. A tenant without any tag keeps free-text tags.
CREATE TABLE project_tag_groups (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX project_tag_groups_name_idx ON project_tag_groups (tenant_id, name);

CREATE TABLE project_tags (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL,
  name text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  -- a disabled tag stays on the projects that carry it but is no longer offered
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES project_tag_groups (tenant_id, id)
);
CREATE UNIQUE INDEX project_tags_name_idx ON project_tags (tenant_id, name);
CREATE INDEX project_tags_group_idx ON project_tags (tenant_id, group_id, sort_order);
CREATE INDEX projects_tags_idx ON projects USING gin (tags);

-- A notice may link to a page other than a task's (issue 11, item 2: a project's monthly report
-- reminder opens the project): a path inside the web app, e.g. /projects/<id>.
ALTER TABLE notifications ADD COLUMN link text;
