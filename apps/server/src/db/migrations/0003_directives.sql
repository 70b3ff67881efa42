-- Directive intake: source documents (speeches, minutes, plans) parsed into a draft task
-- breakdown and published as tasks (tasks.source_directive_id / source_clause / source_offset).
-- Targets and cadences found in the text are kept per directive for later modules (indicators,
-- cadence rules).

CREATE TABLE directives (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- the issuing unit (the author's unit); scope checks use it
  unit_id uuid NOT NULL,
  title text NOT NULL,
  doc_date date,
  source text,
  kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('speech', 'minutes', 'plan', 'other')),
  script text NOT NULL CHECK (script IN ('simplified', 'traditional', 'mixed')),
  format text NOT NULL CHECK (format IN ('paste', 'text', 'html', 'docx', 'pdf')),
  original_name text,
  -- the cleaned text; every offset (parsed items, draft items, tasks.source_offset) refers to it
  body text NOT NULL,
  lost_characters integer[] NOT NULL DEFAULT '{}',
  parsed jsonb NOT NULL,
  draft jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  -- OpenCC-normalised title + source + head of the body: search across scripts
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by uuid,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
);
-- The library: newest first within a tenant, optionally by status; scope narrows by unit.
CREATE INDEX directives_created_idx ON directives (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX directives_status_idx ON directives (tenant_id, status, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX directives_unit_idx ON directives (tenant_id, unit_id, created_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE directive_targets (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  directive_id uuid NOT NULL,
  subject text,
  value double precision NOT NULL,
  unit text,
  comparator text NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
  text text NOT NULL,
  "offset" integer NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, directive_id) REFERENCES directives (tenant_id, id)
);
CREATE INDEX directive_targets_directive_idx ON directive_targets (tenant_id, directive_id, "offset");

CREATE TABLE directive_cadences (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  directive_id uuid NOT NULL,
  text text NOT NULL,
  period text NOT NULL,
  action text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, directive_id) REFERENCES directives (tenant_id, id)
);
CREATE INDEX directive_cadences_directive_idx ON directive_cadences (tenant_id, directive_id, sort_order);

-- Tasks published from a directive, for its detail page and the library's task counts.
CREATE INDEX tasks_source_directive_idx ON tasks (tenant_id, source_directive_id) WHERE source_directive_id IS NOT NULL;
