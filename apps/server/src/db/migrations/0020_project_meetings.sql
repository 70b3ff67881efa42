-- Meetings (issue 11, item 4; built for 会办 now): a meeting held on a date at a place under a
-- host leader with its attendees, organised by a supervising unit (scope follows it). `kind` lets
-- issue 12's 点评, 观摩 and 述职 reuse the tables later; only 'coordination' (会办) exists now.
CREATE TABLE meetings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('coordination')),
  title text NOT NULL,
  held_on date NOT NULL,
  place text NOT NULL DEFAULT '',
  -- the leader who chairs it, as named in the notice (often not a user of the system)
  host_name text NOT NULL,
  attendees text NOT NULL DEFAULT '',
  organizer_unit_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, organizer_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX meetings_held_idx ON meetings (tenant_id, held_on DESC);

-- The agenda: one item per matter discussed, with its minutes. A 会办 item is a project problem
-- needing coordination (problem_id); other kinds may carry a subject of their own.
CREATE TABLE meeting_items (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL,
  position integer NOT NULL,
  problem_id uuid,
  subject text NOT NULL,
  minutes text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, meeting_id, position),
  FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, problem_id) REFERENCES project_problems (tenant_id, id)
);
CREATE INDEX meeting_items_problem_idx ON meeting_items (tenant_id, problem_id) WHERE problem_id IS NOT NULL;

-- A decision taken on an item; it becomes a task (the supervision core follows it up).
CREATE TABLE meeting_decisions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  content text NOT NULL,
  task_id uuid NOT NULL,
  decided_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, item_id) REFERENCES meeting_items (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX meeting_decisions_item_idx ON meeting_decisions (tenant_id, item_id, created_at);
