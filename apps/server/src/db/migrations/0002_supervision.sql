-- Supervision core: tasks and their decomposition, timeline, progress reports, attachments,
-- supervision orders, extension requests, leaders' instructions, notifications, saved filters,
-- dictionaries and the job queue. Other modules (rectification, suggestions, coordination
-- decisions) reuse tasks through the `module` column.

CREATE TABLE dict_items (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  dict text NOT NULL,
  code text NOT NULL,
  label text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, dict, code)
);

CREATE TABLE tasks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  module text NOT NULL DEFAULT 'task',
  parent_id uuid,
  root_id uuid NOT NULL,
  depth integer NOT NULL DEFAULT 0,
  -- lead: accountable for this node (an assignment or a decomposed part); co: a co-unit's own part
  unit_role text NOT NULL DEFAULT 'lead' CHECK (unit_role IN ('lead', 'co')),
  weight numeric(9, 3) NOT NULL DEFAULT 1 CHECK (weight > 0),
  title text NOT NULL,
  content text NOT NULL DEFAULT '',
  category text,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high', 'urgent')),
  tags text[] NOT NULL DEFAULT '{}',
  source_directive_id uuid,
  source_clause text,
  source_offset integer,
  owner_unit_id uuid NOT NULL,
  issuer_unit_id uuid NOT NULL,
  issuer_user_id uuid,
  responsible_leader_ids uuid[] NOT NULL DEFAULT '{}',
  start_date date,
  deadline date,
  report_cycle text NOT NULL DEFAULT 'none' CHECK (report_cycle IN ('none', 'weekly', 'biweekly', 'monthly', 'quarterly')),
  report_due_day integer NOT NULL DEFAULT 0,
  ack_deadline date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'assigned', 'acknowledged', 'in_progress', 'completion_requested', 'completed', 'returned', 'cancelled')),
  percent numeric(5, 2) NOT NULL DEFAULT 0,
  own_percent numeric(5, 2) NOT NULL DEFAULT 0,
  light text NOT NULL DEFAULT 'none' CHECK (light IN ('green', 'yellow', 'red', 'none')),
  light_reason text NOT NULL DEFAULT '',
  light_computed_at timestamptz,
  last_report_at timestamptz,
  -- the latest period with a submitted report, kept with the task so lights need no aggregate
  last_report_period text,
  acknowledged_at timestamptz,
  completed_at timestamptz,
  search_key text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES tasks (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_unit_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, issuer_unit_id) REFERENCES org_units (tenant_id, id)
);
-- Covering: every dashboard figure and list total over a subtree reads this index only.
CREATE INDEX tasks_owner_idx ON tasks (tenant_id, owner_unit_id, status) INCLUDE (light, deadline, parent_id, category, percent, created_at, completed_at) WHERE deleted_at IS NULL;
CREATE INDEX tasks_parent_idx ON tasks (tenant_id, parent_id);
CREATE INDEX tasks_root_idx ON tasks (tenant_id, root_id);
CREATE INDEX tasks_deadline_idx ON tasks (tenant_id, deadline) WHERE deleted_at IS NULL;
CREATE INDEX tasks_light_idx ON tasks (tenant_id, light, owner_unit_id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_created_idx ON tasks (tenant_id, created_at DESC);

CREATE TABLE task_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  kind text NOT NULL,
  from_status text,
  to_status text,
  comment text,
  data jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX task_events_task_idx ON task_events (tenant_id, task_id, at);

CREATE TABLE progress_reports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  period text NOT NULL,
  done text NOT NULL,
  percent numeric(5, 2) NOT NULL CHECK (percent >= 0 AND percent <= 100),
  difficulties text NOT NULL DEFAULT '',
  next_steps text NOT NULL DEFAULT '',
  late boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'returned')),
  review_comment text,
  reviewed_by uuid,
  reviewed_at timestamptz,
  reported_by uuid NOT NULL,
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX progress_reports_task_idx ON progress_reports (tenant_id, task_id, reported_at DESC);
CREATE INDEX progress_reports_unit_idx ON progress_reports (tenant_id, org_unit_id, reported_at DESC);

CREATE TABLE attachments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  owner_type text NOT NULL,
  owner_id uuid NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  uploaded_by uuid NOT NULL,
  uploaded_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX attachments_owner_idx ON attachments (tenant_id, owner_type, owner_id);

CREATE TABLE supervision_orders (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  number text NOT NULL,
  level text NOT NULL CHECK (level IN ('blue', 'yellow', 'red')),
  matter text NOT NULL,
  requirements text NOT NULL DEFAULT '',
  reply_deadline date NOT NULL,
  recipient_unit_id uuid NOT NULL,
  recipient_leader_ids uuid[] NOT NULL DEFAULT '{}',
  issuing_office text NOT NULL,
  issued_by uuid NOT NULL,
  issued_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replied', 'closed')),
  reply text,
  replied_by uuid,
  replied_at timestamptz,
  closed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX supervision_orders_task_idx ON supervision_orders (tenant_id, task_id, status);

CREATE TABLE extension_requests (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  current_deadline date,
  requested_deadline date NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL,
  decided_by uuid,
  decided_at timestamptz,
  decision_comment text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX extension_requests_task_idx ON extension_requests (tenant_id, task_id, status);

CREATE TABLE instructions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  leader_id uuid NOT NULL,
  content text NOT NULL,
  created_at timestamptz NOT NULL,
  answer text,
  answered_by uuid,
  answered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
CREATE INDEX instructions_task_idx ON instructions (tenant_id, task_id);

-- In-app notifications; dedupe_key makes every automatic reminder happen at most once per user.
CREATE TABLE notifications (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  task_id uuid,
  dedupe_key text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, dedupe_key)
);
CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, created_at DESC);

CREATE TABLE notification_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  detail text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE saved_filters (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  scope text NOT NULL,
  name text NOT NULL,
  filter jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- A queue on a table: workers claim with FOR UPDATE SKIP LOCKED; dedupe_key keeps one job per key.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  tenant_id uuid,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  dedupe_key text UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3,
  locked_at timestamptz,
  locked_by text,
  progress jsonb,
  result jsonb,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_claim_idx ON jobs (status, run_at);
