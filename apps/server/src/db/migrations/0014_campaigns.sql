-- Campaigns and rectification (issue 10): a 大讨论 / 主题教育 / 专项整治 with its stages, participating
-- units, leaders' contact points (联系点) and topics; activities and the opinions gathered in them;
-- problems with their rectification plan. The rectification itself is a task (module
-- 'rectification') run by the supervision core; these tables hold only what is the campaign's own.

CREATE TABLE campaigns (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('discussion', 'theme_education', 'special_rectification', 'other')),
  start_date date NOT NULL,
  end_date date NOT NULL,
  plan_directive_id uuid,
  organizer_unit_id uuid NOT NULL,
  topics text[] NOT NULL DEFAULT '{}',
  public_enabled boolean NOT NULL DEFAULT false,
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX campaigns_created_idx ON campaigns (tenant_id, created_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE campaign_stages (
  tenant_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  seq integer NOT NULL,
  name text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id, seq),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);

-- Every participating unit, a chosen subtree written out unit by unit, so "does this campaign
-- reach my scope" is one indexed semi-join.
CREATE TABLE campaign_units (
  tenant_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id, unit_id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);
CREATE INDEX campaign_units_unit_idx ON campaign_units (tenant_id, unit_id);

CREATE TABLE campaign_contact_points (
  tenant_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  leader_user_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, campaign_id, leader_user_id, unit_id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);

CREATE TABLE campaign_activities (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('symposium', 'research', 'seminar', 'study', 'inspection', 'observation')),
  title text NOT NULL,
  held_on date NOT NULL,
  place text NOT NULL DEFAULT '',
  host_leader_id uuid,
  attendees text NOT NULL DEFAULT '',
  attendee_unit_ids uuid[] NOT NULL DEFAULT '{}',
  agenda text NOT NULL DEFAULT '',
  minutes text NOT NULL DEFAULT '',
  outcomes text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);
CREATE INDEX campaign_activities_campaign_idx ON campaign_activities (tenant_id, campaign_id, held_on DESC) WHERE deleted_at IS NULL;

-- 意见建议: open until turned into a task, into a problem, or answered and closed.
CREATE TABLE campaign_opinions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL,
  activity_id uuid NOT NULL,
  content text NOT NULL,
  topic text,
  raised_by_user_id uuid,
  raised_by_name text NOT NULL DEFAULT '',
  raised_by_unit_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'task', 'problem', 'answered')),
  answer text,
  task_id uuid,
  problem_id uuid,
  handled_by uuid,
  handled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, activity_id) REFERENCES campaign_activities (tenant_id, id)
);
CREATE INDEX campaign_opinions_activity_idx ON campaign_opinions (tenant_id, activity_id, created_at);
CREATE INDEX campaign_opinions_raiser_idx ON campaign_opinions (tenant_id, raised_by_user_id) WHERE raised_by_user_id IS NOT NULL;

-- 查摆问题 and its rectification plan. status: found (no plan yet) → rectifying (task assigned)
-- → review (close-out requested) → closed (销号) or returned (sent back) → review …; a closed
-- problem that recurs is reopened with a new rectification task.
CREATE TABLE campaign_problems (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL,
  opinion_id uuid,
  source text NOT NULL CHECK (source IN ('self', 'superior', 'inspection', 'public', 'hazard', 'tour')),
  topic text,
  unit_id uuid NOT NULL,
  description text NOT NULL,
  severity text NOT NULL DEFAULT 'normal' CHECK (severity IN ('normal', 'serious', 'major')),
  found_on date NOT NULL,
  status text NOT NULL DEFAULT 'found' CHECK (status IN ('found', 'rectifying', 'review', 'returned', 'closed')),
  measures text NOT NULL DEFAULT '',
  owner_user_id uuid,
  leader_user_id uuid,
  deadline date,
  milestones jsonb NOT NULL DEFAULT '[]',
  task_id uuid,
  close_note text,
  close_requested_by uuid,
  close_requested_at timestamptz,
  verified_by uuid,
  verified_at timestamptz,
  return_reason text,
  reopen_count integer NOT NULL DEFAULT 0,
  published boolean NOT NULL DEFAULT false,
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)
);
CREATE INDEX campaign_problems_campaign_idx ON campaign_problems (tenant_id, campaign_id, unit_id, status) WHERE deleted_at IS NULL;
CREATE INDEX campaign_problems_unit_idx ON campaign_problems (tenant_id, unit_id) WHERE deleted_at IS NULL;
CREATE INDEX campaign_problems_task_idx ON campaign_problems (tenant_id, task_id) WHERE task_id IS NOT NULL;

-- What happened to a problem, in order: plan, close-out request, verification, send-back, reopen.
CREATE TABLE campaign_problem_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  problem_id uuid NOT NULL,
  kind text NOT NULL,
  comment text NOT NULL DEFAULT '',
  actor_user_id uuid,
  actor_name text NOT NULL DEFAULT '',
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, problem_id) REFERENCES campaign_problems (tenant_id, id)
);
CREATE INDEX campaign_problem_events_problem_idx ON campaign_problem_events (tenant_id, problem_id, at);
