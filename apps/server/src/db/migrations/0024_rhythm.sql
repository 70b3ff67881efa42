-- The rhythm of the work (issue 12): cadence rules (一月一通报、两月一会办 …), the occurrences
-- they create with due dates and what took place, and the bulletins (通报) generated from live data.

-- A cadence rule: every period (the parser's period words), an action due a number of days or
-- working days after each period ends, over an organisation subtree and the modules concerned,
-- owned by a unit (whose supervisors run it) and a person (who is reminded).
CREATE TABLE cadence_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  period text NOT NULL CHECK (period IN ('week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year')),
  anchor text NOT NULL DEFAULT 'workday' CHECK (anchor IN ('day', 'workday')),
  anchor_days integer NOT NULL CHECK (anchor_days BETWEEN 1 AND 60),
  action text NOT NULL CHECK (action IN ('bulletin', 'coordination', 'review', 'site_visit', 'duty_report', 'custom')),
  -- the custom action's own word (调度, 推进 …); empty for the named actions
  action_label text NOT NULL DEFAULT '',
  scope_unit_id uuid NOT NULL,
  modules text[] NOT NULL DEFAULT '{}',
  owner_unit_id uuid NOT NULL,
  owner_user_id uuid,
  remind_workdays integer NOT NULL DEFAULT 3 CHECK (remind_workdays BETWEEN 0 AND 30),
  -- the first period the rule runs for is the one holding this date
  starts_on date NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- one of the default five rhythms (so adding the defaults twice adds nothing)
  preset text,
  source_cadence_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, scope_unit_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_unit_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, source_cadence_id) REFERENCES directive_cadences (tenant_id, id)
);
CREATE UNIQUE INDEX cadence_rules_preset_idx ON cadence_rules (tenant_id, owner_unit_id, preset) WHERE preset IS NOT NULL;
CREATE INDEX cadence_rules_owner_idx ON cadence_rules (tenant_id, owner_unit_id);

-- One occurrence per rule and period: due date, status, the material prepared and what took place.
CREATE TABLE cadence_occurrences (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  rule_id uuid NOT NULL,
  period_key text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'prepared', 'done', 'skipped')),
  material jsonb,
  held_on date,
  record text NOT NULL DEFAULT '',
  bulletin_id uuid,
  recorded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, rule_id, period_key),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES cadence_rules (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX cadence_occurrences_due_idx ON cadence_occurrences (tenant_id, due_on) WHERE status IN ('planned', 'prepared');

-- A bulletin (通报) of a period over an organisation subtree. `figures` are the live data as last
-- generated; `body` the editable text. Publishing locks both: the Word file is written from them
-- alone, so a published bulletin is reproduced exactly whatever changes afterwards.
CREATE TABLE bulletins (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  period text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  scope_unit_id uuid NOT NULL,
  title text NOT NULL,
  doc_number text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  figures jsonb NOT NULL,
  body jsonb NOT NULL,
  generated_at timestamptz NOT NULL,
  occurrence_id uuid,
  published_at timestamptz,
  published_by uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, scope_unit_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, occurrence_id) REFERENCES cadence_occurrences (tenant_id, id) ON DELETE SET NULL
);
CREATE INDEX bulletins_period_idx ON bulletins (tenant_id, period DESC, created_at DESC);
