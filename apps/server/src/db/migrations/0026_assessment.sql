-- The comprehensive assessment (综合考核, issue 12 item 4): a scheme per year and owner unit
-- (dimensions, weighted items with their data source and formula, bonus and deduction items
-- with caps, unit groups), runs over a period with each unit's stored derivation, the manual
-- scores and adjustments entered for a run, and the units' objections with their answers.

-- A scheme (考核办法). `definition` is the whole scheme as one document (dimensions, items,
-- adjustments, groups, caps); a run keeps its own copy, so editing a scheme never changes a result.
CREATE TABLE assessment_schemes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name text NOT NULL,
  owner_unit_id uuid NOT NULL,
  objection_days integer NOT NULL DEFAULT 5 CHECK (objection_days BETWEEN 1 AND 30),
  definition jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX assessment_schemes_owner_idx ON assessment_schemes (tenant_id, owner_unit_id, year DESC);

-- A run: the scheme applied to a period ('2026-Q1' or '2026'). Draft until published; publishing
-- locks the results and opens the objection window until `objection_until` (inclusive).
CREATE TABLE assessment_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  scheme_id uuid NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
  period_start date NOT NULL,
  period_end date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  definition jsonb NOT NULL,
  computed_at timestamptz NOT NULL,
  published_at timestamptz,
  published_by uuid,
  objection_until date,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, scheme_id, period),
  FOREIGN KEY (tenant_id, scheme_id) REFERENCES assessment_schemes (tenant_id, id) ON DELETE CASCADE
);

-- Each unit's result: its group, total, rank in the group and the full derivation (every item's
-- raw data, formula, parameters, score, weight and weighted score; adjustments with caps applied).
CREATE TABLE assessment_results (
  tenant_id uuid NOT NULL,
  run_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  group_key text NOT NULL,
  total double precision NOT NULL,
  rank integer NOT NULL,
  derivation jsonb NOT NULL,
  PRIMARY KEY (tenant_id, run_id, unit_id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES assessment_runs (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX assessment_results_unit_idx ON assessment_results (tenant_id, unit_id);

-- What people enter for a run: a named reviewer's manual score of an item ('manual'), the
-- office's override of a manual item on an upheld objection ('override'), and bonus or deduction
-- points with their reason ('adjustment'; evidence files are attachments owned by the row).
CREATE TABLE assessment_inputs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('manual', 'override', 'adjustment')),
  item_key text NOT NULL,
  reviewer_id uuid,
  value double precision NOT NULL,
  note text NOT NULL DEFAULT '',
  objection_id uuid,
  entered_by uuid,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES assessment_runs (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX assessment_inputs_manual_idx ON assessment_inputs (tenant_id, run_id, unit_id, item_key, reviewer_id) WHERE kind = 'manual';
CREATE INDEX assessment_inputs_run_idx ON assessment_inputs (tenant_id, run_id, unit_id);

-- A unit's objection (异议) to its published result, and the assessment office's answer.
CREATE TABLE assessment_objections (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  reason text NOT NULL,
  filed_by uuid NOT NULL,
  filed_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
  answer text NOT NULL DEFAULT '',
  answered_by uuid,
  answered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES assessment_runs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX assessment_objections_run_idx ON assessment_objections (tenant_id, run_id, status);
