-- Deputies' proposals and suggestions (issue 13, item 3): 议案、建议、提案 and 群众意见, each with its
-- proposers, assigned to a main unit (主办) and assisting units (协办) as one task of module
-- 'suggestion' run by the supervision core. These tables hold only what is the suggestion's own:
-- its text, its proposers and one row per round of handling (answer, category, rating).
-- status: new (registered) → handling (assigned) → answered (awaiting the proposer's rating)
-- → closed (rated 满意 or 基本满意); 不满意 sends it back to handling in a new round.

CREATE TABLE suggestions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('motion', 'suggestion', 'proposal', 'opinion')),
  number text NOT NULL,
  session text NOT NULL,
  title text NOT NULL,
  content text NOT NULL DEFAULT '',
  proposer_user_ids uuid[] NOT NULL DEFAULT '{}',
  proposer_names text[] NOT NULL DEFAULT '{}',
  office_unit_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handling', 'answered', 'closed')),
  main_unit_id uuid,
  co_unit_ids uuid[] NOT NULL DEFAULT '{}',
  task_id uuid,
  assigned_at timestamptz,
  deadline date,
  round integer NOT NULL DEFAULT 0,
  category text,
  answered_at timestamptz,
  first_on_time boolean,
  rating text CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
  public_agreed boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  search_key text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX suggestions_number_idx ON suggestions (tenant_id, session, kind, number) WHERE deleted_at IS NULL;
CREATE INDEX suggestions_created_idx ON suggestions (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX suggestions_unit_idx ON suggestions (tenant_id, main_unit_id, session) WHERE deleted_at IS NULL;
CREATE INDEX suggestions_session_idx ON suggestions (tenant_id, session) WHERE deleted_at IS NULL;
CREATE INDEX suggestions_proposer_idx ON suggestions USING gin (proposer_user_ids);
CREATE INDEX suggestions_task_idx ON suggestions (tenant_id, task_id) WHERE task_id IS NOT NULL;

-- One round of handling: its deadline, the main unit's answer with its category, the rating.
CREATE TABLE suggestion_rounds (
  tenant_id uuid NOT NULL,
  suggestion_id uuid NOT NULL,
  round integer NOT NULL,
  deadline date NOT NULL,
  started_at timestamptz NOT NULL,
  answer text,
  category text,
  answered_at timestamptz,
  answered_by uuid,
  on_time boolean,
  rating text CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
  rating_means text,
  rating_note text NOT NULL DEFAULT '',
  rated_by uuid,
  rated_at timestamptz,
  PRIMARY KEY (tenant_id, suggestion_id, round),
  FOREIGN KEY (tenant_id, suggestion_id) REFERENCES suggestions (tenant_id, id)
);
