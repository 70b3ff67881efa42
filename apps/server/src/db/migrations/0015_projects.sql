-- Key projects (issue 11, items 1–4): the project register with its stage milestones and yearly
-- investment plan, monthly reports entered once, and problems needing coordination. A problem
-- handed to units becomes a task with module 'coordination' (the supervision core runs it);
-- project_problems keeps only the link. Scope follows the project's lead unit. Amounts in 万元.
CREATE TABLE projects (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('industry', 'infrastructure', 'livelihood', 'ecology', 'other')),
  industry text,
  level text NOT NULL CHECK (level IN ('province', 'city', 'district')),
  address text,
  longitude numeric(9, 6),
  latitude numeric(8, 6),
  owner_company text,
  total_investment numeric(14, 2) NOT NULL CHECK (total_investment >= 0),
  lead_unit_id uuid NOT NULL,
  -- 包抓领导: a name as written in the city's list (often not a user of the system)
  leader_name text,
  stage text NOT NULL DEFAULT 'planning' CHECK (stage IN ('planning', 'signed', 'started', 'building', 'completed', 'producing')),
  -- the year the project entered the list: the year-by-year check counts from it
  start_year integer NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  light text NOT NULL DEFAULT 'green' CHECK (light IN ('green', 'yellow', 'red')),
  light_reason text,
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lead_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE UNIQUE INDEX projects_code_idx ON projects (tenant_id, code) WHERE deleted_at IS NULL;
CREATE INDEX projects_unit_idx ON projects (tenant_id, lead_unit_id) WHERE deleted_at IS NULL;
CREATE INDEX projects_created_idx ON projects (tenant_id, created_at DESC) WHERE deleted_at IS NULL;

-- One row per stage the project has a plan or a date for.
CREATE TABLE project_milestones (
  tenant_id uuid NOT NULL,
  project_id uuid NOT NULL,
  stage text NOT NULL CHECK (stage IN ('signed', 'started', 'building', 'completed', 'producing')),
  planned_date date,
  actual_date date,
  PRIMARY KEY (tenant_id, project_id, stage),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

-- Planned investment per year (万元).
CREATE TABLE project_year_plans (
  tenant_id uuid NOT NULL,
  project_id uuid NOT NULL,
  year integer NOT NULL,
  planned numeric(14, 2) NOT NULL CHECK (planned >= 0),
  PRIMARY KEY (tenant_id, project_id, year),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

-- The monthly report, entered once per project and month; `late` when filed after its due day.
CREATE TABLE project_reports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  invested numeric(14, 2) NOT NULL CHECK (invested >= 0),
  -- cumulative since the project began, as of this month (computed when filed)
  cumulative numeric(16, 2) NOT NULL,
  progress text NOT NULL,
  next_plan text NOT NULL DEFAULT '',
  late boolean NOT NULL DEFAULT false,
  reported_by uuid,
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, project_id, period),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

-- A problem needing coordination, raised in a monthly report; task_id once handed to units.
CREATE TABLE project_problems (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  report_id uuid,
  description text NOT NULL,
  task_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, report_id) REFERENCES project_reports (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX project_problems_project_idx ON project_problems (tenant_id, project_id, created_at);

-- Investment attraction (issue 11, item 5): leads from first talks to production, each with its log
-- of visits and talks, the responsible unit's yearly quotas, and the project a signed lead became
-- (project_id: the lead and its log stay, the project links back to them).
CREATE TABLE investment_leads (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  company text NOT NULL,
  industry text,
  intended_investment numeric(14, 2) NOT NULL DEFAULT 0 CHECK (intended_investment >= 0),
  source text,
  stage text NOT NULL DEFAULT 'talking' CHECK (stage IN ('talking', 'signed', 'landed', 'started', 'producing')),
  unit_id uuid NOT NULL,
  person text,
  next_step text,
  signed_on date,
  signed_amount numeric(14, 2) CHECK (signed_amount >= 0),
  funds_in_place numeric(14, 2) NOT NULL DEFAULT 0 CHECK (funds_in_place >= 0),
  project_id uuid,
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);
CREATE INDEX investment_leads_unit_idx ON investment_leads (tenant_id, unit_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX investment_leads_project_idx ON investment_leads (tenant_id, project_id) WHERE project_id IS NOT NULL;

CREATE TABLE lead_visits (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL,
  visited_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('visit', 'talk', 'call', 'other')),
  summary text NOT NULL,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lead_id) REFERENCES investment_leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_visits_lead_idx ON lead_visits (tenant_id, lead_id, visited_on DESC);

-- A unit's quotas for a year: signed projects, signed amount and funds in place (万元).
CREATE TABLE attraction_quotas (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  year integer NOT NULL,
  signed_projects integer NOT NULL DEFAULT 0 CHECK (signed_projects >= 0),
  signed_amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (signed_amount >= 0),
  funds_in_place numeric(14, 2) NOT NULL DEFAULT 0 CHECK (funds_in_place >= 0),
  PRIMARY KEY (tenant_id, unit_id, year),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
);
