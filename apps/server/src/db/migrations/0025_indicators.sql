-- Indicators and benchmarking (issue 13, items 1–2): indicator definitions, their values per
-- organisation unit and period, yearly targets (possibly taken from a directive's parsed target),
-- peer entities (other cities or districts) and their values with the source of each figure.
-- Periods are written as the frequency names them: '2026' (year), '2026-Q3' (quarter), '2026-09' (month).
CREATE TABLE indicators (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  -- unit of measure (亿元, %, 万元/亩, 微克/立方米 …)
  measure text NOT NULL DEFAULT '',
  direction text NOT NULL CHECK (direction IN ('higher', 'lower')),
  frequency text NOT NULL CHECK (frequency IN ('month', 'quarter', 'year')),
  -- true when a year's values add up through the year (1–n月累计): the target is then checked against the time elapsed
  cumulative boolean NOT NULL DEFAULT false,
  -- derived from other indicators, by their codes in braces: {GDP} / {POP}
  formula text,
  -- the unit that reports it
  unit_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE UNIQUE INDEX indicators_code_idx ON indicators (tenant_id, code) WHERE deleted_at IS NULL;

CREATE TABLE indicator_values (
  tenant_id uuid NOT NULL,
  indicator_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  value double precision NOT NULL,
  note text,
  entered_by uuid,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, indicator_id, org_unit_id, period),
  FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX indicator_values_unit_idx ON indicator_values (tenant_id, org_unit_id, indicator_id, period);

CREATE TABLE indicator_targets (
  tenant_id uuid NOT NULL,
  indicator_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  target double precision NOT NULL,
  -- the directive's parsed target it was taken from, if any
  directive_target_id uuid,
  set_by uuid,
  set_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, indicator_id, org_unit_id, year),
  FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
);

CREATE TABLE peers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('city', 'district', 'other')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX peers_name_idx ON peers (tenant_id, name) WHERE deleted_at IS NULL;

CREATE TABLE peer_values (
  tenant_id uuid NOT NULL,
  peer_id uuid NOT NULL,
  indicator_id uuid NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
  value double precision NOT NULL,
  -- where the figure comes from (统计公报, 统计年鉴, 政府工作报告 …)
  source text NOT NULL,
  entered_by uuid,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, indicator_id, peer_id, period),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES peers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, indicator_id) REFERENCES indicators (tenant_id, id) ON DELETE CASCADE
);
